"""What the bank promises trainers and learners (issue 10), checked on the real bank and its templates.

* Most questions go beyond recall: at least half test applying or analysing, every learning objective
  has at least four questions, two of them beyond recall (the per-objective scores trainers debrief
  with need enough questions to mean something).
* A generated question is filed under its own fact's objective (content/), not under one objective
  for a whole file; a fact a template asks about without an objective is a located error.
* Theme questions offer at most four themes, and every theme is offered as a distractor.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

import course
from course.model import Grouping
from course.problems import ProblemsFound
from quizzes.generate import MOST_OPTIONS
from quizzes.load import load_bank
from quizzes.model import SKILLS

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BEYOND_RECALL = SKILLS[1:]
APPLY_OR_ABOVE = SKILLS[SKILLS.index("apply"):]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_at_least_half_the_questions_apply_or_analyse(bank):
    skills = Counter(q.skill for q in bank.questions)
    above = sum(skills[s] for s in APPLY_OR_ABOVE)
    assert above >= len(bank.questions) / 2, dict(skills)


def test_every_objective_has_four_questions_two_beyond_recall(bank):
    short = {}
    for module in bank.content.course.modules:
        for objective in module.objectives:
            asked = [q for q in bank.questions if q.objective == objective.id]
            beyond = [q for q in asked if q.skill in BEYOND_RECALL]
            if len(asked) < 4 or len(beyond) < 2:
                short[objective.id] = (len(asked), len(beyond))
    assert short == {}, "objective: (questions, beyond recall)"


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
    old = "    symbol: WT/L/274\n    description: Work Programme on Electronic Commerce, adopted by the General Council\n"
    folder = _content_copy(tmp_path, "01-work-programme.yml", old + "    date: 1998-09-25\n    source: [wto-mc11-briefing]\n"
                           "    evidence: official\n    objective: wp-origins\n",
                           old + "    date: 1998-09-25\n    source: [wto-mc11-briefing]\n    evidence: official\n")
    content = course.load(folder)
    with pytest.raises(ProblemsFound) as info:
        load_bank(content=content)
    lines = [str(p) for p in info.value.problems]
    file, line = content.where["wt-l-274"][0], content.line_of("wt-l-274")
    bank_lines = (ROOT / "quizzes" / "bank" / "01-work-programme.yml").read_text(encoding="utf-8").splitlines()
    entry = next(n for n, text in enumerate(bank_lines, 1) if "template: document-symbol" in text)
    assert lines == [
        f"quizzes/bank/01-work-programme.yml:{entry}: gen-symbol-wt-l-274: template document-symbol: fact 'wt-l-274' "
        f"({file}:{line}) has no objective: give it the learning objective its question serves"
    ]


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


def test_theme_questions_offer_four_themes_each_in_turn(bank):
    deck = next(g for g in bank.content.of_kind(Grouping) if g.id == "deck-themes")
    themes = [t.id for t in bank.content.themes_of(deck.id)]
    asked = [q for q in bank.questions if q.id.startswith("gen-theme-")]
    assert asked and len(themes) > MOST_OPTIONS  # else the test tests nothing
    assert all(len(q.options) <= MOST_OPTIONS for q in asked)
    as_distractor = Counter(o.value for q in asked for o in q.options if o.id != q.answer)
    assert set(as_distractor) == set(themes), as_distractor


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
