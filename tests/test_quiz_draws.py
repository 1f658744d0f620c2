"""Drawing and shuffling, kept apart ("no leaks").

* Options on a scale (numbers and years, conferences MC1..MC14, the stages of one snapshot) are
  presented in ascending order and marked ``ordered``; ``quizzes.present.draw.shuffled``, the book's quiz (its page and
  its data) and every paper keep that order, whatever the seed.
* Every other choice question is shuffled on a paper, with the default seed when none is given, so
  no key can be learnt from the authors' order; the same seed gives the same paper.
* A draw (a module quiz and its ``most=`` cover, the practice test, a paper with ``count``, a workshop
  round) takes at most one question of each ``family``, the seed choosing which; a paper without a
  count holds every question; a count beyond what families allow is refused in words.

The families are checked on a copy of the real bank with families added (``with_families``, in
tests/corpus.py, so the test does not wait for the bank to have them), and on the real bank when it
has some.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from quizzes.core.bank import Bank, scale
from quizzes.present.draw import DEFAULT_SEED, PaperError, draw, drawable, one_per_family, pool_size, shuffled
from quizzes.present.present import present
from quizzes.quiz import Quiz

from .corpus import with_families

CHOICE = ("single", "multiple")


@pytest.fixture(scope="module")
def family_bank(bank):
    return with_families(bank)


def family_banks(bank: Bank, family_bank: Bank) -> list[Bank]:
    """The synthetic bank, and the real one when its questions carry families."""
    return [family_bank] + ([bank] if any(getattr(q, "family", None) for q in bank.questions) else [])


def authored(bank: Bank, qid: str) -> list[str]:
    return [o.id for o in bank.question(qid).options]


def value_of(bank: Bank, qid: str) -> dict:
    return {o.id: o.value for o in bank.question(qid).options}


def families_in(bank: Bank, ids) -> list[str]:
    return [bank.question(i).family for i in ids if getattr(bank.question(i), "family", None)]


def assert_one_per_family(bank: Bank, ids, where: str) -> None:
    twice = [f for f, n in Counter(families_in(bank, ids)).items() if n > 1]
    assert twice == [], f"{where}: two questions of the family {twice}"


# -- scales ----------------------------------------------------------------------------------------

def test_what_a_scale_is(bank):
    c = bank.content
    assert scale(c, [2001, 1998, 2017]) == [2001, 1998, 2017]  # the values are the sort keys
    assert scale(c, [71, 66.5]) == [71, 66.5]
    conferences = sorted((f for f in c.facts.values() if getattr(f, "kind", None) == "conference"),
                         key=lambda f: f.number)
    assert len(conferences) >= 3
    ids = [conferences[-1].id, conferences[0].id, conferences[1].id]  # e.g. mc14, mc1, mc2: by number
    assert scale(c, ids) == [conferences[-1].number, conferences[0].number, conferences[1].number]
    snapshot = next(f for f in c.facts.values() if getattr(f, "kind", None) == "snapshot" and len(f.stages) > 1)
    stages = [s.id for s in snapshot.stages]
    assert scale(c, stages[::-1]) == list(range(len(stages)))[::-1]  # the snapshot's own order
    assert scale(c, ["2019-12", "1998-05-20"], "date") == ["2019-12", "1998-05-20"]
    body = next(f.id for f in c.facts.values() if getattr(f, "kind", None) == "body")
    for not_a_scale in ([conferences[0].id, body], [True, False], ["Geneva", "Doha"], [1998, "1999"], [2001]):
        assert scale(c, not_a_scale) is None, not_a_scale


def test_scale_options_are_presented_ascending_and_marked(bank):
    ordered = 0
    for q in bank.questions:
        p = present(bank, q)
        if q.type not in CHOICE:
            assert "ordered" not in p or q.type == "matching", q.id
            continue
        keys = scale(bank.content, [o.value for o in q.options], q.ask.field)
        assert bool(p.get("ordered")) is (keys is not None), q.id
        if keys is None:
            assert [o["id"] for o in p["options"]] == authored(bank, q.id), q.id  # presented as authored
            continue
        ordered += 1
        place = dict(zip((o.id for o in q.options), keys))
        shown = [place[o["id"]] for o in p["options"]]
        assert shown == sorted(shown), (q.id, shown)
        values = value_of(bank, q.id)
        if all(isinstance(v, int) for v in values.values()):  # numbers and years: as the learner reads them
            assert [values[o["id"]] for o in p["options"]] == sorted(values.values()), q.id
    assert ordered >= 3, "the bank has no choice question on a scale: nothing was checked"


def test_shuffled_never_moves_a_scale(bank):
    presented = [present(bank, q) for q in bank.questions if q.type in CHOICE]
    scales = [p for p in presented if p.get("ordered")]
    sets = [p for p in presented if not p.get("ordered") and len(p["options"]) >= 3]
    assert scales and sets
    for seed in range(20):
        for p in scales:
            assert shuffled(p, random.Random(seed))["options"] == p["options"], (seed, p["id"])
    for p in sets:  # the others do move, for some seed
        assert any(shuffled(p, random.Random(s))["options"] != p["options"] for s in range(20)), p["id"]


def test_the_books_quiz_keeps_scales_ascending(bank):
    """Quiz (the book's page and the notebook's widget read the same questions) never shuffles a scale,
    and its page shows the options in that order."""
    seen = 0
    for module in bank.content.course.modules:
        for seed in (0, 1, 7):
            quiz = Quiz.for_module(module.id, seed=seed, bank=bank)
            page = BeautifulSoup(quiz.html(), "html.parser")
            for q in quiz.questions:
                if not q.get("ordered"):
                    continue
                seen += 1
                want = [o["id"] for o in present(bank, bank.question(q["id"]))["options"]]
                assert [o["id"] for o in q["options"]] == want, (module.id, seed, q["id"])
                fieldset = page.find("fieldset", attrs={"data-question-id": q["id"]})
                assert [i["value"] for i in fieldset.select(".cq-options input")] == want, q["id"]
    practice = Quiz.practice(count=40, seed=3, bank=bank)
    for q in (q for q in practice.questions if q.get("ordered")):
        assert q["options"] == present(bank, bank.question(q["id"]))["options"], q["id"]
    assert seen, "no module quiz holds a question on a scale: nothing was checked"


# -- papers: shuffled options, every question without a count ---------------------------------------------

def test_a_paper_without_a_seed_shuffles_options_with_the_default_seed(bank):
    paper = draw(bank)
    assert paper.seed == DEFAULT_SEED and not paper.drawn
    assert [q["id"] for q in paper.questions] == [q.id for q in bank.questions]  # every question, bank order
    choice = [q for q in paper.questions if q["type"] in CHOICE]
    moved = [q["id"] for q in choice
             if not q.get("ordered") and [o["id"] for o in q["options"]] != authored(bank, q["id"])]
    assert len(moved) > len(choice) / 2, "most choice questions should leave the authors' order"
    assert draw(bank) == paper and draw(bank, seed=DEFAULT_SEED) == paper  # the same paper again
    assert draw(bank, seed=DEFAULT_SEED + 1).questions != paper.questions
    for q in (q for q in paper.questions if q.get("ordered")):
        assert q["options"] == present(bank, bank.question(q["id"]))["options"], q["id"]
    assert f"seed {DEFAULT_SEED}" in paper.describe()


def test_the_key_is_not_where_the_authors_put_it(bank):
    """Authors put most keys first or second; on the default paper they spread over the positions."""
    paper = draw(bank)
    singles = [q for q in paper.questions if q["type"] == "single" and not q.get("ordered")]
    at = Counter(next(i for i, o in enumerate(q["options"]) if o["id"] == q["key"]) for q in singles)
    assert max(at.values()) < 0.5 * len(singles), at


# -- families --------------------------------------------------------------------------------------

def test_one_per_family_keeps_the_order_and_one_of_each(family_bank):
    questions = family_bank.questions
    for seed in range(5):
        kept = one_per_family(questions, seed)
        assert kept == [q for q in questions if q in kept]  # the order is kept
        assert len(kept) == drawable(questions)
        assert_one_per_family(family_bank, [q.id for q in kept], f"seed {seed}")
        assert {q.family for q in kept if q.family} == {q.family for q in questions if q.family}
        assert all(q in kept for q in questions if not q.family)
    choices = {tuple(q.id for q in one_per_family(questions, seed) if q.family) for seed in range(10)}
    assert len(choices) > 1, "the seed should choose which question of a family is drawn"


def test_no_draw_holds_two_of_a_family(bank, family_bank):
    for b in family_banks(bank, family_bank):
        modules = [m.id for m in b.content.course.modules]
        for seed in range(4):
            for module in modules:
                quiz = Quiz.for_module(module, seed=seed, bank=b)
                assert_one_per_family(b, [q["id"] for q in quiz.questions], f"for_module({module}, seed={seed})")
                most = Quiz.for_module(module, seed=seed, most=6, bank=b)
                assert len(most.questions) <= 6
                assert_one_per_family(b, [q["id"] for q in most.questions], f"for_module({module}, most=6)")
            practice = Quiz.practice(count=pool_size(b, modules)[1], seed=seed, bank=b)
            assert_one_per_family(b, [q["id"] for q in practice.questions], f"practice(seed={seed})")
            for chosen in (modules, modules[:1], modules[1:3]):
                total, most = pool_size(b, chosen)
                for count in (1, most // 2 or 1, most):
                    paper = draw(b, chosen, seed=seed, count=count)
                    assert paper.count == count and paper.drawn
                    assert_one_per_family(b, [q["id"] for q in paper.questions], f"draw({chosen}, {seed}, {count})")


def test_a_paper_without_a_count_holds_every_question_of_a_family(family_bank):
    paper = draw(family_bank)
    assert [q["id"] for q in paper.questions] == [q.id for q in family_bank.questions]
    one = draw(family_bank, ["themes"], seed=4)
    assert [q["id"] for q in one.questions] == [q.id for q in family_bank.module("themes")]


def test_a_count_beyond_the_families_is_refused_in_words(family_bank):
    modules = ["themes", "negotiations"]
    total, most = pool_size(family_bank, modules)
    assert most < total
    assert draw(family_bank, modules, seed=2, count=most).count == most
    with pytest.raises(PaperError) as refused:
        draw(family_bank, modules, seed=2, count=most + 1)
    assert str(refused.value) == (f"--count {most + 1} is larger than the pool: the chosen module(s) have {total} "
                                  f"questions, but a paper takes one question of each family, so at most "
                                  f"{most} can be drawn")
    with pytest.raises(PaperError, match=f"have {total} questions$"):
        draw(family_bank, modules, seed=2, count=total + 1)


def test_a_workshop_round_takes_one_of_a_family(family_bank):
    from quizzes.workshop import Workshop

    ws = Workshop(family_bank)
    total, most = pool_size(family_bank, [m.id for m in family_bank.content.course.modules])
    assert ws.count.max == most < total
    assert ws.pool_note.value == f"of {most} in the ticked modules ({total} questions, one of each family)"
    ws.count.value = most
    ws.seed.value = 5
    ws.start.click()
    assert ws.paper is not None and ws.paper.count == most and ws.message.value == ""
    assert_one_per_family(family_bank, [item.question["id"] for item in ws.quiz.items], "workshop round")
    ws.back_to_setup()
    ws.count.max, ws.count.value = most + 1, most + 1  # a stale bound: refused in words
    ws.start.click()
    assert "one question of each family" in ws.message.value
