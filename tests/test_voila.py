"""The workshop as a group meets it in Voila: a real Voila server, a real kernel, a real browser.

Voila (the app view a trainer hands to a group, on Binder or a JupyterHub) runs a copy of
``book/workshop.ipynb`` on 127.0.0.1 with a private HOME. Chromium ticks one module, sets the number of
questions and the group number, starts, answers the first question rightly, finishes, and reads the
score summary; what it shows is compared with the same round played on a ``Workshop`` here, whose
paper is ``draw()``'s. Without chromium, Playwright or Voila the test is skipped; with CI=true it fails.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time

import pytest

from .browser import CHROMIUM, CHROMIUM_ARGS, Watch, unavailable
from .corpus import ROOT
from .jupyter_servers import free_port, private_env, stop
from .live_widgets import WorkshopRound

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = expect = None

MODULE = "structured-discussion"
COUNT = 3
START = 60  # seconds: Voila answering
RENDER = 90_000  # ms: the notebook run by Voila's kernel and the widgets drawn

# Voila's own page, not ours: its lab template links Font Awesome from jsdelivr (aborted here; on
# Binder it loads), and jupytext's JupyterLab extension, which Voila also loads, fails to start in
# Voila's page. Neither touches the workshop; anything else from elsewhere or in the console fails.
VOILA_REQUESTS = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",)
VOILA_CONSOLE = ("Failed to load resource: net::ERR_FAILED", "Failed to load resource: net::ERR_NAME_NOT_RESOLVED",
                 "The getter for the shared module is not a function")


@pytest.fixture
def voila(tmp_path):
    if sync_playwright is None:
        unavailable("the playwright package is not installed", "the Voila test")
    if not CHROMIUM.is_file():
        unavailable(f"no chromium at {CHROMIUM}", "the Voila test")
    if shutil.which("voila", path=str(ROOT / ".venv" / "bin")) is None:
        try:
            import voila  # noqa: F401
        except ImportError:
            unavailable("voila is not installed", "the Voila test")
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy2(ROOT / "book" / "workshop.ipynb", root / "workshop.ipynb")
    port = free_port()
    log_path = tmp_path / "voila.log"
    command = [sys.executable, "-m", "voila", "workshop.ipynb", "--no-browser", f"--port={port}",
               "--Voila.ip=127.0.0.1", "--Voila.port_retries=0"]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=root, env=private_env(tmp_path), stdout=log,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START
        while True:
            if server.poll() is not None:
                pytest.fail(f"Voila exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:  # the port answers (a GET of the page would run the notebook once for nothing)
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Voila did not answer in {START} s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base, log_path
    finally:
        stop(server, base, "")


def test_workshop_round_in_voila(voila):
    base, log_path = voila
    round_ = WorkshopRound.of_module(MODULE, COUNT)  # the same round, played here: what the page must show
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                    env=private_env(log_path.parent / "browser"))
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.set_default_timeout(15_000)
            watch = Watch(page, ignore=VOILA_CONSOLE)
            page.goto(base + "/", timeout=RENDER)
            workshop = page.locator(".course-workshop")
            try:
                expect(workshop).to_be_visible(timeout=RENDER)
            except AssertionError as error:
                raise AssertionError(f"no workshop widget:\n{log_path.read_text()[-3000:]}") from error
            round_.play(workshop)
            page.screenshot(path=str(ROOT / "test-artifacts" / "voila-workshop.png"), full_page=True)

            elsewhere = [u for u in watch.blocked if not u.startswith(VOILA_REQUESTS)]
            assert not elsewhere, f"requests to other hosts: {elsewhere}"
            watch.blocked.clear()
            watch.requests = [u for u in watch.requests if not u.startswith(VOILA_REQUESTS)]
            watch.check()
        finally:
            browser.close()


def test_a_number_that_reaches_the_kernel_after_start_redraws_the_round():
    """The race behind the flaky round, without a browser: in the page, a typed number is a state update
    ipywidgets may hold back (one per widget in flight) while Start's click is sent at once, so the click
    can arrive first. The button names what the kernel will draw; a number that still comes after the
    click (the setup is hidden, so it is the one typed before) redraws the round while nothing is
    answered, and is ignored once a question is."""
    from quizzes.workshop import Workshop

    ws = Workshop()
    for box, module_id in zip(ws.modules, ws._module_ids):
        box.value = module_id == MODULE
    assert ws.start.description == f"Start ({ws.count.value} questions, group 1)"
    ws.seed.value = 7
    assert ws.start.description == f"Start ({ws.count.value} questions, group 7)"
    ws.start.click()  # the click overtook the number
    assert ws.paper.count == ws.count.value != COUNT
    ws.count.value = COUNT  # ...which arrives now
    assert ws.running and ws.paper.count == COUNT and len(ws.quiz.items) == COUNT and ws.paper.seed == 7
    assert ws.start.description == f"Start ({COUNT} questions, group 7)"
    first = ws.quiz.items[0]
    first.set_response(first.question["options"][0]["id"] if "options" in first.question else 0)
    first.check.click()
    ws.count.value = 1  # once a question is answered, the round is the group's: no redraw
    assert ws.running and ws.paper.count == COUNT
    ws.end("finished")
    ws.count.value = 2  # after the round, it is the next round's count
    assert ws.paper.count == COUNT and ws.start.description == "Start (2 questions, group 7)"
