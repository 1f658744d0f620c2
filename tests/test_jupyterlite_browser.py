"""The quiz and the workshop in JupyterLite, the site inside the book: a real browser, a real kernel in
the browser (Pyodide), no server but a static one, no network.

The site (built as `make book` builds it) is served on 127.0.0.1 by a plain file server. Chromium
opens a notebook there with service workers allowed (JupyterLite's file access needs one) and every
request to another host aborted and counted, for the whole context: the page, the kernel's worker and
the service worker. The count must be zero. The learner's round is the one the JupyterLab and Voila
tests play (tests/live_widgets.py), checked against the Python grader and ``Workshop`` here.
Screenshots go to test-artifacts/. Without chromium or Playwright the tests skip; with CI=true they fail.
"""

from __future__ import annotations

import time

import pytest

from .browser import Watch, launch, serve
from .corpus import ROOT
from .live_widgets import NOTEBOOK_READY, RUN_ALL, SingleAnswer, WorkshopRound, what_the_notebook_shows

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

WHAT = "the JupyterLite tests"
RENDER = 120_000  # ms: app loaded, Pyodide booted, the quiz code installed from the site, widget drawn
STEP = 15_000  # ms: one click's round trip through the kernel in the browser
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def served(lite_site):
    with launch(WHAT) as browser, serve(lite_site) as base:
        yield browser, base


def run_notebook(browser, base: str, notebook: str):
    """Open ``notebook`` in the lite site, wait for its kernel, run all cells; (context, page, watch)."""
    context = browser.new_context(service_workers="allow", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(STEP)
    watch = Watch(page, context=context)
    start = time.monotonic()
    page.goto(f"{base}lab/index.html?path={notebook}", timeout=RENDER)
    try:
        page.wait_for_function(NOTEBOOK_READY, arg=notebook, timeout=RENDER)
    except Exception as error:
        raise AssertionError(f"{notebook}: no idle kernel:\n{what_the_notebook_shows(page)}") from error
    print(f"{notebook}: kernel idle after {time.monotonic() - start:.1f} s")  # shown with -s
    page.evaluate(RUN_ALL)
    return context, page, watch


def visible(page, selector: str, notebook: str):
    found = page.locator(f".jp-OutputArea-output {selector}")
    try:
        expect(found).to_have_count(1, timeout=RENDER)
    except AssertionError as error:
        raise AssertionError(f"{notebook}: no {selector}:\n{what_the_notebook_shows(page)}") from error
    expect(found).to_be_visible()
    return found


def finish(context, page, watch, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"jupyterlite-{name}.png"))
    assert len(watch.blocked) == 0, f"requests to other hosts: {watch.blocked}"
    watch.check()
    context.close()


def test_live_quiz_in_jupyterlite(served):
    browser, base = served
    notebook = "quiz-03-themes.ipynb"
    answer = SingleAnswer.of_notebook(notebook, "themes", 0)  # what the kernel's quiz must show
    context, page, watch = run_notebook(browser, base, notebook)
    widget = visible(page, ".quiz-widget", notebook)  # the live widget, not the stored HTML
    expect(page.locator(".jp-OutputArea-output .course-quiz")).to_have_count(0)
    # the kernel is Pyodide's: the install cell ran, and printed nothing
    kernel = page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.name")
    assert kernel == "python"
    answer.play(widget)
    finish(context, page, watch, "quiz")


def test_workshop_round_in_jupyterlite(served):
    browser, base = served
    round_ = WorkshopRound.of_module("structured-discussion", 3)  # the same round, played here
    context, page, watch = run_notebook(browser, base, "workshop.ipynb")
    workshop = visible(page, ".course-workshop", "workshop.ipynb")
    round_.play(workshop)
    finish(context, page, watch, "workshop")
