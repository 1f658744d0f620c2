"""Progress that survives: the static quiz keeps a learner's answers in localStorage, per page and
quiz, and puts them back on a reload, graded again, exactly as they were shown.

Stored data that cannot be trusted (unparsable, another shape or version, another fingerprint, a
question no longer in the quiz, a response naming an option that does not exist) is ignored without
an error and cleaned up; storage that throws leaves a working quiz without memory. "Reset answers"
asks for confirmation inline (the Watch fails a test on any browser dialog).

Served as in tests/test_browser_quiz.py (127.0.0.1, the real quiz.js and quiz.css, other hosts
blocked, console errors fail); the quizzes are built with quizzes.quiz.Quiz from the bank. Without
chromium or Playwright the browser tests are skipped, with the reason; with CI=true they fail.
"""

from __future__ import annotations

import copy
import json
import os
import time

import pytest
from bs4 import BeautifulSoup

from quizzes.present.grade import grade
from quizzes.quiz import Quiz
from quizzes.views.html import fingerprint, id_part, render_quiz

from .browser import QUIZZES_READY, page_opener, serve
from .corpus import hostile_questions, hostile_quiz
from .quiz_page import add_quiz_assets, assert_shows, attempts, fill, press, qid, shown, submit, write_page

TYPES = ["single", "multiple", "true-false", "numeric", "ordering", "matching"]
KEPT = "Your answers are kept in this browser, on this device."
NOT_KEPT = "This browser is not keeping your answers: they will be gone when you leave the page."
CLEARED = "Your answers to this quiz have been cleared."


def first_of_each_type(bank, skip: int = 0) -> list:
    lists = [[q for q in bank.questions if q.type == kind] for kind in TYPES]
    return [found[skip % len(found)] for found in lists]  # a type with fewer questions starts again


def storage_key(name: str, quiz) -> str:
    return f"course-quiz:v1:/{name}.html:{quiz.quiz_id}"


# -- without a browser: the fingerprint and the markup ---------------------------------------------
def test_fingerprint_is_short_deterministic_and_on_every_question(bank):
    quiz = Quiz(first_of_each_type(bank), quiz_id="progress-a", seed=7, bank=bank)
    again = Quiz(first_of_each_type(bank), quiz_id="progress-a", seed=7, bank=bank)
    page = BeautifulSoup(render_quiz(quiz), "html.parser")
    fieldsets = page.select("fieldset.cq-question")
    assert [f["data-fingerprint"] for f in fieldsets] == [fingerprint(q) for q in quiz.questions]
    assert [fingerprint(q) for q in quiz.questions] == [fingerprint(q) for q in again.questions]
    assert all(len(f["data-fingerprint"]) == 16 and int(f["data-fingerprint"], 16) >= 0 for f in fieldsets)
    assert len({f["data-fingerprint"] for f in fieldsets}) == len(fieldsets)
    # another seed shuffles options, items and rights differently: the same questions, the same fingerprints
    other = Quiz(first_of_each_type(bank), quiz_id="progress-a", seed=8, bank=bank)
    assert sorted(fingerprint(q) for q in other.questions) == sorted(fingerprint(q) for q in quiz.questions)


def _changed(q: dict, change) -> dict:
    q = copy.deepcopy(q)
    change(q)
    return q


def test_fingerprint_follows_what_is_asked_and_graded_not_what_is_explained():
    single, multiple, truefalse, numeric, ordering, matching = hostile_questions()
    same = [
        _changed(single, lambda q: q.update(explanation="new", hint="new", sources=[], difficulty="easy")),
        _changed(single, lambda q: q["options"][0].update(feedback="new feedback")),
        _changed(single, lambda q: q["options"].reverse()),
        _changed(truefalse, lambda q: q["feedback"].update(true="new")),
        _changed(ordering, lambda q: q["dates"].update(i1="2001")),
        _changed(ordering, lambda q: q["items"].reverse()),
        _changed(matching, lambda q: q["feedback"].update(l1="new")),
        _changed(matching, lambda q: q["rights"].reverse()),
    ]
    for q in same:
        assert fingerprint(q) == fingerprint(next(o for o in hostile_questions() if o["id"] == q["id"])), q["id"]
    different = [
        (single, lambda q: q.update(key="a")),
        (single, lambda q: q["options"][0].update(text="another option")),
        (single, lambda q: q["options"][0].update(id="z")),
        (single, lambda q: q["options"].pop()),
        (single, lambda q: q.update(prompt="another question")),
        (single, lambda q: q.update(type="multiple", key=["b"])),
        (multiple, lambda q: q.update(key=["a"])),
        (truefalse, lambda q: q.update(key=True)),
        (numeric, lambda q: q.update(key=1999)),
        (numeric, lambda q: q.update(tolerance=1.0)),
        (numeric, lambda q: q.update(unit="years")),
        (numeric, lambda q: q.update(variants=[1997])),
        (ordering, lambda q: q.update(key=["i2", "i1", "i3"])),
        (matching, lambda q: q["key"].update(l1="r4")),
        (matching, lambda q: q["lefts"][0].update(text="another left")),
        (single, lambda q: q.update(new_field="anything the bank adds later")),
    ]
    for q, change in different:
        assert fingerprint(_changed(q, change)) != fingerprint(q), (q["id"], change)


def test_reset_control_is_rendered_hidden_until_the_script_runs():
    page = BeautifulSoup(render_quiz(hostile_quiz()), "html.parser")
    box = page.select_one("section.course-quiz > .cq-persist")
    assert box.has_attr("hidden")  # without the script (a notebook, no JS) nothing is promised
    assert box.select_one("button.cq-reset").get_text() == "Reset answers"
    confirm = box.select_one(".cq-reset-confirm")
    assert confirm.has_attr("hidden") and confirm["role"] == "group"
    assert page.find(id=confirm["aria-labelledby"]).get_text() == "Clear all your answers to this quiz?"
    assert [b.get_text() for b in confirm.select("button")] == ["Clear answers", "Cancel"]
    assert all(b["type"] == "button" for b in box.select("button"))
    assert box.select_one(".cq-reset-status")["role"] == "status"


# -- the browser -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory, bank):
    folder = tmp_path_factory.mktemp("progress-site")
    add_quiz_assets(folder)
    a = Quiz(first_of_each_type(bank), quiz_id="progress-a", title="Quiz A", seed=7, bank=bank)
    b = Quiz(first_of_each_type(bank, skip=1)[:4], quiz_id="progress-b", title="Quiz B", seed=7, bank=bank)
    one = Quiz(first_of_each_type(bank, skip=2), quiz_id="progress-one", title="One at a time", seed=7,
               one_at_a_time=True, bank=bank)
    pages = {"progress": [a, b], "other": [a], "one": [one], "hostile": [hostile_quiz()]}
    for name, quizzes in pages.items():
        write_page(folder, name, quizzes, script_first=name == "one")
    with serve(folder) as base:
        yield base, folder, pages


def ready(page) -> None:
    page.wait_for_function(QUIZZES_READY)


@pytest.fixture
def open_page(browser, site):
    """A page in a fresh browser context (so a fresh localStorage); ``init`` runs before any script."""
    with page_opener(browser, site[0]) as opener:
        def _open(name: str, init: str | None = None):
            page, _ = opener(f"{name}.html", init_script=init)
            ready(page)
            return page

        yield _open


def reload(page) -> None:
    page.reload()
    ready(page)


def stored(page, key: str):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def put(page, key: str, value) -> None:
    """Writes an entry as it is (a str) or as JSON."""
    text = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, text])


def quiz_state(page, quiz) -> dict:
    """Everything a learner sees of a quiz (the focus aside)."""
    root = f"#cq--{id_part(quiz.quiz_id)}"
    state = {q["id"]: {k: v for k, v in shown(page, qid(quiz, q)).items() if k != "focused"} for q in quiz.questions}
    state["classes"] = page.eval_on_selector_all(f"{root} fieldset.cq-question", "fs => fs.map(f => f.className)")
    for part in ("cq-progress-text", "cq-score", "cq-summary"):
        state[part] = page.text_content(f"{root} .{part}")
    state["bar"] = page.eval_on_selector(f"{root} .cq-progress-bar", "p => p.value")
    return state


def assert_blank(page, quiz, q) -> None:
    seen = shown(page, qid(quiz, q))
    assert seen["verdict"] is None and seen["feedback"] == [] and not seen["explanation"], q["id"]
    assert seen["check"] and not seen["retry"] and not any(seen["disabled"]), q["id"]
    assert not any(v for v in seen["values"] if v is not None), q["id"]


def by_type(quiz) -> dict:
    return {q["type"]: q for q in quiz.questions}


def mixed_answers(quiz) -> dict:
    """Right for some types, wrong for others: {question id: response}."""
    wrong_types = {"multiple", "true-false", "ordering"}
    answers = {}
    for q in quiz.questions:
        _, wrong, right = attempts(q)
        answers[q["id"]] = wrong[0] if q["type"] in wrong_types else right
    return answers


def test_answers_survive_a_reload_and_try_again_forgets(open_page, site):
    _, _, pages = site
    a = pages["progress"][0]
    page = open_page("progress")
    assert page.text_content("#cq--progress-a .cq-persist-note") == KEPT
    assert page.locator("#cq--progress-a .cq-reset").is_visible()
    answers = mixed_answers(a)
    for q in a.questions:
        submit(page, qid(a, q), q, answers[q["id"]])
    right = sum(grade(q, answers[q["id"]]).correct for q in a.questions)
    assert 0 < right < len(a.questions)
    before = quiz_state(page, a)
    assert before["cq-summary"] == f"You scored {right} of {len(a.questions)}."

    # the stored entry: one per quiz and page, keyed by question id, with the question's fingerprint
    entry = stored(page, storage_key("progress", a))
    assert entry == {"version": 1, "questions": {
        q["id"]: {"fingerprint": fingerprint(q), "response": answers[q["id"]], "checked": True} for q in a.questions}}
    assert stored(page, storage_key("progress", pages["progress"][1])) is None

    reload(page)
    assert quiz_state(page, a) == before
    for q in a.questions:  # and each is what grade.py says, again
        assert_shows(page, qid(a, q), q, answers[q["id"]])
    assert page.text_content("#cq--progress-a .cq-score") == f"Score: {right} of {len(a.questions)}"
    assert page.evaluate("document.activeElement === document.body"), "a reload moves no focus"

    # Try again forgets that question, here and after a reload; the others stay
    numeric = by_type(a)["numeric"]
    press(page, qid(a, numeric), "cq-retry")
    assert numeric["id"] not in stored(page, storage_key("progress", a))["questions"]
    reload(page)
    assert_blank(page, a, numeric)
    for q in a.questions:
        if q is not numeric:
            assert_shows(page, qid(a, q), q, answers[q["id"]])
    total = len(a.questions)
    assert page.text_content("#cq--progress-a .cq-progress-text") == f"Answered {total - 1} of {total}"
    assert page.text_content("#cq--progress-a .cq-summary") == ""
    # answer it again: the summary comes back, and survives
    submit(page, qid(a, numeric), numeric, answers[numeric["id"]])
    reload(page)
    assert quiz_state(page, a) == before


def test_drafts_are_kept_but_not_graded(open_page, site):
    """Nothing a learner chose or typed is lost: an unchecked response comes back as it was, unjudged."""
    _, _, pages = site
    a = pages["progress"][0]
    q = by_type(a)
    page = open_page("progress")
    key = storage_key("progress", a)
    page.fill(f"#{qid(a, q['numeric'])}--answer", "19")
    first_item = q["ordering"]["items"][0]["id"]
    page.select_option(f"#{qid(a, q['ordering'])}--pos--1", value=first_item)
    picked = q["multiple"]["options"][0]["id"]
    page.check(f"#{qid(a, q['multiple'])}--opt--{id_part(picked)}")
    entry = stored(page, key)["questions"]
    assert entry == {
        q["numeric"]["id"]: {"fingerprint": fingerprint(q["numeric"]), "response": "19", "checked": False},
        q["ordering"]["id"]: {"fingerprint": fingerprint(q["ordering"]), "checked": False,
                              "response": [first_item] + [""] * (len(q["ordering"]["items"]) - 1)},
        q["multiple"]["id"]: {"fingerprint": fingerprint(q["multiple"]), "response": [picked], "checked": False},
    }
    press(page, qid(a, q["numeric"]), "cq-check")  # "19" is a number: this one is graded, and kept so
    assert shown(page, qid(a, q["numeric"]))["verdict"] == "incorrect"
    page.select_option(f"#{qid(a, q['matching'])}--match--l1", value=q["matching"]["key"]["l1"])
    press(page, qid(a, q["matching"]), "cq-check")
    assert shown(page, qid(a, q["matching"]))["verdict"] == "invalid"  # an invalid Check keeps the draft

    reload(page)
    ordering = shown(page, qid(a, q["ordering"]))
    assert ordering["values"][0] == first_item and not any(ordering["values"][1:])
    assert ordering["verdict"] is None and ordering["check"] and not any(ordering["disabled"])
    multiple = shown(page, qid(a, q["multiple"]))
    assert multiple["values"] == [o["id"] == picked for o in q["multiple"]["options"]] and multiple["verdict"] is None
    matching = shown(page, qid(a, q["matching"]))
    assert matching["values"][0] == q["matching"]["key"]["l1"] and matching["verdict"] is None
    assert_shows(page, qid(a, q["numeric"]), q["numeric"], "19")
    assert page.text_content("#cq--progress-a .cq-progress-text") == f"Answered 1 of {len(a.questions)}"
    # a draft completed and checked is an answer; a draft emptied is forgotten
    fill(page, qid(a, q["ordering"]), q["ordering"], q["ordering"]["key"])
    press(page, qid(a, q["ordering"]), "cq-check")
    page.uncheck(f"#{qid(a, q['multiple'])}--opt--{id_part(picked)}")
    questions = stored(page, key)["questions"]
    assert questions[q["ordering"]["id"]]["checked"] is True
    assert q["multiple"]["id"] not in questions
    reload(page)
    assert_shows(page, qid(a, q["ordering"]), q["ordering"], q["ordering"]["key"])
    assert_blank(page, a, q["multiple"])


def test_reset_asks_inline_then_clears_this_quiz_only(open_page, site):
    _, _, pages = site
    a, b = pages["progress"]
    page = open_page("progress")
    answers_a, answers_b = mixed_answers(a), mixed_answers(b)
    for q in a.questions[:3]:
        submit(page, qid(a, q), q, answers_a[q["id"]])
    page.fill(f"#{qid(a, by_type(a)['numeric'])}--answer", "12")  # a draft is an answer too
    for q in b.questions[:2]:
        submit(page, qid(b, q), q, answers_b[q["id"]])
    b_before = quiz_state(page, b)
    a_before = quiz_state(page, a)
    root = "#cq--progress-a"

    # Reset shows an inline confirmation, the focus on Cancel; Cancel (or Escape) changes nothing
    page.click(f"{root} .cq-reset")
    assert page.locator(f"{root} .cq-reset-confirm").is_visible()
    assert page.locator(f"{root} .cq-reset").is_hidden()
    assert page.evaluate("document.activeElement.className") == "cq-reset-no"
    page.click(f"{root} .cq-reset-no")
    assert page.locator(f"{root} .cq-reset-confirm").is_hidden()
    assert page.evaluate("document.activeElement.className") == "cq-reset"
    page.keyboard.press("Enter")  # Reset, by keyboard
    assert page.locator(f"{root} .cq-reset-confirm").is_visible()
    page.keyboard.press("Enter")  # Enter twice lands on Cancel: nothing is cleared by accident
    assert page.locator(f"{root} .cq-reset-confirm").is_hidden()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert page.locator(f"{root} .cq-reset-confirm").is_hidden()
    assert page.evaluate("document.activeElement.className") == "cq-reset"
    assert quiz_state(page, a) == a_before
    assert stored(page, storage_key("progress", a)) is not None

    page.click(f"{root} .cq-reset")
    page.click(f"{root} .cq-reset-yes")
    for q in a.questions:
        assert_blank(page, a, q)
    assert page.text_content(f"{root} .cq-score") == f"Score: 0 of {len(a.questions)}"
    assert page.text_content(f"{root} .cq-progress-text") == f"Answered 0 of {len(a.questions)}"
    assert page.text_content(f"{root} .cq-reset-status") == CLEARED
    assert page.evaluate("document.activeElement.className") == "cq-reset"
    assert stored(page, storage_key("progress", a)) is None
    assert quiz_state(page, b) == b_before  # the other quiz on the page keeps its answers

    reload(page)
    for q in a.questions:
        assert_blank(page, a, q)
    assert quiz_state(page, b) == b_before
    # the quiz works as before, and the status goes with the next change
    q = a.questions[0]
    submit(page, qid(a, q), q, answers_a[q["id"]])
    assert page.text_content(f"{root} .cq-reset-status") == ""


def test_two_quizzes_and_two_pages_keep_separate_progress(open_page, site):
    _, _, pages = site
    a, b = pages["progress"]
    page = open_page("progress")
    qa, qb = by_type(a)["single"], by_type(b)["single"]
    _, wrong_b, _ = attempts(qb)
    submit(page, qid(a, qa), qa, qa["key"])
    submit(page, qid(b, qb), qb, wrong_b[0])
    assert list(stored(page, storage_key("progress", a))["questions"]) == [qa["id"]]
    assert list(stored(page, storage_key("progress", b))["questions"]) == [qb["id"]]
    press(page, qid(a, qa), "cq-retry")
    assert stored(page, storage_key("progress", a)) is None  # nothing left to keep: the entry goes
    submit(page, qid(a, qa), qa, qa["key"])
    reload(page)
    assert_shows(page, qid(a, qa), qa, qa["key"])
    assert_shows(page, qid(b, qb), qb, wrong_b[0])
    assert page.text_content("#cq--progress-a .cq-score") == f"Score: 1 of {len(a.questions)}"
    assert page.text_content("#cq--progress-b .cq-score") == f"Score: 0 of {len(b.questions)}"
    # the same quiz on another page of the book has its own progress
    page.goto(page.url.replace("progress.html", "other.html"))
    ready(page)
    for q in a.questions:
        assert_blank(page, a, q)
    assert stored(page, storage_key("other", a)) is None
    assert stored(page, storage_key("progress", a)) is not None


def test_one_at_a_time_comes_back_where_the_learner_left_off(open_page, site):
    _, _, pages = site
    quiz = pages["one"][0]
    page = open_page("one")
    visible = "() => [...document.querySelectorAll('fieldset.cq-question')].filter(f => !f.hidden).map(f => f.id)"
    for n, q in enumerate(quiz.questions[:2]):
        if n:
            page.click(".cq-next")
        submit(page, qid(quiz, q), q, attempts(q)[2])
    reload(page)
    assert page.evaluate(visible) == [qid(quiz, quiz.questions[2])]
    assert page.text_content(".cq-position") == f"Question 3 of {len(quiz.questions)}"
    page.click(".cq-prev")
    assert_shows(page, qid(quiz, quiz.questions[1]), quiz.questions[1], attempts(quiz.questions[1])[2])
    page.click(".cq-reset")
    page.click(".cq-reset-yes")
    assert page.evaluate(visible) == [qid(quiz, quiz.questions[0])]
    assert page.text_content(".cq-position") == f"Question 1 of {len(quiz.questions)}"


def test_odd_ids_and_hostile_text_come_back_as_text(open_page, site):
    """Question and option ids with quotes and markup are stored and restored as they are."""
    _, _, pages = site
    quiz = pages["hostile"][0]
    page = open_page("hostile")
    answers = mixed_answers(quiz)
    for q in quiz.questions:
        submit(page, qid(quiz, q), q, answers[q["id"]])
    before = quiz_state(page, quiz)
    assert set(stored(page, storage_key("hostile", quiz))["questions"]) == {q["id"] for q in quiz.questions}
    reload(page)
    assert quiz_state(page, quiz) == before
    assert page.evaluate("document.querySelectorAll('img, svg, b, script:not([type=\"application/json\"])"
                         ":not([src$=\"quiz.js\"])').length") == 0


# -- stored data that cannot be trusted ------------------------------------------------------------
def _good(q, response) -> dict:
    return {"fingerprint": fingerprint(q), "response": response, "checked": True}


def _with(entry: dict, **changes) -> dict:
    return {**entry, **changes}


def _without(entry: dict, name: str) -> dict:
    return {k: v for k, v in entry.items() if k != name}


# whole entries this version cannot read: ignored, removed, nothing shown
BAD_ENTRIES = {
    "not JSON": "{not json",
    "empty string": "",
    "JSON null": "null",
    "a number": "42",
    "a string": '"progress"',
    "a list": "[]",
    "no version": lambda good: json.dumps({"questions": good}),
    "another version": lambda good: json.dumps({"version": 2, "questions": good}),
    "version as text": lambda good: json.dumps({"version": "1", "questions": good}),
    "questions as a list": lambda good: json.dumps({"version": 1, "questions": list(good.values())}),
    "questions null": '{"version": 1, "questions": null}',
}

# one question's entry that cannot be trusted, next to a good one: that one dropped, the good one kept
BAD_QUESTIONS = {
    "a string": lambda q, good: "yes",
    "null": lambda q, good: None,
    "a list": lambda q, good: [good["fingerprint"], good["response"]],
    "another fingerprint (the question changed)": lambda q, good: _with(good, fingerprint="0123456789abcdef"),
    "fingerprint missing": lambda q, good: _without(good, "fingerprint"),
    "fingerprint not a string": lambda q, good: _with(good, fingerprint=12345),
    "checked missing": lambda q, good: _without(good, "checked"),
    "checked as text": lambda q, good: _with(good, checked="true"),
    "response missing": lambda q, good: _without(good, "response"),
    "response null": lambda q, good: _with(good, response=None),
    "single: an option that no longer exists": lambda q, good: _with(good, response="zz"),
    "single: a list": lambda q, good: _with(good, response=[q["key"]]),
    "multiple: an option that no longer exists": lambda q, good: _with(good, response=[q["key"][0], "zz"]),
    "multiple: twice the same option": lambda q, good: _with(good, response=[q["key"][0], q["key"][0]]),
    "multiple: nothing ticked": lambda q, good: _with(good, response=[]),
    "true-false: as text": lambda q, good: _with(good, response=str(q["key"]).lower()),
    "numeric: a number, not what was typed": lambda q, good: _with(good, response=q["key"]),
    "numeric: checked but not a number": lambda q, good: _with(good, response="abc"),
    "numeric: an object": lambda q, good: _with(good, response={"value": "2"}),
    "ordering: an item that no longer exists": lambda q, good: _with(good, response=q["key"][:-1] + ["zz"]),
    "ordering: checked with a gap": lambda q, good: _with(good, response=q["key"][:-1] + [""]),
    "ordering: too many positions": lambda q, good: _with(good, response=q["key"] + [q["key"][0]]),
    "matching: a right that no longer exists": lambda q, good: _with(good, response={**q["key"], "l1": "zz"}),
    "matching: an extra left": lambda q, good: _with(good, response={**q["key"], "l99": q["key"]["l1"]}),
    "matching: a list": lambda q, good: _with(good, response=list(q["key"].values())),
}


def _target_type(case: str) -> str:
    kind = case.split(":")[0]
    return kind if kind in TYPES else "single"


def _page_with_entry(open_page, site, value):
    """The progress page after a reload with ``value`` stored for quiz A (a str, or JSON data)."""
    _, _, pages = site
    a = pages["progress"][0]
    page = open_page("progress")
    put(page, storage_key("progress", a), value)
    reload(page)
    return page, a


def _still_works(page, quiz) -> None:
    q = by_type(quiz)["single"]
    if shown(page, qid(quiz, q))["retry"]:
        press(page, qid(quiz, q), "cq-retry")
    submit(page, qid(quiz, q), q, q["key"])
    assert stored(page, storage_key("progress", quiz))["questions"][q["id"]] == _good(q, q["key"])


@pytest.mark.parametrize("case", BAD_ENTRIES)
def test_an_unreadable_entry_is_ignored_and_removed(open_page, site, case):
    _, _, pages = site
    a = pages["progress"][0]
    good = {q["id"]: _good(q, q["key"] if q["type"] != "numeric" else attempts(q)[2]) for q in a.questions}
    value = BAD_ENTRIES[case]
    page, a = _page_with_entry(open_page, site, value(good) if callable(value) else value)
    for q in a.questions:
        assert_blank(page, a, q)
    assert page.text_content("#cq--progress-a .cq-progress-text") == f"Answered 0 of {len(a.questions)}"
    assert stored(page, storage_key("progress", a)) is None, "cleaned up"
    _still_works(page, a)


@pytest.mark.parametrize("case", BAD_QUESTIONS)
def test_an_untrustworthy_answer_is_dropped_and_the_others_kept(open_page, site, case):
    _, _, pages = site
    a = pages["progress"][0]
    kinds = by_type(a)
    target = kinds[_target_type(case)]
    keeper = kinds["true-false" if target["type"] != "true-false" else "single"]
    keep = _good(keeper, keeper["key"])
    bad = BAD_QUESTIONS[case](target, _good(target, target["key"]))
    entry = {"version": 1, "questions": {keeper["id"]: keep, target["id"]: bad}}
    page, a = _page_with_entry(open_page, site, entry)
    assert_blank(page, a, target)
    assert_shows(page, qid(a, keeper), keeper, keeper["key"])
    assert page.text_content("#cq--progress-a .cq-score") == f"Score: 1 of {len(a.questions)}"
    assert stored(page, storage_key("progress", a)) == {"version": 1, "questions": {keeper["id"]: keep}}
    submit(page, qid(a, target), target, attempts(target)[2])


def test_answers_to_questions_no_longer_in_the_quiz_are_dropped(open_page, site):
    _, _, pages = site
    a = pages["progress"][0]
    q = by_type(a)["single"]
    entry = {"version": 1, "questions": {
        q["id"]: _good(q, q["key"]),
        "a-question-the-bank-dropped": {"fingerprint": "0123456789abcdef", "response": "a", "checked": True},
        "__proto__": {"fingerprint": fingerprint(q), "response": q["key"], "checked": True},
        "constructor": {"fingerprint": fingerprint(q), "response": q["key"], "checked": True},
    }}
    page, a = _page_with_entry(open_page, site, entry)
    assert_shows(page, qid(a, q), q, q["key"])
    assert page.text_content("#cq--progress-a .cq-progress-text") == f"Answered 1 of {len(a.questions)}"
    assert stored(page, storage_key("progress", a)) == {"version": 1, "questions": {q["id"]: _good(q, q["key"])}}


def test_a_changed_question_at_the_same_address_drops_only_its_answer(open_page, site, bank):
    """A new version of the book: one question's key changed, one question gone, one option reworded."""
    base, folder, _ = site
    old = Quiz(first_of_each_type(bank), quiz_id="progress-a", title="Quiz A", seed=7, bank=bank)
    name = "changing"
    path = folder / f"{name}.html"
    write_page(folder, name, [old], script_first=False)
    page = open_page(name)
    answers = mixed_answers(old)
    for q in old.questions:
        submit(page, qid(old, q), q, answers[q["id"]])

    new = Quiz(first_of_each_type(bank), quiz_id="progress-a", title="Quiz A", seed=7, bank=bank)
    kinds = by_type(new)
    single, multiple, numeric = kinds["single"], kinds["multiple"], kinds["numeric"]
    single["key"] = next(o["id"] for o in single["options"] if o["id"] != single["key"])
    multiple["options"][0]["text"] = "A reworded option"
    new.questions.remove(numeric)
    write_page(folder, name, [new], script_first=False)
    later = time.time() + 5
    os.utime(path, (later, later))  # the server must not answer "not modified"
    reload(page)
    assert page.locator("fieldset.cq-question").count() == len(new.questions)
    assert_blank(page, new, single)
    assert_blank(page, new, multiple)
    kept = [q for q in new.questions if q is not single and q is not multiple]
    for q in kept:
        assert_shows(page, qid(new, q), q, answers[q["id"]])
    assert set(stored(page, storage_key(name, new))["questions"]) == {q["id"] for q in kept}


# -- storage that is not there -------------------------------------------------------------------
THROW = "() => { throw new DOMException('The operation is insecure.', 'SecurityError'); }"
NO_STORAGE = {
    "Storage methods throw": f"""
        Storage.prototype.getItem = {THROW};
        Storage.prototype.setItem = {THROW};
        Storage.prototype.removeItem = {THROW};""",
    "window.localStorage throws": f"""
        Object.defineProperty(window, 'localStorage', {{configurable: true, get: {THROW}}});""",
    "window.localStorage is null": """
        Object.defineProperty(window, 'localStorage', {configurable: true, get: () => null});""",
}


@pytest.mark.parametrize("case", NO_STORAGE)
def test_without_storage_the_quiz_works_and_says_answers_are_not_kept(open_page, site, case):
    _, _, pages = site
    a, b = pages["progress"]
    page = open_page("progress", init=NO_STORAGE[case])
    assert page.text_content("#cq--progress-a .cq-persist-note") == NOT_KEPT
    answers = mixed_answers(a)
    for q in a.questions:
        submit(page, qid(a, q), q, answers[q["id"]])
    right = sum(grade(q, answers[q["id"]]).correct for q in a.questions)
    assert page.text_content("#cq--progress-a .cq-summary") == f"You scored {right} of {len(a.questions)}."
    q = a.questions[0]
    press(page, qid(a, q), "cq-retry")
    submit(page, qid(a, q), q, answers[q["id"]])
    page.fill(f"#{qid(b, by_type(b)['numeric'])}--answer", "7")  # a draft, not kept either
    page.click("#cq--progress-a .cq-reset")
    page.click("#cq--progress-a .cq-reset-yes")
    for q in a.questions:
        assert_blank(page, a, q)
    submit(page, qid(a, q), q, answers[q["id"]])
    reload(page)
    for q in a.questions:
        assert_blank(page, a, q)


def test_a_full_storage_still_gives_back_what_it_holds(open_page, site):
    """Reading works, writing throws (quota exceeded): the stored answer comes back; new ones are not
    kept, and the quiz says so; no error."""
    _, _, pages = site
    a = pages["progress"][0]
    q = by_type(a)["single"]
    entry = json.dumps({"version": 1, "questions": {q["id"]: _good(q, q["key"])}})
    init = f"""
        if (!sessionStorage.getItem('seeded')) {{
          sessionStorage.setItem('seeded', '1');
          localStorage.setItem({json.dumps(storage_key("progress", a))}, {json.dumps(entry)});
        }}
        Storage.prototype.setItem = () => {{ throw new DOMException('full', 'QuotaExceededError'); }};"""
    page = open_page("progress", init=init)
    assert_shows(page, qid(a, q), q, q["key"])
    assert page.text_content("#cq--progress-a .cq-persist-note") == NOT_KEPT
    other = by_type(a)["true-false"]
    submit(page, qid(a, other), other, other["key"])
    reload(page)
    assert_shows(page, qid(a, q), q, q["key"])
    assert_blank(page, a, other)
