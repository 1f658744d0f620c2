"""Building the book in tests: its files copied to a temporary folder and the real CLI run there
(``jupyter-book build -W -n --keep-going``, as `make book` runs it), a failed build's reports kept for
CI, the table of contents' files, and a page's code cells run in-process as the kernel would.

The ``built_book`` fixture that uses these is in conftest.py.
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
import yaml

import course

from .corpus import ROOT

BOOK_FILES = ["_config.yml", "_toc.yml", "_templates", "book", "content"]
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


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


def keep_reports(folder: Path, log: str) -> None:
    """Keep a failed build's log and execution reports where CI can upload them (test-artifacts/)."""
    artifacts = ROOT / "test-artifacts" / "build"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    (artifacts / "build.log").write_text(log, encoding="utf-8")
    reports = folder / "_build" / "html" / "reports"
    if reports.is_dir():
        shutil.copytree(reports, artifacts / "reports")


def toc_files(root: Path = ROOT) -> list[str]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


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
