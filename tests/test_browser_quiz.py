"""The static quiz in a real browser (Playwright, Debian's /usr/bin/chromium): quiz.js grades every
question of the bank exactly as quizzes/present/grade.py does, and the page works by keyboard, offline.

Pages are served from a temporary folder on 127.0.0.1 with the real quizzes/views/static/quiz.js and
quiz.css; every request to another host is aborted and fails the test, as do console errors, page
errors and dialogs (an ``alert`` from hostile bank text would be one).

Without chromium or Playwright the tests are skipped, with the reason; with CI=true they fail.
"""

from __future__ import annotations

import pytest

from quizzes.present.grade import grade, parse_number
from quizzes.quiz import Quiz
from quizzes.views.html import id_part

from .browser import QUIZZES_READY, page_opener, serve
from .corpus import NUMBERS, hostile_quiz
from .quiz_page import (
    add_quiz_assets,
    assert_shows,
    attempts,
    qid,
    retry,
    run_question,
    shown,
    submit,
    typed,
    write_page,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory, bank):
    """The test pages, served on 127.0.0.1; returns (base URL, the quizzes on each page)."""
    folder = tmp_path_factory.mktemp("quiz-site")
    add_quiz_assets(folder)
    practice = Quiz(list(bank.questions), quiz_id="practice-2026", title="Practice test", seed=2026, bank=bank)
    modules = [Quiz.for_module(m.id, bank=bank) for m in bank.content.course.modules]
    pages = {
        # script in <head>, before the quiz HTML: it must wait for DOMContentLoaded
        "bank": [practice],
        # script after the quizzes (end of body); several quizzes, one script
        "modules": modules,
        "hostile": [hostile_quiz()],
        "one": [hostile_quiz(one_at_a_time=True, quiz_id="one-at-a-time")],
    }
    for name, quizzes in pages.items():
        write_page(folder, name, quizzes, script_first=name in ("bank", "one"))
    with serve(folder) as base:
        yield base, pages


@pytest.fixture
def open_page(browser, site):
    with page_opener(browser, site[0]) as opener:
        def _open(name: str, width: int = 1280, height: int = 900):
            page, _ = opener(f"{name}.html", width, height)
            page.wait_for_function(QUIZZES_READY)
            return page

        yield _open


# -- the tests ---------------------------------------------------------------------------------
def test_every_bank_question_is_graded_as_grade_py_grades_it(open_page, site):
    _, pages = site
    quiz = pages["bank"][0]
    page = open_page("bank")
    total = len(quiz.questions)
    assert page.locator(".cq-nojs").is_hidden()
    for n, q in enumerate(quiz.questions, 1):
        run_question(page, quiz, q, native=n <= 3)  # the first few with Playwright's mouse, then faster
        assert page.text_content(".cq-progress-text") == f"Answered {n} of {total}"
        assert page.text_content(".cq-score") == f"Score: {n} of {total}"
        assert page.eval_on_selector(".cq-progress-bar", "p => p.value") == n
        assert page.text_content(".cq-summary") == ("" if n < total else f"You scored {total} of {total}.")
    assert page.locator(".cq-summary").is_visible()


def test_every_question_type_with_hostile_text(open_page, site):
    """One question of each type, hostile text in every field: graded like grade.py, shown as text
    (no alert: the Watch fails the test on any dialog), final score with wrong answers counted."""
    _, pages = site
    quiz = pages["hostile"][0]
    page = open_page("hostile")
    for q in quiz.questions:
        run_question(page, quiz, q)
    assert page.text_content(".cq-summary") == "You scored 6 of 6."
    # answer two of them wrong: the running score and the summary follow
    for q in quiz.questions[:2]:
        base = qid(quiz, q)
        retry(page, base)
        assert page.text_content(".cq-summary") == ""
        submit(page, base, q, attempts(q)[1][0])
    assert page.text_content(".cq-score") == "Score: 4 of 6"
    assert page.text_content(".cq-summary") == "You scored 4 of 6."
    text = page.inner_text("body")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.evaluate("document.querySelectorAll('img, svg, script:not([type=\"application/json\"])"
                         ":not([src$=\"quiz.js\"])').length") == 0


def test_grader_parity_on_many_responses(open_page, site):
    """window.CourseQuiz.grade and parseNumber against grade.py, on responses the page can send."""
    _, pages = site
    page = open_page("modules")
    questions = list(pages["bank"][0].questions) + hostile_quiz().questions
    cases = []
    for q in questions:
        invalid, wrong, right = attempts(q)
        for response in [*invalid, *wrong, right]:
            cases.append((q, response))
        if q["type"] == "numeric":
            also = [f"{v:g}" for v in q.get("variants", [])]  # figures the sources also report: accepted
            for text in ["1,998", "1998", f"{q['key']}", f"{q['key']}%", f" {q['key']} ", "-0", "1e3", ".", *also]:
                cases.append((q, text))
    got = page.evaluate("cases => cases.map(([q, r]) => window.CourseQuiz.grade(q, r))", cases)
    for (q, response), result in zip(cases, got):
        assert result == grade(q, response).as_dict(), (q["id"], response)

    texts = ["1998", " 1998 ", "1,998", "1,998.5", "77%", "77 %", "77,5", "71 members", "71 Members", "1 998",
             "1\u00a0998", "1\u202f998", "1_998", "+5", "-5", ".5", "5.", "1,99", "1,9999", "12,345,678",
             "1.234,5", "abc", "", " ", "%", "1e3", "0x10", "Infinity", "NaN", "\u0661\u0669\u0669\u0668",
             "\uff11\uff19\uff19\uff18", "\u0967\u096f\u096f\u096e", "1" * 400, "--5", "+-5", "5%%", "5 % ",
             "\u20031998\u2003", "\x1c5\x1c", "\ufeff5", "\x855", "\u0663,\u0664\u0665\u0666", "1,,000", ",5",
             "5,", "1.2.3", "12,34,567", "\U0001d7d9\U0001d7ce", "5 years", "5years", "5 YEARS", "\u0130", "70 %",
             "\u22125", "\u2212 5", "1 998 000", "1 99", "1  998", "1\u00a0998,5", "1,998 000", "-1,998.25",
             "  77 % ", "77\u00a0%", "\u0661\u0669\u0669\u0668", "1\t998", "0", "-0", "00012", "+.5"]
    units = [None, "%", "members", "years", "\u0130"]
    cases = [(t, u) for t in texts for u in units] + [(t, u) for t, u, _ in NUMBERS]
    got = page.evaluate("cases => cases.map(([t, u]) => window.CourseQuiz.parseNumber(t, u))", cases)
    for (text, unit), value in zip(cases, got):
        assert value == parse_number(text, unit), (text, unit, value)


def test_scripts_before_or_after_the_quiz_and_several_quizzes_per_page(open_page, site):
    _, pages = site
    page = open_page("modules")  # script at the end of <body>, five quizzes
    quizzes = pages["modules"]
    assert page.locator("section.course-quiz[data-ready=true]").count() == len(quizzes)
    assert page.locator("script[src$='quiz.js']").count() == 1
    first, second = quizzes[0], quizzes[1]
    q = first.questions[0]
    submit(page, qid(first, q), q, attempts(q)[2])
    assert page.text_content(f"#cq--{id_part(first.quiz_id)} .cq-score") == f"Score: 1 of {len(first.questions)}"
    assert page.text_content(f"#cq--{id_part(second.quiz_id)} .cq-score") == f"Score: 0 of {len(second.questions)}"
    page.evaluate("window.CourseQuiz.init(document)")  # a second init changes nothing
    assert page.text_content(f"#cq--{id_part(first.quiz_id)} .cq-score") == f"Score: 1 of {len(first.questions)}"


def test_hint_opens_and_explanation_waits_for_an_answer(open_page, site):
    _, pages = site
    quiz = pages["hostile"][0]
    page = open_page("hostile")
    base = qid(quiz, quiz.questions[0])
    hint = page.locator(f"#{base} .cq-hint-body")
    assert hint.is_hidden() and page.locator(f"#{base} .cq-explanation").is_hidden()
    page.click(f"#{base} .cq-hint summary")
    assert hint.is_visible() and "hint single: <script>alert(1)</script>" in hint.inner_text()
    assert page.locator(f"#{base} .cq-explanation").is_hidden()


def _tab_until(page, js: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const a = document.activeElement; return {js}; }})()"):
            return
    raise AssertionError(f"Tab never reached: {js}")


def _keyboard_answer(page, base: str, q: dict) -> None:
    """Answer with the keyboard only: Tab to the controls, arrows/Space/typing, Enter on Check."""
    inside = f"document.getElementById('{base}').contains(a)"
    _tab_until(page, f"{inside} && (a.tagName === 'INPUT' || a.tagName === 'SELECT')")
    kind, key = q["type"], q["key"]
    if kind in ("single", "true-false"):
        values = [o["id"] for o in q["options"]] if kind == "single" else ["true", "false"]
        target = values.index(key if kind == "single" else ("true" if key else "false"))
        page.keyboard.press("Space")  # checks the first radio
        for _ in range(target):
            page.keyboard.press("ArrowDown")  # moves along the group, checking as it goes
    elif kind == "multiple":
        for n, o in enumerate(q["options"]):
            if n:
                page.keyboard.press("Tab")
            if o["id"] in key:
                page.keyboard.press("Space")
    elif kind == "numeric":
        page.keyboard.type(typed(key))
    elif kind in ("ordering", "matching"):
        choices = q["items"] if kind == "ordering" else q["rights"]
        wanted = key if kind == "ordering" else [key[left["id"]] for left in q["lefts"]]
        for n, value in enumerate(wanted):
            if n:
                page.keyboard.press("Tab")
            for _ in range([c["id"] for c in choices].index(value) + 1):
                page.keyboard.press("ArrowDown")
    _tab_until(page, f"{inside} && a.classList.contains('cq-check')")
    page.keyboard.press("Enter")


def test_keyboard_only_answers_one_question_of_each_type(open_page, site):
    _, pages = site
    quiz = pages["hostile"][0]
    page = open_page("hostile")
    page.focus("#start")
    for q in quiz.questions:
        base = qid(quiz, q)
        _keyboard_answer(page, base, q)
        seen = assert_shows(page, base, q, q["key"] if q["type"] != "numeric" else typed(q["key"]))
        assert seen["verdict"] == "correct" and seen["focused"] == "cq-retry"
    assert page.text_content(".cq-summary") == "You scored 6 of 6."
    # Space on a button, Enter on the hint's summary, Enter in the number field
    q = quiz.questions[3]
    base = qid(quiz, q)
    page.focus(f"#{base} .cq-retry")
    page.keyboard.press("Space")
    assert shown(page, base)["check"]
    page.keyboard.type("abc")
    page.keyboard.press("Enter")
    assert shown(page, base)["verdictText"] == "Enter a number, such as 1998 or 71."
    assert page.input_value(f"#{base}--answer") == "abc"
    assert page.get_attribute(f"#{base}--answer", "aria-invalid") == "true"
    first = qid(quiz, quiz.questions[0])
    page.focus(f"#{first} .cq-hint summary")
    page.keyboard.press("Enter")
    assert page.locator(f"#{first} .cq-hint-body").is_visible()
    # focus is visible: a :focus-visible outline on a keyboard-focused control
    page.focus("#start")
    _tab_until(page, "a.classList.contains('cq-retry')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline


def test_one_question_at_a_time_with_previous_and_next(open_page, site):
    _, pages = site
    quiz = pages["one"][0]
    page = open_page("one")
    visible = "() => [...document.querySelectorAll('fieldset.cq-question')].filter(f => !f.hidden).map(f => f.id)"
    bases = [qid(quiz, q) for q in quiz.questions]
    assert page.evaluate(visible) == bases[:1]
    assert page.is_disabled(".cq-prev") and page.text_content(".cq-position") == "Question 1 of 6"
    page.click(".cq-next")
    assert page.evaluate(visible) == bases[1:2] and page.text_content(".cq-position") == "Question 2 of 6"
    page.click(".cq-prev")
    assert page.evaluate(visible) == bases[:1]
    for n, q in enumerate(quiz.questions):
        if n:
            page.click(".cq-next")
            assert page.evaluate(visible) == bases[n:n + 1]
        submit(page, bases[n], q, q["key"] if q["type"] != "numeric" else "1998")
    assert page.is_disabled(".cq-next") and not page.is_disabled(".cq-prev")
    page.click(".cq-prev")
    page.focus(".cq-next")
    page.keyboard.press("Enter")  # to the last question again: Next is disabled, the focus moves to Previous
    assert page.evaluate("document.activeElement.className") == "cq-prev"
    assert page.text_content(".cq-summary") == "You scored 6 of 6."


@pytest.mark.parametrize("width", [390, 1280])
def test_no_horizontal_scrolling(open_page, width):
    page = open_page("hostile", width=width)
    for n in range(6):  # every question showing a message; the first one answered, with its explanation
        page.locator("fieldset.cq-question .cq-check").nth(n).click()
    page.locator("fieldset.cq-question").nth(0).locator("input").nth(0).check()
    page.locator("fieldset.cq-question .cq-check").nth(0).click()
    assert page.locator("fieldset.cq-question .cq-explanation").nth(0).is_visible()
    page.click("fieldset.cq-question >> nth=0 >> .cq-hint summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.emulate_media(color_scheme="dark")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    colour = page.evaluate("getComputedStyle(document.querySelector('.course-quiz')).color")
    assert colour == "rgb(206, 214, 221)", colour  # the theme's dark text colour (fallback outside the theme)
