"""What every browser test shares: Debian's chromium driven by Playwright, and a local web server.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get, as .ci/run does), started with
the flags this machine needs. Without it, or without Playwright, a browser test is skipped locally
with the reason, and fails when CI=true: CI must never pass by skipping.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - Playwright is pinned in requirements.txt
    sync_playwright = None

CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def unavailable(reason: str, what: str = "browser tests"):
    """Skip locally, fail on CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} cannot run on CI: {reason}")
    pytest.skip(f"{what} skipped: {reason} (set CI=true to make this a failure)")


def require_chromium(what: str = "browser tests") -> None:
    if sync_playwright is None:
        unavailable("the playwright package is not installed", what)
    if not CHROMIUM.is_file():
        unavailable(f"no chromium at {CHROMIUM}", what)


@contextmanager
def launch(what: str = "browser tests"):
    """A headless chromium for one test module (Playwright's sync API runs one at a time per thread)."""
    require_chromium(what)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """``folder`` served on 127.0.0.1 at a free port; yields the base URL (ending in /)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Every request not to 127.0.0.1 (nor a data: or blob: URL). Matched in Playwright's driver, so a
# page's own dozens of requests are not each sent through Python; all of them are still recorded.
ELSEWHERE = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1[:/]|data:|blob:)")


class Watch:
    """What a page did that it must not: console errors, page errors, dialogs, requests to another
    host (aborted and collected). ``ignore``: substrings of console errors known to be harmless.
    ``context``: watch the requests of the whole context instead (a page's workers and service worker
    too, as JupyterLite's kernel runs in a worker)."""

    def __init__(self, page, ignore: tuple[str, ...] = (), context=None):
        self.ignore = ignore
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("dialog", self._dialog)
        (context or page).on("request", lambda r: self.requests.append(r.url))
        (context or page).route(ELSEWHERE, self._block)

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort()

    def check(self):
        self.errors = [e for e in self.errors if not any(known in e for known in self.ignore)]
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        assert not self.blocked, f"requests to other hosts (aborted): {self.blocked}"
        assert self.requests, "no request was recorded: the watch is not working"
        assert all(urlsplit(u).scheme in ("data", "blob") or urlsplit(u).hostname == "127.0.0.1"
                   for u in self.requests)


QUIZZES_READY = "() => [...document.querySelectorAll('section.course-quiz')].every(s => s.dataset.ready === 'true')"


@contextmanager
def page_opener(browser, base: str, *, ignore: tuple[str, ...] = (), init: str | None = None):
    """Yields ``open(path, width=1280, height=900, init=None) -> (page, watch)``: each page in a fresh
    context (its own storage), light colour scheme, watched. On exit every watch is checked and every
    context closed. ``init`` scripts run before any of the page's own."""
    opened = []

    def _open(path: str, width: int = 1280, height: int = 900, init_script: str | None = None):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light")
        for script in filter(None, (init, init_script)):
            context.add_init_script(script)
        page = context.new_page()
        page.set_default_timeout(10_000)
        watch = Watch(page, ignore=ignore)
        opened.append((context, watch))
        page.goto(base + path)
        return page, watch

    try:
        yield _open
    finally:
        try:
            for _, watch in opened:
                watch.check()
        finally:
            for context, _ in opened:
                context.close()
