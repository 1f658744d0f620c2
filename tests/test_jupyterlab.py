"""The live quiz end to end: a real JupyterLab, a real kernel, a real browser, a learner's clicks.

JupyterLab is started on 127.0.0.1 (a free port, a random token) with its root in a temporary folder
that holds a COPY of a module quiz notebook; HOME, the Jupyter and IPython folders are temporary too,
so nothing is written into the repository or the real home. Chromium (Playwright, Debian's
/usr/bin/chromium) opens the notebook, runs every cell and answers the first single-choice question
as a learner would: a wrong option first, then "Try again" and the right one. What the widget shows is
compared with ``quizzes.grade.grade`` run here on the same presented question (same module, same seed,
same order). Every request to another host is aborted and fails the test.

A screenshot is kept in ``test-artifacts/jupyterlab.png``. Without chromium, Playwright or JupyterLab
the test is skipped, with the reason; with CI=true it fails.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from quizzes.grade import grade
from quizzes.markdown import plain
from quizzes.quiz import Quiz

from .browser import CHROMIUM, CHROMIUM_ARGS, Watch, unavailable
from .conftest import ROOT
from .jupyter_servers import free_port, private_env, stop

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = expect = None

NOTEBOOK = "quiz-03-themes.ipynb"
MODULE = "themes"  # the notebook's Quiz.for_module(...) argument (checked below)
SEED = 0
SCREENSHOT = ROOT / "test-artifacts" / "jupyterlab.png"
SERVER_START = 60  # seconds: JupyterLab answering on its port
RENDER = 60_000  # ms: page loaded, kernel up, widget drawn (generous: a loaded machine is slow)
STEP = 10_000  # ms: one click's round trip through the kernel


def _unavailable(reason: str):
    unavailable(reason, "the JupyterLab test")


def norm(text: str) -> str:
    return " ".join(text.split())


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
        return response.status, response.read()


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab serving a copy of the notebook; yields (base URL, token, the server's log path)."""
    if sync_playwright is None:  # checked first: no server is started for a test that cannot run
        _unavailable("the playwright package is not installed")
    if not CHROMIUM.is_file():
        _unavailable(f"no chromium at {CHROMIUM}")
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        _unavailable("jupyterlab is not installed")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy2(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    env = private_env(tmp_path)
    port, token = free_port(), secrets.token_hex(24)
    log_path = tmp_path / "jupyterlab.log"
    command = [sys.executable, "-m", "jupyterlab",
               "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
               f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
               "--ServerApp.terminals_enabled=False",
               # nothing fetched from the internet by the server either
               "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVER_START
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                if _get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer in {SERVER_START} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        yield base, token, log_path
    finally:
        stop(server, base, token)
    # the kernel was shut down with the server: no kernel process is left behind
    leftovers = [p for p in (tmp_path / "jupyter/runtime").glob("kernel-*.json")]
    assert not leftovers, f"kernel connection files left behind: {leftovers}"


# -- the page --------------------------------------------------------------------------------
NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  const kernel = panel && panel.context && panel.context.path === path && panel.sessionContext
    && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""


STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  const cells = [...document.querySelectorAll('.jp-Cell')].map(c => ({
    prompt: (c.querySelector('.jp-InputPrompt') || {}).textContent,
    outputs: [...c.querySelectorAll('.jp-OutputArea-output')].map(o => o.className + ': '
      + o.innerText.slice(0, 1500)),
  }));
  return {kernel: kernel ? kernel.status : null, cells};
}"""


def what_the_notebook_shows(page, log_path) -> str:
    """The kernel's status, each cell's prompt and outputs, and the server log's end (for a failure)."""
    try:
        state = json.dumps(page.evaluate(STATE), indent=1, ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 - a diagnosis must not hide the failure
        state = f"(page state unavailable: {error})"
    return f"{state}\n--- server log (end) ---\n{Path(log_path).read_text(errors='replace')[-3000:]}"


def test_live_quiz_in_jupyterlab(lab):
    # What the notebook shows, computed here: the same module, seed and order as the kernel's quiz.
    source = json.loads((ROOT / "notebooks" / NOTEBOOK).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in source["cells"] if c["cell_type"] == "code")
    assert f'Quiz.for_module("{MODULE}", seed={SEED})' in code, code
    quiz = Quiz.for_module(MODULE, seed=SEED)
    index, presented = next((n, q) for n, q in enumerate(quiz.questions) if q["type"] == "single")
    wrong = next(o for o in presented["options"] if o["id"] != presented["key"])
    right = next(o for o in presented["options"] if o["id"] == presented["key"])
    wrong_result, right_result = grade(presented, wrong["id"]), grade(presented, right["id"])
    assert wrong_result.valid and not wrong_result.correct
    assert right_result.valid and right_result.correct
    total = len(quiz.questions)

    base, token, log_path = lab
    start = time.monotonic()

    def phase(name: str) -> None:  # shown with -s, or with a failure: where the time went
        print(f"{name}: {time.monotonic() - start:.1f} s")

    browser_env = private_env(Path(log_path).parent / "browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=browser_env)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            page.set_default_timeout(STEP)
            watch = Watch(page)
            try:
                page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", timeout=RENDER)
                phase("page loaded")
                page.wait_for_function(NOTEBOOK_READY, arg=NOTEBOOK, timeout=RENDER)
                phase("kernel idle")
                page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

                # the live widget (class quiz-widget), not the static HTML saved in the notebook (course-quiz)
                widget = page.locator(".jp-OutputArea-output .quiz-widget")
                try:
                    expect(widget).to_have_count(1, timeout=RENDER)
                except AssertionError as error:
                    raise AssertionError(f"no live quiz widget:\n{what_the_notebook_shows(page, log_path)}") from error
                phase("widget drawn")
                expect(widget).to_be_visible()
                expect(page.locator(".jp-OutputArea-output .course-quiz")).to_have_count(0)
                questions = widget.locator(".quiz-question")
                expect(questions).to_have_count(total)
                question = questions.nth(index)
                score = widget.get_by_text(re.compile(r"^Score: "))
                expect(score).to_have_text(f"Score: 0 of 0 answered ({total} questions)")

                # it is the question computed here: prompt and options in the same order
                expect(question.locator(".quiz-number")).to_have_text(f"Question {index + 1} of {total}")
                assert norm(plain(presented["prompt"])) in norm(question.inner_text())
                radios = question.get_by_role("radio")
                expect(radios).to_have_count(len(presented["options"]))
                labels = [norm(t) for t in question.locator("label:has(input[type=radio])").all_inner_texts()]
                assert labels == [norm(plain(o["text"])) for o in presented["options"]]

                feedback = question.locator(".quiz-verdict")
                explanation = question.locator(".quiz-explanation")
                check = question.get_by_role("button", name="Check")
                retry = question.get_by_role("button", name="Try again")
                expect(retry).to_be_hidden()

                # a wrong answer: grade()'s verdict and feedback, score 0 of 1
                question.get_by_role("radio", name=plain(wrong["text"]), exact=True).check()
                check.click()
                expect(feedback).to_be_visible()
                expect(feedback).to_have_class(re.compile(r"\bquiz-wrong\b"))
                paragraphs = [norm(t) for t in feedback.locator(":scope > p").all_inner_texts()]
                assert paragraphs[0] == "✗ Not quite."
                assert paragraphs[1:] == [norm(plain(f)) for f in wrong_result.feedback]
                expect(score).to_have_text(f"Score: 0 of 1 answered ({total} questions)")
                expect(check).to_be_disabled()
                expect(radios.first).to_be_disabled()
                expect(retry).to_be_visible()

                # try again: cleared and unlocked
                retry.click()
                expect(feedback).to_be_hidden()
                expect(explanation).to_be_hidden()
                expect(retry).to_be_hidden()
                expect(check).to_be_enabled()
                expect(score).to_have_text(f"Score: 0 of 0 answered ({total} questions)")
                for n in range(len(presented["options"])):
                    expect(radios.nth(n)).not_to_be_checked()

                # the right answer: correct verdict, explanation with its sources, score 1 of 1
                question.get_by_role("radio", name=plain(right["text"]), exact=True).check()
                check.click()
                expect(feedback).to_have_class(re.compile(r"\bquiz-correct\b"))
                paragraphs = [norm(t) for t in feedback.locator(":scope > p").all_inner_texts()]
                assert paragraphs == ["✓ Correct."] + [norm(plain(f)) for f in right_result.feedback]
                expect(explanation).to_be_visible()
                shown = norm(explanation.inner_text())
                assert norm(plain(presented["explanation"])) in shown
                sources = "; ".join(f"[{s['number']}] {s.get('short') or s.get('author')}"
                                    for s in presented["sources"])
                assert f"Sources: {sources}" in shown, shown
                expect(explanation.get_by_text("Sources:")).to_be_visible()
                expect(score).to_have_text(f"Score: 1 of 1 answered ({total} questions)")
                question.scroll_into_view_if_needed()
                phase("learner done")
            finally:
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOT))
            watch.check()
        finally:
            browser.close()
