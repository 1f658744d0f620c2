"""What the bank promises trainers and learners (issues 10 and 18), checked on the real bank and its templates.

* Levels are honest: every question's level was judged blind by a rater who did not write it
  (quizzes/bank/ratings.csv), and no ``skill`` tag is above its rating.
* On those levels: at least 50 questions, and 30% of the bank, make the learner apply a rule or
  analyse several facts, at least one per learning objective; each carries a hint. Every objective
  has at least three questions.
* At most 15% of the bank is keyed on the deck's own labels (its themes and its mid-2021 stages).
* A generated question is filed under its own fact's objective (content/), not under one objective
  for a whole file; a fact a template asks about without an objective is a located error.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

import course
from course.content.model import Term
from course.problems import ProblemsFound
from quizzes import ratings
from quizzes.core.load import load_bank
from quizzes.core.model import SKILLS

from .corpus import CONTENT, REAL_BANK

APPLY_OR_ABOVE = SKILLS[SKILLS.index("apply"):]
FEWEST_HIGHER = 50  # questions at apply or analyse, after the blind rating
HIGHER_SHARE = 0.30
DECK_LABELS_SHARE = 0.15


@pytest.fixture(scope="module")
def rated():
    return ratings.load()


def test_every_question_is_rated_blind_and_no_tag_is_above_its_rating(bank, rated):
    ids = {q.id for q in bank.questions}
    assert sorted(ids - set(rated)) == [], "questions no rater has judged: rate them (python -m quizzes.ratings sheet)"
    assert sorted(set(rated) - ids) == [], "ratings of questions the bank no longer has"
    above = {q.id: (q.skill, rated[q.id].level) for q in bank.questions
             if SKILLS.index(q.skill) > SKILLS.index(rated[q.id].level)}
    assert above == {}, "question: (author's tag, rater's level): the lower level stands"
    assert all(r.rater and r.date for r in rated.values())


def test_the_rater_is_not_the_author(rated):
    raters = {r.rater for r in rated.values()}
    assert raters and not any("author" in r.lower() for r in raters), raters


def test_a_ratings_file_with_a_bad_level_is_a_located_error(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("id,author,rater_level,rater,date\nq-1,apply,evaluate,r,2026-12-08\n", encoding="utf-8")
    with pytest.raises(ratings.RatingsError, match=r"ratings.csv:2: q-1: rater_level 'evaluate' is not a level"):
        ratings.load(path)


def test_kappa_is_cohens():
    """Two raters, 10 items: agree on 7; chance agreement from their marginals 0.5: kappa 0.4."""
    pairs = [("recall", "recall")] * 4 + [("apply", "apply")] * 3 + [("recall", "apply")] * 2 + [("apply", "recall")]
    assert ratings.kappa(pairs) == pytest.approx((0.7 - 0.5) / 0.5)
    assert ratings.kappa([("apply", "apply")] * 3) == 1.0


def test_apply_or_analyse_on_honest_levels(bank):
    higher = [q for q in bank.questions if q.skill in APPLY_OR_ABOVE]
    assert len(higher) >= FEWEST_HIGHER, Counter(q.skill for q in bank.questions)
    assert len(higher) >= HIGHER_SHARE * len(bank.questions), (len(higher), len(bank.questions))
    assert [q.id for q in higher if not q.hint] == [], "apply and analyse questions carry a hint"


def test_every_objective_has_three_questions_one_at_apply_or_above(bank):
    short = {}
    for module in bank.content.course.modules:
        for objective in module.objectives:
            asked = [q for q in bank.questions if q.objective == objective.id]
            higher = [q for q in asked if q.skill in APPLY_OR_ABOVE]
            if len(asked) < 3 or not higher:
                short[objective.id] = (len(asked), len(higher))
    assert short == {}, "objective: (questions, at apply or above)"


def deck_labelled(bank, q) -> bool:
    """Keyed on one of the deck's labels: its answer is where the deck's grouping puts a topic (a theme)
    or where its mid-2021 picture puts one (a stage)."""
    c = bank.content
    ask = getattr(q, "ask", None) or getattr(q, "claim", None) or getattr(q, "match", None)
    owners = [getattr(ask, "grouping", None), getattr(ask, "snapshot", None)]
    theme, stage = getattr(ask, "theme", None), getattr(ask, "stage", None)
    if theme:
        owners.append(c.fact(theme).grouping)
    if stage:
        owners.append(c.stages[stage][0].id)
    return any(ref and c.fact(ref).evidence == "deck" for ref in owners)


def test_the_decks_labels_are_at_most_fifteen_percent(bank):
    keyed = [q.id for q in bank.questions if deck_labelled(bank, q)]
    assert len(keyed) <= DECK_LABELS_SHARE * len(bank.questions), (len(keyed), len(bank.questions), keyed)


def _asked_fact(q) -> str:
    """The fact a template's question is about: the one whose objective files it."""
    ask = q.ask
    return ask.grouping or ask.snapshot or ask.fact


def test_generated_questions_are_filed_under_their_facts_objective(bank):
    generated = [q for q in bank.questions if q.id.startswith("gen-")]
    assert generated
    wrong = {q.id: (q.objective, bank.content.fact(_asked_fact(q)).objective)
             for q in generated if q.objective != bank.content.fact(_asked_fact(q)).objective}
    assert wrong == {}
    # and not one objective per file: the templates of a module file reach several of its objectives
    per_module = Counter(q.module for q in generated)
    spread = {m: {q.objective for q in generated if q.module == m} for m in per_module}
    assert any(len(objectives) > 1 for objectives in spread.values()), spread


def _content_copy(tmp_path: Path, file: str, old: str, new: str, *, first: bool = False) -> Path:
    """A copy of content/ with ``old`` replaced in one file: the only occurrence, or ``first`` of several."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert text.count(old) >= 1 if first else text.count(old) == 1, f"content/{file} no longer holds {old!r}"
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_a_template_fact_without_objective_is_a_located_error(tmp_path):
    old = "    evidence: official\n    objective: neg-after\n    support:\n      meti-2021-12-14: We have achieved"
    folder = _content_copy(tmp_path, "04-negotiations.yml", old,
                           "    evidence: official\n    support:\n      meti-2021-12-14: We have achieved")
    content = course.load(folder)
    with pytest.raises(ProblemsFound) as info:
        load_bank(content=content)
    lines = [str(p) for p in info.value.problems]
    fact = "convergence-2021-12-articles"
    file, line = content.where[fact][0], content.line_of(fact)
    bank_lines = (REAL_BANK / "04-negotiations.yml").read_text(encoding="utf-8").splitlines()
    entry = next(n for n, text in enumerate(bank_lines, 1) if "template: count-value" in text)
    assert lines == [
        f"quizzes/bank/04-negotiations.yml:{entry}: gen-count-{fact}: template count-value: fact '{fact}' "
        f"({file}:{line}) has no objective: give it the learning objective its question serves"
    ]


def test_a_glossary_clue_that_names_its_term_is_a_located_error(tmp_path):
    """A clue is the quiz's own wording: one that names the term (or is too short to describe it) would
    answer itself or describe nothing, and is refused at the generate entry's line."""
    bank = tmp_path / "bank"
    shutil.copytree(REAL_BANK, bank)
    path = bank / "01-work-programme.yml"
    text = path.read_text(encoding="utf-8")
    old = "    clues:\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old + "      term-source-code: Source code\n"
                                      "      term-spam: Unsolicited spam messages sent to many people\n"),
                    encoding="utf-8")
    with pytest.raises(ProblemsFound) as info:
        load_bank(bank_dir=bank)
    entry = next(n for n, line in enumerate(text.splitlines(), 1) if "template: glossary-term" in line)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:{entry}: gen-term-source-code: template glossary-term: the clue for 'term-source-code' is a blank "
        "or fewer than 4 words: write a description a learner can recognise",
        f"{path}:{entry}: gen-term-spam: template glossary-term: the clue for 'term-spam' names the term ('spam'): "
        "it answers itself",
    ]


def test_glossary_questions_offer_terms_of_one_category_and_no_shared_sets(bank):
    """Every term of a category large enough is asked (with a stand-in clue): its options are four terms of
    its own category, no two questions offer the same four, and a smaller category makes no question."""
    from quizzes.core.generate import MOST_OPTIONS, run
    from quizzes.core.model import Generate

    c = bank.content
    terms = list(c.of_kind(Term))
    sizes = Counter(t.category for t in terms)
    clues = {t.id: f"a description of the {t.category} asked about here" for t in terms}
    made, problems = run(c, c.course.modules[0].id, Generate(template="glossary-term", clues=clues))
    assert problems == []
    by_term = {t.term: t for t in terms}
    asked = {q["ask"]["fact"] for q in made}
    assert asked == {t.id for t in terms if sizes[t.category] > MOST_OPTIONS}
    assert {t.category for t in terms if t.id not in asked} == {k for k, n in sizes.items() if n <= MOST_OPTIONS}
    sets = [frozenset(o["value"] for o in q["options"]) for q in made]
    assert len(set(sets)) == len(sets)
    for q in made:
        assert len(q["options"]) == MOST_OPTIONS
        assert {by_term[o["value"]].category for o in q["options"]} == {c.fact(q["ask"]["fact"]).category}, q["id"]


def test_a_facts_objective_must_be_its_modules(tmp_path):
    """The first fact filed under wp-origins (module 1), moved to an objective of module 2."""
    old = "    objective: wp-origins\n"
    text = (CONTENT / "01-work-programme.yml").read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    folder = _content_copy(tmp_path, "01-work-programme.yml", old, "    objective: jsi-steps\n", first=True)
    with pytest.raises(ProblemsFound) as info:
        course.load(folder)
    [problem] = [str(p) for p in info.value.problems]
    assert f"01-work-programme.yml:{line}: " in problem, problem
    assert problem.endswith("objective 'jsi-steps' belongs to module 'jsi-launch'; this fact's module "
                            "'work-programme' has: wp-origins, wp-definition, wp-moratorium, wp-issues, wp-history, "
                            "wp-contested, wp-scope, wp-development")


def test_true_false_keys_are_balanced_in_each_module(bank):
    """A module whose true/false questions are mostly true teaches a test-wise learner to answer
    true (Haladyna, Downing & Rodriguez 2002: balance the keys). A statement of the data can be asked
    as a false claim with ``negated: true``."""
    lopsided = {}
    for module in bank.content.course.modules:
        keys = [q.answer for q in bank.module(module.id) if q.type == "true-false"]
        if keys and max(keys.count(True), keys.count(False)) > 2 * len(keys) / 3:
            lopsided[module.id] = f"{keys.count(True)} true of {len(keys)}"
    assert lopsided == {}
