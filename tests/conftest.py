"""Shared fixtures: the real content and bank, loaded once; a browser per module; the book built once
from a temporary copy; the JupyterLite site. Fixtures are used by name, never imported: shared helpers
that are not fixtures are in tests/corpus.py, tests/book_build.py (building the book, a page's code run
in-process) and the other helper modules of tests/, and no test module imports conftest.py or another
test module.

The content and bank fixtures are session-scoped and shared by every module that asks: their facts
and questions are frozen models; a test that wants to change one works on a copy (``model_copy``,
``copy.deepcopy`` of a presented question, a new ``Bank``).

Like jupyter-book's own tests, a build never touches the repository's ``_build/``: the book's files
are copied to a temporary folder and the real CLI builds them there, warnings as errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import course
from quizzes.core.load import load_bank
from quizzes.present.draw import draw
from quizzes.quiz import default_bank

from .book_build import build, copy_book, keep_reports
from .browser import launch
from .corpus import BANK_CASES, CONTENT


# -- the real content and bank, and the valid bank case ---------------------------------------------
@pytest.fixture(scope="session")
def content():
    """The course content (content/), loaded and checked once."""
    return course.load(CONTENT)


@pytest.fixture(scope="session")
def bank():
    """The real bank as the pages' quizzes get it (``quizzes.quiz.default_bank()``), loaded and proven once."""
    return default_bank()


@pytest.fixture(scope="session")
def whole(bank):
    """The whole bank as one paper, in bank order (``draw(bank)``). Its questions are plain dicts: a
    test that changes one deep-copies it first."""
    return draw(bank)


@pytest.fixture(scope="session")
def valid_bank(content):
    """``tests/bank_cases/valid/`` (one question of every type, and a template), loaded from the
    cases folder as an author would, so its questions are located as ``valid/FILE:LINE``."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(BANK_CASES.folder)
        return load_bank(Path("valid"), content=content)


# -- the browser --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser(request):
    """A headless chromium (tests/browser.py), skipped locally and failed on CI without one. Module
    scope, not session: Playwright's sync API runs one browser at a time per thread, and the Jupyter
    front-end tests start their own. A module may name its tests for the skip message (``BROWSER_TESTS``)."""
    with launch(getattr(request.module, "BROWSER_TESTS", "browser tests")) as browser:
        yield browser


# -- the book -----------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The whole book, built cold from a copy; returns the copy's folder (HTML in _build/html)."""
    folder = copy_book(tmp_path_factory.mktemp("book"))
    result = build(folder)
    log = result.stdout + result.stderr
    (folder / "build.log").write_text(log, encoding="utf-8")
    if result.returncode != 0:
        keep_reports(folder, log)
    assert result.returncode == 0, f"jupyter-book build failed (reports in test-artifacts/):\n{log[-4000:]}"
    return folder


@pytest.fixture(scope="session")
def lite_site(tmp_path_factory) -> Path:
    """The JupyterLite site, built as `make book` builds it, in a temporary folder, from the cache that
    `make test` fetched (a test makes no network call)."""
    from course.jupyterlite.pins import LiteError
    from course.jupyterlite.site import build as build_lite

    try:
        return build_lite(tmp_path_factory.mktemp("lite") / "lite")
    except LiteError as error:
        pytest.fail(f"the JupyterLite site cannot be built:\n{error}")
