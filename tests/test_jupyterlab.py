"""The live quiz end to end: a real JupyterLab, a real kernel, a real browser, a learner's clicks.

JupyterLab is started on 127.0.0.1 (a free port, a random token) with its root in a temporary folder
that holds a COPY of a module quiz notebook; HOME, the Jupyter and IPython folders are temporary too,
so nothing is written into the repository or the real home. Chromium (Playwright, Debian's
/usr/bin/chromium) opens the notebook, runs every cell and answers the first single-choice question
as a learner would: a wrong option first, then "Try again" and the right one. What the widget shows is
compared with ``quizzes.present.grade.grade`` run here on the same presented question (same module, same seed,
same order). Every request to another host is aborted and fails the test.

A screenshot is kept in ``test-artifacts/jupyterlab.png``. Without chromium, Playwright or JupyterLab
the test is skipped, with the reason; with CI=true it fails.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, Watch, unavailable
from .corpus import ROOT
from .jupyter_servers import free_port, private_env, stop
from .live_widgets import NOTEBOOK_READY, RUN_ALL, SingleAnswer, what_the_notebook_shows

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


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # 127.0.0.1 only
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


def test_live_quiz_in_jupyterlab(lab):
    # What the notebook shows, computed here: the same module, seed and order as the kernel's quiz.
    answer = SingleAnswer.of_notebook(NOTEBOOK, MODULE, SEED)
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
                page.evaluate(RUN_ALL)

                # the live widget (class quiz-widget), not the static HTML saved in the notebook (course-quiz)
                widget = page.locator(".jp-OutputArea-output .quiz-widget")
                try:
                    expect(widget).to_have_count(1, timeout=RENDER)
                except AssertionError as error:
                    raise AssertionError(f"no live quiz widget:\n{what_the_notebook_shows(page, log_path)}") from error
                phase("widget drawn")
                expect(widget).to_be_visible()
                expect(page.locator(".jp-OutputArea-output .course-quiz")).to_have_count(0)
                answer.play(widget)
                phase("learner done")
            finally:
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOT))
            watch.check()
        finally:
            browser.close()
