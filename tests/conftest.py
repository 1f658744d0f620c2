"""Shared fixtures: the real content and bank, loaded once; a browser per module; the book built once
from a temporary copy, and the pages' code run in-process. Shared helpers that are not fixtures are
in tests/corpus.py (and the other helper modules of tests/): no test module imports another.

The content and bank fixtures are session-scoped and shared by every module that asks: their facts
and questions are frozen models; a test that wants to change one works on a copy (``model_copy``,
``copy.deepcopy`` of a presented question, a new ``Bank``).

Like jupyter-book's own tests, a build never touches the repository's ``_build/``: the book's files
are copied to a temporary folder and the real CLI builds them there, warnings as errors.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
import yaml

import course
from quizzes.core.load import load_bank
from quizzes.present.draw import draw
from quizzes.quiz import default_bank

from .browser import launch
from .corpus import BANK_CASES, CONTENT, ROOT

BOOK_FILES = ["_config.yml", "_toc.yml", "_templates", "book", "content"]
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


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
def copy_book(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in BOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def build(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    """``jupyter-book build FOLDER -W -n --keep-going``, as `make book` runs it."""
    env = {k: v for k, v in os.environ.items() if k != "COURSE_CONTENT_DIR"}
    return subprocess.run(
        [JUPYTER_BOOK, "build", str(folder), "-W", "-n", "--keep-going", *extra],
        capture_output=True, text=True, timeout=900, env=env,
    )


def table_rows(html: str, table: str) -> dict[str, list[str]]:
    """A generated table's rows (``data-id`` -> cell texts, whitespace collapsed), from its HTML."""
    from bs4 import BeautifulSoup

    doc = BeautifulSoup(str(html), "html.parser")
    return {tr["data-id"]: [" ".join(c.get_text(" ", strip=True).split()) for c in tr.select("th, td")]
            for tr in doc.select(f'[data-table="{table}"] tr[data-id]')}


def toc_files(root: Path = ROOT) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


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


def keep_reports(folder: Path, log: str) -> None:
    """Keep a failed build's log and execution reports where CI can upload them (test-artifacts/)."""
    artifacts = ROOT / "test-artifacts" / "build"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    (artifacts / "build.log").write_text(log, encoding="utf-8")
    reports = folder / "_build" / "html" / "reports"
    if reports.is_dir():
        shutil.copytree(reports, artifacts / "reports")


def page_outputs(page: Path, content_dir: Path) -> tuple[list, set[str]]:
    """Run a page's code cells here, as the kernel would; return each cell's displayed value and
    the files its code read: content files by stem (``Content.track_reads``), bank files as
    ``bank/<stem>``."""
    notebook = jupytext.reads(page.read_text(encoding="utf-8"), fmt="ipynb" if page.suffix == ".ipynb" else "md:myst")
    real_load = sys.modules["course.content.load"].load
    loaded: list = []

    def tracked_load(folder=None):
        content = real_load(folder or content_dir)
        content.track_reads()
        loaded.append(content)
        return content

    namespace: dict = {}
    outputs = []
    original = course.load
    course.load = tracked_load  # what pages call (from course import load)
    sys.modules["course.content.load"].load = tracked_load  # what the bank's loader calls
    quiz_module = sys.modules.get("quizzes.quiz")
    if quiz_module is not None:
        quiz_module._BANK = None  # each page loads (and tracks) its own bank and content
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            tree = ast.parse(cell.source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            code = compile(tree, str(page), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            # a top-level await (the JupyterLite install cell), as IPython runs it
            if code.co_flags & inspect.CO_COROUTINE:
                asyncio.run(eval(code, namespace))
            else:
                exec(code, namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), str(page), "eval"), namespace)
                if hasattr(value, "_repr_mimebundle_"):
                    value._repr_mimebundle_()  # displayed, as the kernel would: what it reads counts
                outputs.append(value)
    finally:
        course.load = original
        sys.modules["course.content.load"].load = real_load
    reads = set().union(*(c.reads for c in loaded)) if loaded else set()
    names = {Path(r).stem for r in reads}
    for output in outputs:  # a quiz reads the bank files its questions come from
        if hasattr(output, "bank") and hasattr(output, "questions"):
            names |= {"bank/" + Path(output.bank.where[q["id"]][0]).stem for q in output.questions}
        names |= {f"bank/{stem}" for stem in getattr(output, "bank_files", ())}  # draws from whole pools
    return outputs, names


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
