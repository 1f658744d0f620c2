"""The static quiz HTML (quizzes/views/html.py), without a browser: deterministic bytes, ids from the
question ids, every text from the bank escaped, grading data that parses back, sources linked.

``hostile_quiz()`` (tests/corpus.py: one question of every type, with hostile text in every field)
is also what tests/test_browser_quiz.py runs in a browser.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from course import render
from quizzes.core.markdown import plain as inert_plain
from quizzes.present.grade import grade
from quizzes.quiz import Quiz
from quizzes.views.html import id_part, page_data, render_quiz, script_json

from .corpus import HOSTILE, hostile, hostile_questions, hostile_quiz, norm


def plain(text):  # the characters a page shows: plain() with its '<' given back
    return inert_plain(text).replace('\uff1c', '<')


@pytest.fixture(scope="module")
def module_quizzes(bank):
    return [Quiz.for_module(m.id, bank=bank) for m in bank.content.course.modules]


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def quiz_data(html: str) -> dict:
    scripts = soup(html).select("script.course-quiz-data")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


# -- determinism and ids ------------------------------------------------------------------------
def test_same_quiz_same_bytes(bank):
    for make in [lambda: Quiz(list(bank.questions), quiz_id="practice-2026", title="Practice test", seed=2026,
                              bank=bank),
                 lambda: Quiz.for_module("themes", bank=bank),
                 lambda: Quiz.for_module("themes", bank=bank, one_at_a_time=True),
                 lambda: hostile_quiz()]:
        first, second = make(), make()
        assert render_quiz(first) == render_quiz(second) == render_quiz(first)
    assert Quiz.for_module("themes", bank=bank).html() == render_quiz(Quiz.for_module("themes", bank=bank))


def test_ids_are_unique_on_a_page_and_come_from_the_quiz_and_question_ids(bank, module_quizzes):
    quizzes = [*module_quizzes,
               Quiz(list(bank.questions), quiz_id="practice-2026", title="Practice test", seed=2026, bank=bank),
               hostile_quiz()]
    page = soup("\n".join(render_quiz(q) for q in quizzes))
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)  # safe in CSS selectors and URLs
    for quiz in quizzes:
        root = page.find("section", id=f"cq--{id_part(quiz.quiz_id)}")
        assert root["data-quiz-id"] == quiz.quiz_id
        fieldsets = root.select("fieldset.cq-question")
        assert [f["data-question-id"] for f in fieldsets] == [q["id"] for q in quiz.questions]
        assert [f["id"] for f in fieldsets] == [f"cq--{id_part(quiz.quiz_id)}--q--{id_part(q['id'])}"
                                                for q in quiz.questions]
        for fieldset, q in zip(fieldsets, quiz.questions):
            for tag in fieldset.find_all(id=True):
                assert tag["id"].startswith(fieldset["id"])
            if q["type"] in ("single", "multiple"):
                assert [i["id"] for i in fieldset.select(".cq-options input")] == \
                    [f"{fieldset['id']}--opt--{id_part(o['id'])}" for o in q["options"]]


def test_question_ids_that_are_also_fixed_words_do_not_collide():
    questions = hostile_questions()
    for q, name in zip(questions, ["title", "progress", "summary", "q", "feedback", "opt"]):
        q["id"] = name
    quiz = SimpleNamespace(quiz_id="q", title="t", seed=None, one_at_a_time=True, questions=questions)
    ids = [tag["id"] for tag in soup(render_quiz(quiz)).find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_id_parts_never_collide():
    assert id_part("gen-theme-x") == "gen-theme-x"
    samples = ["a", "A", "a--b", "a-b", "_61", "", "a_b", "x41", "é", '"><b>']
    assert len({id_part(s) for s in samples}) == len(samples)
    assert all("--" not in id_part(s) for s in samples)


# -- escaping ----------------------------------------------------------------------------------
def test_every_bank_text_is_shown_as_text_never_as_markup():
    html = render_quiz(hostile_quiz())
    page = soup(html)
    # the only elements are the renderer's own: no script but the JSON, no img/svg/b from the bank
    assert [s.get("type") for s in page.find_all("script")] == ["application/json"]
    assert not page.find_all(["img", "svg", "iframe", "object", "embed", "b"])
    for tag in page.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
    assert "<script>alert" not in html and "<img" not in html and "<svg" not in html
    # each field's text is there, as text, where it belongs
    text = norm(page.get_text(" "))
    fields = ["prompt single", "hint single", "explanation single", "option a", "choice d", "left 2",
              "item i3", "prompt matching", "hint ordering", "explanation true-false"]
    for field in fields:
        assert norm(plain(hostile(field))) in text, field
    assert norm(inert_plain(hostile("right 4"))) in [norm(o.get_text()) for o in page.select("option")]
    assert HOSTILE[0] in page.select_one(".cq-prompt").get_text()
    assert HOSTILE[1] in page.select_one(".cq-explanation").get_text()
    assert HOSTILE[2] in page.select_one(".cq-hint-body").get_text()
    assert "<b>units</b> %" in page.select_one(".cq-unit").get_text()
    first = page.select_one("fieldset.cq-question")
    fragments = {s["data-fragment"]: s.get_text() for s in page.select("[data-fragment]")}
    fragments.update({s["data-fragment"]: s.get_text() for s in first.select("[data-fragment]")})
    assert plain(hostile("feedback a")) == fragments["option-feedback:a"]
    assert plain(hostile("date i2")) == fragments["item-date:i2"]
    assert plain(hostile("match feedback 3")) == fragments["match-feedback:l3"]
    assert 'c"><b>' in [i["value"] for i in page.select(".cq-options input")]
    assert page.find("section")["data-quiz-id"] == "hostile"
    assert page.select_one(".cq-title").get_text() == "Hostile <b>quiz</b>"


def test_grading_data_parses_back_to_the_presented_questions(bank, module_quizzes):
    for quiz in [*module_quizzes,
                 Quiz(list(bank.questions), quiz_id="practice-2026", title="Practice test", seed=2026, bank=bank),
                 hostile_quiz(True)]:
        html = render_quiz(quiz)
        data = quiz_data(html)
        assert data == {"quiz_id": quiz.quiz_id, "one_at_a_time": bool(quiz.one_at_a_time),
                        "questions": [page_data(q) for q in quiz.questions]}
        raw = re.search(r'<script type="application/json" class="course-quiz-data">(.*?)</script>', html, re.S)
        assert raw and not re.search("[<>&\u2028\u2029]", raw.group(1))


def test_a_page_carries_only_what_its_script_grades_with(bank):
    """The prompt, explanation and sources are in the HTML; the bank's metadata and the Kahoot short
    forms are read by no script. In the data they would double a quiz page's weight for nothing."""
    quiz = Quiz(list(bank.questions), quiz_id="practice-2026", title="Practice test", seed=2026, bank=bank)
    data = quiz_data(render_quiz(quiz))["questions"]
    for q, on_page in zip(quiz.questions, data):
        assert on_page["id"] == q["id"] and on_page["key"] == q["key"]
        assert not {"prompt", "explanation", "hint", "sources", "facts", "objective", "skill", "short"} & set(on_page)
        for option in on_page.get("options", []):
            assert set(option) == {"id", "text", "feedback"}
    assert any("short" in q for q in quiz.questions)  # else the test tests nothing


def test_script_json_cannot_end_its_script_element():
    data = {"a": "</script><!-- <script> & \u2028\u2029", "b": [1, 2.5, True, None]}
    text = script_json(data)
    assert json.loads(text) == data
    assert not re.search("[<>&\u2028\u2029]", text)
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


# -- structure ---------------------------------------------------------------------------------
def test_each_type_gets_native_labelled_controls():
    page = soup(render_quiz(hostile_quiz()))
    by_type = {f["data-type"]: f for f in page.select("fieldset.cq-question")}
    for kind, fieldset in by_type.items():
        assert fieldset.legend.select_one(".cq-number").get_text().startswith("Question ")
        for control in fieldset.select("input, select"):
            assert fieldset.select_one(f'label[for="{control["id"]}"]'), (kind, control)
        feedback = fieldset.select_one(".cq-feedback")
        assert feedback["role"] == "status" and feedback["aria-live"] == "polite"
        assert fieldset.select_one(".cq-explanation").has_attr("hidden")
        assert fieldset.select_one("button.cq-check").get_text() == "Check"
        assert fieldset.select_one("button.cq-retry").get_text() == "Try again"
        assert all(b["type"] == "button" for b in fieldset.select("button"))
    assert by_type["single"].legend.select_one(".cq-number").get_text() == "Question 1 of 6"
    assert {i["type"] for i in by_type["single"].select("input")} == {"radio"}
    assert [i["value"] for i in by_type["true-false"].select("input[type=radio]")] == ["true", "false"]
    assert len(by_type["multiple"].select("input[type=checkbox]")) == 4
    number = by_type["numeric"].select_one("input")
    assert (number["type"], number["inputmode"]) == ("text", "decimal")
    assert by_type["numeric"].select_one(f'label.cq-unit[for="{number["id"]}"]')
    assert not by_type["numeric"].select(".cq-hint")  # no hint, no hint button
    assert by_type["single"].select_one("details.cq-hint summary").get_text() == "Hint"
    positions = by_type["ordering"].select("select")
    assert [by_type["ordering"].select_one(f'label[for="{s["id"]}"]').get_text() for s in positions] == \
        ["Position 1", "Position 2", "Position 3"]
    assert [o["value"] for o in positions[0].select("option")] == ["", "i2", "i3", "i1"]
    assert [norm(li.get_text()) for li in by_type["ordering"].select("ul.cq-items li")] == \
        [norm(plain(hostile(f"item {i}"))) for i in ["i2", "i3", "i1"]]  # the items in full, in the shown order
    assert len(by_type["matching"].select("select")) == 3
    assert ([o["value"] for o in by_type["matching"].select_one("select").select("option")]
            == ["", "r3", "r1", "r4", "r2"])
    root = page.find("section")
    assert root.select_one(".cq-score").get_text() == "Score: 0 of 6"
    assert root.select_one(".cq-progress-text").get_text() == "Answered 0 of 6"
    assert root.select_one("progress")["max"] == "6"
    assert not root.select(".cq-nav") and root["data-one-at-a-time"] == "false"
    one = soup(render_quiz(hostile_quiz(one_at_a_time=True))).find("section")
    assert one["data-one-at-a-time"] == "true" and one.select_one(".cq-nav .cq-next")


def test_fragments_hold_every_feedback_the_script_can_show(bank):
    """quiz.js shows bank text only by cloning these fragments: every string grade() can return
    must be made of them (and of the script's own fixed words)."""
    quiz = Quiz(list(bank.questions), quiz_id="practice-2026", title="Practice test", seed=2026, bank=bank)
    page = soup(render_quiz(quiz))
    for q in [*quiz.questions, *hostile_questions()]:
        if q not in quiz.questions:
            page = soup(render_quiz(hostile_quiz()))
        fieldset = next(f for f in page.select("fieldset.cq-question") if f["data-question-id"] == q["id"])
        keys = {s["data-fragment"] for s in fieldset.select(".cq-fragments [data-fragment]")}
        if q["type"] in ("single", "multiple"):
            assert keys == {f"option-{w}:{o['id']}" for o in q["options"] for w in ("feedback", "text")}
        elif q["type"] == "true-false":
            assert keys == {"feedback:true", "feedback:false"}
        elif q["type"] == "ordering":
            assert keys == {f"item-{w}:{i['id']}" for i in q["items"] for w in ("text", "date")}
        elif q["type"] == "matching":
            assert keys == {f"match-feedback:{k}" for k in q["key"]}
        elif q["type"] == "numeric":  # the usual confusions, each named
            assert keys == {f"miss:{m['value']:g}" for m in q.get("misses") or []}
        else:
            assert not keys
        assert fieldset.select_one(".cq-fragments") is None or fieldset.select_one(".cq-fragments").has_attr("hidden")


def test_sources_link_to_the_bibliography(content, module_quizzes):
    bibliography = soup(render.bibliography(content))
    anchors = {tag["id"] for tag in bibliography.find_all(id=True)}
    seen = 0
    for quiz in module_quizzes:
        page = soup(render_quiz(quiz))
        for q, fieldset in zip(quiz.questions, page.select("fieldset.cq-question")):
            links = fieldset.select(".cq-explanation .cq-sources a")
            assert fieldset.select_one(".cq-sources").get_text().startswith("Sources: ")
            assert [a["href"] for a in links] == [f"references.html#src-{s['id']}" for s in q["sources"]]
            assert [a.get_text() for a in links] == [f"[{s['number']}] {s.get('short') or s['author']}"
                                                     for s in q["sources"]]
            for s in q["sources"]:
                assert f"src-{s['id']}" in anchors
                assert list(content.sources).index(s["id"]) + 1 == s["number"]
            seen += len(links)
    assert seen
    hostile = soup(render_quiz(hostile_quiz())).select_one(".cq-sources")
    assert hostile.get_text() == f"Sources: [1] Author 1 {HOSTILE[1]}; [3] Author 3 {HOSTILE[1]}"


def test_hand_made_questions_grade_as_the_tests_expect():
    """The browser test relies on these keys; make sure they grade as intended in Python."""
    for q in hostile_questions():
        key = q["key"]
        assert grade(q, key if q["type"] != "numeric" else "1,998").correct


def test_a_capped_module_quiz_covers_every_objective_in_the_banks_order(bank):
    """A long module's page shows at most ``most`` questions, every objective that has questions among
    them, in the bank's order, the same draw every build; the title says how many of how many."""
    module = bank.content.module("work-programme")
    whole = Quiz.for_module(module.id, bank=bank)
    most = len(whole.questions) - 5
    capped = Quiz.for_module(module.id, most=most, bank=bank)
    assert len(capped.questions) == most
    objectives = {q.objective for q in bank.module(module.id)}
    assert {q["objective"] for q in capped.questions} == objectives
    again = Quiz.for_module(module.id, most=most, bank=bank)
    assert [q["id"] for q in again.questions] == [q["id"] for q in capped.questions]
    assert f"({most} of its {len(whole.questions)} questions, every objective covered)" in capped.title
    assert Quiz.for_module(module.id, most=len(whole.questions), bank=bank).title == whole.title  # no cap, no note
