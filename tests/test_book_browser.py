"""The BUILT book in a real browser (Playwright, Debian's /usr/bin/chromium), page by page.

The book is built once per session (``built_book`` in conftest.py) and ``_build/html`` is served on
127.0.0.1; one chromium serves every test of this module, each test in a fresh context (so a fresh
localStorage: what a first-time reader gets). On every page:

* nothing is requested from another host (each request is recorded; any other host is aborted and
  fails the test), no console error, no page error, no dialog;
* axe-core (node_modules/axe-core, installed by ``make test``) finds no serious or critical
  violation, with every rule, in light and dark mode, at 1280 px and 390 px wide, and none is exempted
  (the theme's own violations are fixed in _templates/); every form control has an accessible name;
  the page does not scroll sideways on a phone.

The theme's header shows one search control at each width, and a search through it lists pages.

Each page with a quiz is answered through the page, every question wrongly and then rightly, and what
it shows is compared with ``quizzes.present.grade.grade``; one module page is answered by keyboard only.
Screenshots of the quiz pages go to ``test-artifacts/screenshots/`` and every axe finding, of any
impact, to ``test-artifacts/axe/`` (both git-ignored), for a person to look at.

Without chromium, Playwright or axe-core the tests are skipped, with the reason; with CI=true they fail.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from quizzes import load_bank
from quizzes.core.markdown import block, plain
from quizzes.present.grade import grade
from quizzes.quiz import Quiz
from quizzes.sphinx.trainer import trainer_files
from quizzes.views.html import id_part, page_data

from .book_build import toc_files
from .browser import QUIZZES_READY, page_opener, require_chromium, serve, unavailable
from .corpus import ROOT, norm
from .quiz_page import FILL, SHOWN, assert_shows, attempts, fill, press, qid, typed

pytestmark = pytest.mark.build

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_REPORTS = ROOT / "test-artifacts" / "axe"

# Every page of the book: the table of contents, and the two pages Sphinx adds. (index.html only
# redirects to the introduction: test_index_redirects_to_the_introduction.)
PAGES = toc_files() + ["genindex", "search"]

# The quiz on each page, as the page's code makes it (book/*.md; the practice page's seed and count
# are read from its code too, so the test follows the page).
_QUIZ_CALL = re.compile(r'^Quiz\.(?:for_module\("(?P<module>[^"]+)"(?:, most=(?P<most>\d+))?\)|'
                        r'practice\(count=(?P<count>\d+), seed=(?P<seed>\d+)\))$',
                        re.MULTILINE)


def _quiz_calls() -> dict[str, dict]:
    calls = {}
    for docname in toc_files():
        page = ROOT / f"{docname}.md"
        if not page.is_file():  # book/workshop.ipynb: no quiz in the book (tests/test_workshop.py, test_voila.py)
            continue
        match = _QUIZ_CALL.search(page.read_text(encoding="utf-8"))
        if match:
            calls[docname] = {k: v for k, v in match.groupdict().items() if v is not None}
    return calls


QUIZ_PAGES = _quiz_calls()
KEYBOARD_PAGE = "book/04-negotiations"  # its quiz has a question of every type: answered by mouse and by keyboard

# Console errors that are not ours and that our files cannot stop; nothing else is ignored.
KNOWN_CONSOLE_ERRORS = [
    # jupyter-book 1.x always loads sphinx-thebe (launch_buttons.thebe: false only hides the button),
    # and both sphinx-book-theme and sphinx-thebe add the inline script that declares this const, so
    # the second copy throws. Nothing is loaded from it (thebe itself loads only on a launch click).
    "Identifier 'THEBE_JS_URL' has already been declared",
]

# No axe violation is exempted. The theme's two (label-content-name-mismatch on the search field and
# the colour-mode button) are fixed by our copies of its templates, _templates/ (why: each file's
# header; tests/test_theme_templates.py keeps them in step with the installed theme).
# Known quiz violations to warn about rather than fail on: none (the verdict colours' contrast, found
# here, is fixed in quizzes/views/static/quiz.css).
QUIZ_VIOLATIONS: dict[str, str] = {}


# -- the site and the browser ------------------------------------------------------------------
@pytest.fixture(scope="session")
def tools():
    """Checked before the (slow) build, so a machine without a browser skips at once."""
    require_chromium()
    if not AXE.is_file():
        unavailable(f"no axe-core at {AXE} (run `npm ci`, as `make test` does)")
    return AXE


@pytest.fixture(scope="module")
def site(tools, built_book):
    """``_build/html`` served on 127.0.0.1; returns (base URL, the html folder)."""
    html = built_book / "_build" / "html"
    with serve(html) as base:
        yield base, html


# Test-only: the theme's CSS transitions (0.15 s on colours) only delay the final colours, which are
# what axe and the screenshots must see; off, a switch to dark mode takes effect at once.
NO_TRANSITIONS = """(() => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important; }';
  const add = () => (document.head || document.documentElement).appendChild(style);
  if (document.documentElement) add(); else document.addEventListener('DOMContentLoaded', add);
})();"""

SETTLED = """async () => {
  // the theme sets data-theme from its deferred script and its colours change with CSS transitions:
  // wait for both, so that axe and the screenshots see the colours a reader sees
  await document.fonts.ready;
  await Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)
                    .map(a => a.finished.catch(() => null)));
}"""


def settle(page, theme: str) -> None:
    page.wait_for_function("theme => document.documentElement.dataset.theme === theme", arg=theme)
    page.evaluate(SETTLED)


@pytest.fixture
def open_page(browser, site):
    """Opens a page of the book in a fresh context and watches it; checked again at teardown."""
    with page_opener(browser, site[0], ignore=tuple(KNOWN_CONSOLE_ERRORS), init=NO_TRANSITIONS) as opener:
        def _open(docname: str, width: int = 1280, height: int = 900, fragment: str = "", ready: bool = True):
            page, watch = opener(f"{docname}.html{fragment}", width, height)
            if ready:
                settle(page, "light")
                page.wait_for_function(QUIZZES_READY)
            return page, watch

        yield _open


# -- axe -----------------------------------------------------------------------------------------
AXE_RUN = """async ([context, options]) => {
  const result = await axe.run(context ? {include: [[context]]} : document, options || {});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' >>> '), summary: n.failureSummary, html: n.html.slice(0, 160)})),
  }));
}"""


def axe(page, label: str, *, context: str | None = None, options: dict | None = None) -> list[dict]:
    """Serious and critical violations (none exempted); every violation (any impact) is written to
    test-artifacts/axe/LABEL.json."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN, [context, options])
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{label}.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})")
        for n in v["nodes"]:
            lines.append(f"    {n['target']}\n        {' '.join(n['summary'].split())}\n        {n['html']}")
    return "\n".join(lines)


def label_of(docname: str) -> str:
    return docname.replace("/", "-")


# -- names and live regions ---------------------------------------------------------------------
NAMES = """() => {
  // every form control: named by aria-label, by aria-labelledby (every id there, with text), or by a <label>
  const text = el => (el ? el.textContent : '').trim();
  const named = el => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (by.length && by.every(id => document.getElementById(id)) \
&& by.map(id => text(document.getElementById(id))).join('')) return true;
    return [...(el.labels || [])].some(l => text(l));
  };
  const controls = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')];
  return {controls: controls.length, unnamed: controls.filter(el => !named(el)).map(el => el.outerHTML.slice(0, 160))};
}"""

LIVE = """() => {
  // each question's feedback and the quiz's summary are announced when they change
  const regions = [...document.querySelectorAll('section.course-quiz .cq-feedback, section.course-quiz .cq-summary')];
  return {questions: document.querySelectorAll('section.course-quiz fieldset.cq-question').length, \
regions: regions.length,
          silent: regions.filter(el => !['polite', 'assertive'].includes(el.getAttribute('aria-live')))\
.map(el => el.id)};
}"""

OVERFLOW = """() => {
  const wide = el => el.scrollWidth > el.clientWidth + 1;
  const root = document.scrollingElement || document.documentElement;
  return {page: wide(root) ? [root.scrollWidth, root.clientWidth] : null,
          quizzes: [...document.querySelectorAll('section.course-quiz')].filter(wide)\
.map(s => [s.id, s.scrollWidth, s.clientWidth])};
}"""
NO_OVERFLOW = {"page": None, "quizzes": []}
# A wide table scrolls inside its wrapper on a phone; its caption must stay readable, not scroll off.
CUT_CAPTIONS = """() => [...document.querySelectorAll('.course-table-wrap')].filter(w => {
  const caption = w.querySelector('caption');
  return caption && caption.getBoundingClientRect().right > w.getBoundingClientRect().right + 1;
}).map(w => w.querySelector('table').dataset.table)"""


# -- every page ----------------------------------------------------------------------------------
def test_every_built_page_is_tested(site):
    _, html = site
    built = {p.relative_to(html).with_suffix("").as_posix() for p in html.rglob("*.html")
             if p.relative_to(html).parts[0] not in ("_static", "_sources")}
    assert built == set(PAGES) | {"index"} | set(HANDOUTS)


# The printable handouts the trainer's guide offers (made at build time by quizzes.sphinx): plain
# pages without the theme, tested here as served from the book; their printing is tested in
# tests/test_export_handout.py.
HANDOUTS = [f"trainer/{Path(name).stem}" for name in trainer_files(load_bank()) if name.endswith(".html")]


@pytest.mark.parametrize("docname", HANDOUTS)
def test_handout_in_the_book_is_offline_and_accessible(open_page, docname):
    page, watch = open_page(docname, *WIDTHS["laptop"], ready=False)
    assert page.evaluate("document.querySelectorAll('article.question').length") > 0
    found = axe(page, label_of(docname))
    assert not found, f"axe on {docname}:\n{describe(found)}"
    page.set_viewport_size({"width": WIDTHS["phone"][0], "height": WIDTHS["phone"][1]})
    assert page.evaluate(OVERFLOW)["page"] is None, "the handout scrolls sideways on a phone"
    watch.check()


def test_index_redirects_to_the_introduction(open_page, site):
    base, _ = site
    page, watch = open_page("index", ready=False)
    page.wait_for_url(base + "book/intro.html")
    watch.check()


def test_the_watch_stops_requests_to_other_hosts(open_page):
    """The watch itself: a request to another host is aborted, collected, and fails the check."""
    page, watch = open_page("book/intro")
    page.evaluate("url => fetch(url).catch(() => null)", "https://example.org/x.js")
    assert watch.blocked == ["https://example.org/x.js"]
    with pytest.raises(AssertionError):
        watch.check()
    watch.blocked.clear()
    watch.requests.remove("https://example.org/x.js")
    watch.errors.clear()  # the aborted fetch's own console message
    watch.check()


WIDTHS = {"laptop": (1280, 900), "phone": (390, 844)}  # the phone: an iPhone 12 to 15


def screenshot(page, docname: str, width: int) -> None:
    """The whole page, for a person to look at (the quiz pages only: they have the most to see)."""
    if docname in QUIZ_PAGES:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{label_of(docname)}-{width}.png", full_page=True)


@pytest.mark.parametrize("docname", PAGES)
def test_page_is_offline_quiet_and_accessible(open_page, docname):
    """Every axe rule, none exempted, in light and dark mode at 1280 px and at 390 px: \
colours change with the mode, and which elements show changes with the width (on
    a phone the sidebar and its search field are hidden, the header shows a search icon, the tables
    scroll), and axe checks only what shows. At 390 px nothing scrolls sideways but the wide tables,
    inside their wrappers. The quiz pages are photographed at both widths (test-artifacts/screenshots/)."""
    page, watch = open_page(docname, *WIDTHS["laptop"])
    quizzes = page.evaluate("document.querySelectorAll('section.course-quiz').length")
    assert quizzes == (1 if docname in QUIZ_PAGES else 0)
    names = page.evaluate(NAMES)
    assert names["unnamed"] == [], "form controls without an accessible name"
    live = page.evaluate(LIVE)
    assert live["silent"] == [], "quiz feedback regions without aria-live"
    if quizzes:  # the checks above did look at the quiz
        assert live["regions"] == live["questions"] + 1 and names["controls"] >= live["questions"], (live, names)
    problems = {}
    problems["light, 1280 px"] = axe(page, f"{label_of(docname)}-light")
    screenshot(page, docname, WIDTHS["laptop"][0])

    page.emulate_media(color_scheme="dark")  # the theme follows the system setting ("auto" mode)
    settle(page, "dark")
    problems["dark, 1280 px"] = axe(page, f"{label_of(docname)}-dark")

    page.emulate_media(color_scheme="light")
    settle(page, "light")
    width, height = WIDTHS["phone"]
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate(SETTLED)
    problems["light, 390 px"] = axe(page, f"{label_of(docname)}-390")
    overflow = page.evaluate(OVERFLOW)
    cut = page.evaluate(CUT_CAPTIONS)
    screenshot(page, docname, width)

    page.emulate_media(color_scheme="dark")  # the phone in dark mode: the header's own buttons, dark
    settle(page, "dark")
    problems["dark, 390 px"] = axe(page, f"{label_of(docname)}-390-dark")

    report = "\n".join(f"== {when}\n{describe(v)}" for when, v in problems.items() if v)
    assert not report, f"axe on {docname}:\n{report}"
    assert overflow == NO_OVERFLOW, f"{docname} scrolls sideways at 390 px: {overflow}"
    assert cut == [], f"{docname}, 390 px: table captions cut off at the right"
    watch.check()


# -- the header: search and the colour-mode button -----------------------------------------------
# The search controls the theme can show outside its search dialog: the field button (the sidebar's,
# or a second one in a top bar that pydata-sphinx-theme 0.17 adds unless navbar_persistent is set),
# the header's magnifier button, and an inline search form.
SEARCH_CONTROLS = ".search-button__button, form.bd-search"
SHOWN_SEARCH = """selector => [...document.querySelectorAll(selector)].map((el, index) => {
  // shown: laid out, not hidden, inside the viewport and not covered (the element at its centre is
  // the control or inside it), so a reader can see and click it without opening anything first
  if (el.closest('#pst-search-dialog')) return null;
  const r = el.getBoundingClientRect();
  if (!r.width || !r.height || getComputedStyle(el).visibility !== 'visible') return null;
  if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) return null;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit && el.contains(hit) ? {index, html: el.outerHTML.slice(0, 120)} : null;
}).filter(Boolean)"""
# Wide, either side of the theme's 992 px breakpoint (where the sidebar's field gives way to the
# header's magnifier), and a phone.
SEARCH_WIDTHS = [(1280, 900), (992, 800), (991, 800), WIDTHS["phone"]]
SEARCH_WORD = "moratorium"  # a glossary term, on many pages


@pytest.mark.parametrize("width,height", SEARCH_WIDTHS, ids=[f"{w}px" for w, _ in SEARCH_WIDTHS])
def test_one_search_control_at_each_width_and_search_finds_pages(open_page, site, width, height):
    """Exactly one search control shows at the top of a page (two showed at desktop width before
    navbar_persistent: []); Ctrl+K opens the search dialog, and so does a click on that control;
    a word typed there and Enter lead to the search page, which lists built pages."""
    base, _ = site
    page, watch = open_page("book/intro", width, height)
    shown = page.evaluate(SHOWN_SEARCH, SEARCH_CONTROLS)
    assert len(shown) == 1, f"{len(shown)} search controls show at {width} px: {shown}"
    dialog = page.locator("#pst-search-dialog")
    page.keyboard.press("Control+K")
    assert dialog.evaluate("d => d.open"), "Ctrl+K did not open the search dialog"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    page.locator(SEARCH_CONTROLS).nth(shown[0]["index"]).click()
    assert dialog.evaluate("d => d.open && d.contains(document.activeElement)"), (
        "the control did not open the search dialog")
    page.keyboard.type(SEARCH_WORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}search.html?q={SEARCH_WORD}")
    page.wait_for_function("() => /Search finished/.test(document.getElementById('search-results')?.textContent || '')")
    hrefs = page.eval_on_selector_all("#search-results ul.search li a",
                                      "links => links.map(a => a.getAttribute('href'))")
    found = {urlsplit(h).path.removesuffix(".html") for h in hrefs}
    assert found, f"searching for {SEARCH_WORD!r} found nothing"
    assert found <= set(PAGES), found
    assert "book/glossary" in found
    watch.check()


def test_colour_mode_button_still_cycles_the_modes(open_page):
    """The colour-mode button (our copy of the theme's template, _templates/theme-switcher.html)
    still works: each click moves auto -> dark -> light -> auto (light system setting), and the one
    icon showing is the current mode's."""
    page, watch = open_page("book/intro")
    button = page.locator(".theme-switch-button")
    seen = []
    for _ in range(4):
        seen.append(page.evaluate("""() => ({mode: document.documentElement.dataset.mode,
          icons: [...document.querySelectorAll('.theme-switch-button .theme-switch')]
                   .filter(i => i.getBoundingClientRect().width > 0).map(i => i.dataset.mode)})"""))
        button.click()
    assert seen == [{"mode": m, "icons": [m]} for m in ("auto", "dark", "light", "auto")]
    watch.check()


# -- the quizzes, through the page ---------------------------------------------------------------
NOTHING = object()  # no response to enter


def page_quiz(page) -> dict:
    return json.loads(page.text_content("section.course-quiz script.course-quiz-data"))


def python_quiz(docname: str, bank) -> Quiz:
    call = QUIZ_PAGES[docname]
    if "module" in call:
        return Quiz.for_module(call["module"], most=int(call["most"]) if call.get("most") else None, bank=bank)
    return Quiz.practice(count=int(call["count"]), seed=int(call["seed"]), bank=bank)


STEP = f"""([base, root, kind, enter, response, lefts, button]) => {{
  // optionally enter a response with the page's controls and press a button; then report what the
  // question and the quiz show (one round trip per step)
  const fill = {FILL};
  const shown = {SHOWN};
  if (enter) fill([base, kind, response, lefts]);
  if (button) document.getElementById(base).querySelector('.' + button).click();
  const explanation = document.getElementById(base).querySelector('.cq-explanation').cloneNode(true);
  explanation.querySelectorAll('.cq-explanation-label, .cq-sources').forEach(x => x.remove());
  const quiz = document.getElementById(root);
  return {{...shown(base), explanationText: explanation.textContent,
          status: [quiz.querySelector('.cq-progress-text').textContent, quiz.querySelector('.cq-score').textContent,
                   quiz.querySelector('.cq-summary').textContent, quiz.querySelector('.cq-progress-bar').value]}};
}}"""


def step(page, base: str, root: str, q: dict, *, response=NOTHING, button: str | None = None) -> dict:
    lefts = [left["id"] for left in q.get("lefts", [])]
    enter = response is not NOTHING
    return page.evaluate(STEP, [base, root, q["type"], enter, response if enter else None, lefts, button])


def squeeze(text: str) -> str:
    return "".join(text.split())


def expect_graded(seen: dict, q: dict, response) -> None:
    """What the question shows, after Check, is what grade.py says of the response: the verdict,
    each feedback line, the explanation and its sources; the controls are locked until Try again."""
    expected = grade(q, response)
    where = f"{q['id']} {response!r}"
    assert expected.valid, where
    assert seen["verdict"] == ("correct" if expected.correct else "incorrect"), where
    assert norm(seen["verdictText"]) == ("\u2713 Correct." if expected.correct else "\u2717 Not quite."), where
    assert [norm(t) for t in seen["feedback"]] == [norm(plain(s)) for s in expected.feedback], where
    assert seen["explanation"] and not seen["check"] and seen["retry"] and seen["focused"] == "cq-retry", where
    explanation = BeautifulSoup(block(q["explanation"]), "html.parser").get_text()
    assert squeeze(seen["explanationText"]) == squeeze(explanation), where
    assert seen["sources"] == [f"[{s['number']}] {s.get('short') or s['author']}" for s in q["sources"]], where
    assert all(seen["disabled"]), where


def expect_cleared(seen: dict, q: dict) -> None:
    assert seen["verdict"] is None and seen["feedback"] == [] and not seen["explanation"], q["id"]
    assert seen["check"] and not seen["retry"] and not any(seen["disabled"]), q["id"]
    assert not any(v for v in seen["values"] if v is not None), f"Try again clears {q['id']}"


def axe_answered(page, docname: str, root: str) -> None:
    """axe on the quiz with every explanation and both verdicts showing, light (every rule) and dark
    (contrast); the known quiz.css problem (QUIZ_VIOLATIONS) is a warning."""
    found = axe(page, f"{label_of(docname)}-answered", context=f"#{root}")
    known = [v for v in found if QUIZ_VIOLATIONS.get(v["id"]) and all(
        page.evaluate("([t, s]) => document.querySelector(t).matches(s)", [node["target"], QUIZ_VIOLATIONS[v["id"]]])
        for node in v["nodes"])]
    for v in known:
        warnings.warn(f"{docname}: known problem in quizzes/views/static/quiz.css, {v['id']} on "
                      f"{len(v['nodes'])} elements: {' '.join(v['nodes'][0]['summary'].split())}", stacklevel=1)
    unknown = [v for v in found if v not in known]
    page.emulate_media(color_scheme="dark")
    settle(page, "dark")
    unknown += axe(page, f"{label_of(docname)}-answered-dark", context=f"#{root}",
                   options={"runOnly": ["color-contrast"]})
    page.emulate_media(color_scheme="light")
    settle(page, "light")
    assert not unknown, f"axe on the answered quiz of {docname}:\n{describe(unknown)}"


def on_the_phone(page, docname: str, root: str) -> None:
    """At 390 px, with every hint open too, neither the page nor the quiz scrolls sideways; the quiz
    is photographed, cut from a full-page capture taken from the top (a capture of the element
    itself scrolls, and draws the theme's fixed skip link and sticky header across the image)."""
    page.evaluate("root => document.getElementById(root).querySelectorAll('details')"
                  ".forEach(d => { d.open = true; })", root)
    width, height = WIDTHS["phone"]
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate(SETTLED)
    assert page.evaluate(OVERFLOW) == NO_OVERFLOW, f"{docname}: the answered quiz at {width} px"
    page.evaluate("window.scrollTo(0, 0)")
    box = page.evaluate("""root => { const r = document.getElementById(root).getBoundingClientRect();
                                     return {x: 0, y: r.top + window.scrollY, \
width: document.documentElement.clientWidth,
                                             height: r.height}; }""", root)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{label_of(docname)}-quiz-answered-{width}.png", full_page=True, clip=box)
    width, height = WIDTHS["laptop"]
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate(SETTLED)
    assert page.evaluate(OVERFLOW) == NO_OVERFLOW, f"{docname}: the answered quiz at {width} px"


@pytest.mark.parametrize("docname", list(QUIZ_PAGES))
def test_every_quiz_question_wrong_then_right_as_grade_py_says(open_page, site, bank, docname):
    """Each question: a wrong answer (then Try again), then the right one, read from the page's own
    data. The first question with Playwright's mouse and keyboard (on KEYBOARD_PAGE, the first of
    each type), the rest set in the page: the clicks and typing for every type are covered in
    tests/test_browser_quiz.py, and the keys in the built book below. After each
    step, the progress, the score and the summary. When the last question is answered wrongly (every
    explanation showing), axe checks the quiz, and it must fit a phone."""
    _, html = site
    page, watch = open_page(docname)
    data = page_quiz(page)
    quiz = python_quiz(docname, bank)
    assert data["questions"] == json.loads(json.dumps([page_data(q) for q in quiz.questions])), \
        "the page shows another quiz than its code makes"
    questions = json.loads(json.dumps(quiz.questions))  # in full: the page holds their grading part (above)
    total = len(questions)
    root = f"cq--{id_part(quiz.quiz_id)}"
    native_types = set()
    for n, q in enumerate(questions, 1):
        base = qid(quiz, q)
        native = n == 1 or (docname == KEYBOARD_PAGE and q["type"] not in native_types)
        native_types.add(q["type"])
        _, wrong, right = attempts(q)
        assert grade(q, right).correct and not grade(q, wrong[0]).correct
        if n == 1:
            seen = step(page, base, root, q)
            assert seen["status"] == [f"Answered 0 of {total}", f"Score: 0 of {total}", "", 0]
        # wrong
        if native:
            fill(page, base, q, wrong[0])
            press(page, base, "cq-check")
            seen = step(page, base, root, q)
        else:
            seen = step(page, base, root, q, response=wrong[0], button="cq-check")
        expect_graded(seen, q, wrong[0])
        summary = f"You scored {total - 1} of {total}." if n == total else ""
        assert seen["status"] == [f"Answered {n} of {total}", f"Score: {n - 1} of {total}", summary, n], q["id"]
        if n == total:  # every explanation and both verdicts are showing: the quiz at its longest
            axe_answered(page, docname, root)
            on_the_phone(page, docname, root)
        # Try again
        if native:
            press(page, base, "cq-retry")
            seen = step(page, base, root, q)
        else:
            seen = step(page, base, root, q, button="cq-retry")
        expect_cleared(seen, q)
        assert seen["status"] == [f"Answered {n - 1} of {total}", f"Score: {n - 1} of {total}", "", n - 1], q["id"]
        # right
        if native:
            fill(page, base, q, right)
            press(page, base, "cq-check")
            seen = step(page, base, root, q)
        else:
            seen = step(page, base, root, q, response=right, button="cq-check")
        expect_graded(seen, q, right)
        summary = f"You scored {total} of {total}." if n == total else ""
        assert seen["status"] == [f"Answered {n} of {total}", f"Score: {n} of {total}", summary, n], q["id"]
    assert page.locator(f"#{root} .cq-summary").is_visible()
    assert page.text_content(f"#{root} .cq-summary") == f"You scored {total} of {total}."
    # every source link under an explanation leads to an entry of the references page
    hrefs = page.eval_on_selector_all(f"#{root} .cq-sources a", "links => links.map(a => a.href)")
    assert len(hrefs) >= total
    pages = {}
    for href in hrefs:
        parts = urlsplit(href)
        target = html / parts.path.lstrip("/")
        if target not in pages:
            pages[target] = target.read_text(encoding="utf-8") if target.is_file() else ""
        assert f'id="{parts.fragment}"' in pages[target], href
    watch.check()


# -- keyboard only ---------------------------------------------------------------------------------
FOCUS = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const ring = el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return outline || s.boxShadow !== 'none' \
? `${el.tagName.toLowerCase()}: outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}, \
box-shadow ${s.boxShadow}` : null;
  };
  // a radio or checkbox shows its focus ring on its option row too (quiz.css: .cq-option:has(input:focus-visible))
  const row = a.closest('.cq-option');
  const question = a.closest('fieldset.cq-question');
  return {tag: a.tagName, type: a.type || null, cls: a.className, question: question ? question.id : null,
          inQuiz: !!a.closest('section.course-quiz'),
          ring: ring(a) || (row && ring(row)), focusVisible: a.matches(':focus-visible')};
}"""


class Keys:
    """Key presses only; after each, what has the focus, and that the focus can be seen."""

    def __init__(self, page):
        self.page = page
        self.presses = 0
        self.rings: dict[str, str] = {}

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        self.presses += 1
        focus = self.page.evaluate(FOCUS)
        if focus and focus["inQuiz"]:  # inside the quiz: the focus must be visible
            where = f"{focus['question']} {focus['tag']} {focus['type']} {focus['cls']}"
            assert focus["focusVisible"] and focus["ring"], f"no visible focus on {where}"
            self.rings[f"{focus['tag'].lower()} {focus['type'] or ''} {focus['cls']}".strip()] = focus["ring"]
        return focus

    def tab_until(self, test, key: str = "Tab", limit: int = 400) -> dict:
        """Press ``key`` until the focus passes ``test`` (no press if it already does)."""
        focus = self.page.evaluate(FOCUS)
        if focus and test(focus):
            return focus
        for _ in range(limit):
            focus = self.press(key)
            if focus and test(focus):
                return focus
        raise AssertionError(f"{key} never reached the place wanted")


def keyboard_answer(keys: Keys, base: str, q: dict) -> None:
    """Tab to the question's first control, answer with arrows, Space and typing, Shift+Tab back
    once to check the way back, then Enter on Check."""
    in_question = lambda f: f["question"] == base  # noqa: E731
    is_control = lambda f: in_question(f) and f["tag"] in ("INPUT", "SELECT")  # noqa: E731
    is_check = lambda f: in_question(f) and "cq-check" in f["cls"]  # noqa: E731
    keys.tab_until(is_control)
    kind, key = q["type"], q["key"]
    if kind in ("single", "true-false"):
        values = [o["id"] for o in q["options"]] if kind == "single" else ["true", "false"]
        target = values.index(key if kind == "single" else ("true" if key else "false"))
        keys.press("Space")  # checks the first radio of the group
        for _ in range(target):
            keys.press("ArrowDown")  # moves along the group, checking as it goes
    elif kind == "multiple":
        for n, o in enumerate(q["options"]):
            if n:
                assert is_control(keys.press("Tab"))
            if o["id"] in key:
                keys.press("Space")
    elif kind == "numeric":
        keys.page.keyboard.type(typed(key))
    elif kind in ("ordering", "matching"):
        choices = q["items"] if kind == "ordering" else q["rights"]
        wanted = key if kind == "ordering" else [key[left["id"]] for left in q["lefts"]]
        for n, value in enumerate(wanted):
            if n:
                assert is_control(keys.press("Tab"))
            for _ in range([c["id"] for c in choices].index(value) + 1):
                keys.press("ArrowDown")
    keys.tab_until(is_check, limit=5)
    back = keys.press("Shift+Tab")
    assert in_question(back) and not is_check(back), back
    keys.tab_until(is_check, limit=5)
    keys.press("Enter")


def test_keyboard_only_one_question_of_each_type(open_page, bank):
    """From the quiz's heading (reached by its #fragment, which is where Tab starts), Tab forward
    through the quiz, answering the first question of each type; Enter on Check; every focused
    control in the quiz shows a focus ring."""
    page, watch = open_page(KEYBOARD_PAGE, fragment="#check-your-understanding")
    data = page_quiz(page)
    quiz = python_quiz(KEYBOARD_PAGE, bank)
    assert data["questions"] == json.loads(json.dumps([page_data(q) for q in quiz.questions]))
    questions = json.loads(json.dumps(quiz.questions))  # in full, for what the page must show
    firsts = {}
    for q in questions:
        firsts.setdefault(q["type"], q)
    assert set(firsts) == {"single", "multiple", "true-false", "numeric", "ordering", "matching"}
    keys = Keys(page)
    keys.press("Tab")  # the fragment is where sequential focus navigation starts: the first Tab stays in the section
    assert page.evaluate("document.getElementById('check-your-understanding').contains(document.activeElement)")
    for q in sorted(firsts.values(), key=questions.index):  # in page order: Tab only goes forward
        base = qid(quiz, q)
        keyboard_answer(keys, base, q)
        response = q["key"] if q["type"] != "numeric" else typed(q["key"])
        seen = assert_shows(page, base, q, response)
        assert seen["verdict"] == "correct" and seen["focused"] == "cq-retry", q["id"]
        focus = page.evaluate(FOCUS)  # the focus moved to Try again: visible too
        assert focus["focusVisible"] and focus["ring"], focus
    assert page.text_content(".cq-score") == f"Score: {len(firsts)} of {len(data['questions'])}"
    print(f"\n{keys.presses} key presses; focus rings seen:")
    for element, ring in sorted(keys.rings.items()):
        print(f"  {element}: {ring}")
    watch.check()
