"""The static quiz in a real browser (Playwright, Debian's /usr/bin/chromium): quiz.js grades every
question of the bank exactly as quizzes/grade.py does, and the page works by keyboard, offline.

Pages are served from a temporary folder on 127.0.0.1 with the real quizzes/views/static/quiz.js and
quiz.css; every request to another host is aborted and fails the test, as do console errors, page
errors and dialogs (an ``alert`` from hostile bank text would be one).

Without chromium or Playwright the tests are skipped, with the reason; with CI=true they fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizzes import load_bank
from quizzes.present.grade import grade, parse_number
from quizzes.core.markdown import plain
from quizzes.quiz import Quiz
from quizzes.views.html import id_part, render_quiz

from .conftest import ROOT
from .browser import QUIZZES_READY, launch, page_opener, serve, unavailable
from .test_render_html import hostile_quiz

try:  # the grader's own cases, when its tests are there
    from .test_grade import NUMBERS as GRADE_NUMBERS
except ImportError:  # pragma: no cover
    GRADE_NUMBERS = []

STATIC = ROOT / "quizzes" / "views" / "static"
_unavailable = unavailable




def norm(text: str) -> str:
    return " ".join(text.split())


# -- the pages ---------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en" data-theme="{theme}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="_static/quiz.css">
{head}</head>
<body><main style="max-width: 60rem; margin: 0 auto; padding: 0 1rem">
<h1>{title}</h1>
<p><a href="#top" id="start">Top of the page</a></p>
{body}
</main>{tail}</body></html>
"""


def write_page(folder: Path, name: str, quizzes, *, script_first: bool, theme: str = "light") -> str:
    script = '<script src="_static/quiz.js"></script>'
    html = PAGE.format(title=name, theme=theme, head=script if script_first else "",
                       tail="" if script_first else script,
                       body="\n".join(render_quiz(q) for q in quizzes))
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return f"{name}.html"


def add_quiz_assets(folder: Path) -> None:
    """The book's quiz script and styles, where a built page finds them, and a references page."""
    (folder / "_static").mkdir()
    for name in ("quiz.js", "quiz.css"):
        shutil.copy2(STATIC / name, folder / "_static" / name)
    (folder / "references.html").write_text("<!DOCTYPE html><title>References</title>", encoding="utf-8")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


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


@pytest.fixture(scope="module")
def browser():
    with launch() as browser:
        yield browser


@pytest.fixture
def open_page(browser, site):
    with page_opener(browser, site[0]) as opener:
        def _open(name: str, width: int = 1280, height: int = 900):
            page, _ = opener(f"{name}.html", width, height)
            page.wait_for_function(QUIZZES_READY)
            return page

        yield _open


# -- driving a question ----------------------------------------------------------------------
def qid(quiz, q) -> str:
    return f"cq--{id_part(quiz.quiz_id)}--q--{id_part(q['id'])}"


FILL = """([base, kind, response, lefts]) => {
  const controls = [...document.getElementById(base).querySelectorAll('input, select')];
  const changed = c => ['input', 'change'].forEach(t => c.dispatchEvent(new Event(t, {bubbles: true})));
  controls.forEach((c, n) => {
    if (kind === 'single' || kind === 'true-false') {
      if (response !== null && c.value === (kind === 'single' ? response : String(response))) c.click();
      return;
    }
    if (kind === 'multiple') c.checked = response.includes(c.value);
    else if (kind === 'numeric') c.value = response;
    else if (kind === 'ordering') c.value = response[n];
    else if (kind === 'matching') c.value = response[lefts[n]];
    changed(c);
  });
}"""


def fill(page, base: str, q: dict, response, native: bool = True) -> None:
    """Enter a response with the page's own controls: as a learner would, with Playwright's mouse
    and typing (``native``), or, for the whole bank, faster, by setting the controls in the page."""
    kind = q["type"]
    if not native:
        page.evaluate(FILL, [base, kind, response, [left["id"] for left in q.get("lefts", [])]])
        return
    if kind in ("single", "true-false"):
        if response is not None:
            value = response if kind == "single" else ("true" if response else "false")
            page.check(f"#{base}--opt--{id_part(value)}")
    elif kind == "multiple":
        for o in q["options"]:
            page.set_checked(f"#{base}--opt--{id_part(o['id'])}", o["id"] in response)
    elif kind == "numeric":
        page.fill(f"#{base}--answer", response)
    elif kind == "ordering":
        for n, item in enumerate(response, 1):
            page.select_option(f"#{base}--pos--{n}", value=item)
    elif kind == "matching":
        for left in q["lefts"]:
            page.select_option(f"#{base}--match--{id_part(left['id'])}", value=response[left["id"]])


SHOWN = """base => {
  const f = document.getElementById(base);
  const verdict = f.querySelector('.cq-feedback .cq-verdict');
  const visible = el => !!el && el.getClientRects().length > 0;
  const explanation = f.querySelector('.cq-explanation');
  return {
    verdict: verdict ? verdict.dataset.verdict : null,
    verdictText: verdict ? verdict.textContent : null,
    feedback: [...f.querySelectorAll('.cq-feedback li')].map(li => li.textContent),
    explanation: visible(explanation),
    sources: visible(explanation) ? [...explanation.querySelectorAll('.cq-sources a')].map(a => a.textContent) : [],
    check: visible(f.querySelector('.cq-check')),
    retry: visible(f.querySelector('.cq-retry')),
    disabled: [...f.querySelectorAll('input, select')].map(c => c.disabled),
    values: [...f.querySelectorAll('input, select')].map(c => c.type === 'radio' || c.type === 'checkbox' ? c.checked : c.value),
    focused: f.contains(document.activeElement) ? document.activeElement.className || document.activeElement.tagName : null,
  };
}"""


def shown(page, base: str) -> dict:
    return page.evaluate(SHOWN, base)


def assert_shows(page, base: str, q: dict, response) -> dict:
    """The page shows exactly what grade.py says of this response."""
    expected = grade(q, response)
    seen = shown(page, base)
    where = f"{q['id']} {response!r}"
    if not expected.valid:
        assert seen["verdict"] == "invalid", where
        assert seen["verdictText"] == expected.message, where
        assert seen["feedback"] == [], where
        assert not seen["explanation"] and seen["check"] and not seen["retry"], where
        assert not any(seen["disabled"]), where
    else:
        assert seen["verdict"] == ("correct" if expected.correct else "incorrect"), where
        assert norm(seen["verdictText"]) == ("\u2713 Correct." if expected.correct else "\u2717 Not quite."), where
        assert [norm(t) for t in seen["feedback"]] == [norm(plain(s).replace("\uff1c", "<")) for s in expected.feedback], where
        assert seen["explanation"] and not seen["check"] and seen["retry"], where
        assert seen["sources"] == [f"[{s['number']}] {s.get('short') or s['author']}" for s in q["sources"]], where
        assert all(seen["disabled"]), where
    return seen


def press(page, base: str, button: str, native: bool = True) -> None:
    if native:
        page.click(f"#{base} .{button}")
    else:
        page.evaluate("([base, button]) => document.getElementById(base).querySelector('.' + button).click()",
                      [base, button])


def submit(page, base: str, q: dict, response, native: bool = True) -> dict:
    fill(page, base, q, response, native)
    press(page, base, "cq-check", native)
    return assert_shows(page, base, q, response)


def retry(page, base: str, native: bool = True) -> None:
    press(page, base, "cq-retry", native)
    seen = shown(page, base)
    assert seen["verdict"] is None and seen["feedback"] == [] and not seen["explanation"]
    assert seen["check"] and not seen["retry"] and not any(seen["disabled"])
    assert not any(v for v in seen["values"] if v is not None), "Try again clears the question"


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def attempts(q: dict) -> tuple[list, list, object]:
    """(invalid responses, wrong ones, the right one) for a question, from its key."""
    kind, key = q["type"], q["key"]
    if kind == "single":
        return [None], [o["id"] for o in q["options"] if o["id"] != key], key
    if kind == "multiple":
        ids = [o["id"] for o in q["options"]]
        wrong = [i for i in ids if i not in key]
        tries = [ids, key[1:] or (key + wrong[:1]), wrong[:1] + key, wrong[:1]]
        return [[]], [t for t in tries if t and set(t) != set(key)], key
    if kind == "true-false":
        return [None], [not key], key
    if kind == "numeric":
        step = q["tolerance"] + 1
        unit = q.get("unit") or ""
        right = f"{_number(key)} {unit}" if unit and parse_number(f"{_number(key)} {unit}", unit) is not None \
            else _number(key)
        return ["", "abc", "12 monkeys"], [_number(key + step), _number(key - step)], right
    if kind == "ordering":
        n = len(key)
        return [[""] * n, key[:-1] + [""], [key[0]] * n], [key[::-1], key[1:] + key[:1]], key
    if kind == "matching":
        lefts = list(key)
        rights = [r["id"] for r in q["rights"]]
        shifted = {left: rights[(rights.index(key[left]) + 1) % len(rights)] for left in lefts}
        return [{k: "" for k in lefts}, {**key, lefts[-1]: ""}], [shifted], key
    raise AssertionError(kind)


def clear(page, base: str, q: dict) -> None:
    """Back to a blank question, without the Try again button (after an invalid response)."""
    page.evaluate("""base => {
      for (const c of document.getElementById(base).querySelectorAll('input, select')) {
        if (c.type === 'radio' || c.type === 'checkbox') c.checked = false; else c.value = '';
      }
    }""", base)


def run_question(page, quiz, q, native: bool = True) -> None:
    """Invalid, wrong and right answers to one question; each compared with grade.py."""
    base = qid(quiz, q)
    invalid, wrong, right = attempts(q)
    for response in invalid:
        clear(page, base, q)
        fill(page, base, q, response, native)
        before = shown(page, base)["values"]
        press(page, base, "cq-check", native)
        seen = assert_shows(page, base, q, response)
        assert seen["values"] == before, "an invalid response keeps what the learner entered"
        assert seen["focused"] is not None, "the focus goes to the control to fix"
    clear(page, base, q)
    for response in wrong:
        seen = submit(page, base, q, response, native)
        assert seen["focused"] == "cq-retry"
        retry(page, base, native)
    submit(page, base, q, right, native)


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
    cases = [(t, u) for t in texts for u in units] + [(t, u) for t, u, _ in GRADE_NUMBERS]
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
        page.keyboard.type(_number(key))
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
        seen = assert_shows(page, base, q, q["key"] if q["type"] != "numeric" else _number(q["key"]))
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
