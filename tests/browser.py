"""What every browser test shares: Debian's chromium driven by Playwright, and a local web server.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get, as .ci/run does), started with
the flags this machine needs. Without it, or without Playwright, a browser test is skipped locally
with the reason, and fails when CI=true: CI must never pass by skipping.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path

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
