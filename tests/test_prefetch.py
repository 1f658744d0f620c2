"""course.sphinx.prefetch: stale pages run side by side before Sphinx reads them, and nothing else changes.

A fixture book (tests/prefetch_book: three text notebooks that load the course data) is copied to a
temporary folder and built by the real CLI, as tests/test_build.py builds the course. What a reader
would notice if prefetching went wrong: a page shown without its output or with another page's, a
page executed twice, or a failing page whose error no longer reaches the build log and the reports.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .book_build import build
from .corpus import ROOT

FIXTURE = Path(__file__).resolve().parent / "prefetch_book"
PAGES = ["one", "two", "three"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

pytestmark = pytest.mark.build


def fixture_book(dest: Path, jobs: int) -> Path:
    shutil.copytree(FIXTURE, dest)
    config = dest / "_config.yml"
    text = config.read_text(encoding="utf-8").replace("CONTENT_DIR", str(ROOT / "content"))
    config.write_text(text.replace("course_execution_jobs: 2", f"course_execution_jobs: {jobs}"), encoding="utf-8")
    return dest


def log_of(result) -> str:
    return ANSI.sub("", result.stdout + result.stderr)


def outputs(folder: Path) -> dict[str, str]:
    """Each page's rendered cell output, as a reader sees it."""
    found = {}
    for page in PAGES:
        soup = BeautifulSoup((folder / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        found[page] = " ".join(o.get_text(" ", strip=True) for o in soup.select(".cell_output"))
    return found


def executions(log: str) -> dict[str, list[str]]:
    """Who executed which page: course.sphinx.prefetch ("... (course.sphinx.prefetch)") or MyST-NB itself."""
    found: dict[str, list[str]] = {"prefetch": [], "myst-nb": [], "cached": []}
    for line in log.splitlines():
        page = re.search(r"(\w+)\.md: ", line)
        if not page:
            continue
        if "Executing notebook" in line and "failed" not in line:
            found["prefetch" if "course.sphinx.prefetch" in line else "myst-nb"].append(page.group(1))
        elif "Using cached notebook" in line:
            found["cached"].append(page.group(1))
    return {k: sorted(v) for k, v in found.items()}


def test_stale_pages_run_ahead_and_myst_nb_renders_them_from_the_cache(tmp_path):
    book = fixture_book(tmp_path / "book", jobs=2)
    result = build(book)
    log = log_of(result)
    assert result.returncode == 0, log[-3000:]
    assert executions(log) == {"prefetch": PAGES_SORTED, "myst-nb": [], "cached": PAGES_SORTED}
    assert "executed 3 of 3 stale pages with 2 kernels at a time" in log
    assert outputs(book) == {p: f"page {p}: The WTO and electronic commerce - {facts()} facts" for p in PAGES}

    again = build(book)  # nothing changed: nothing is stale, nothing runs
    assert executions(log_of(again)) == {"prefetch": [], "myst-nb": [], "cached": []}

    (book / "two.md").write_text((book / "two.md").read_text(encoding="utf-8").replace("page two:", "page 2:"),
                                 encoding="utf-8")
    third = build(book)  # one stale page: a pool gains nothing, MyST-NB runs it as it always did
    assert third.returncode == 0
    assert executions(log_of(third)) == {"prefetch": [], "myst-nb": ["two"], "cached": []}
    assert outputs(book)["two"].startswith("page 2:")


def test_the_pages_are_the_same_with_and_without_prefetching(tmp_path):
    parallel, serial = fixture_book(tmp_path / "parallel", jobs=2), fixture_book(tmp_path / "serial", jobs=1)
    assert build(parallel).returncode == 0
    result = build(serial)
    assert result.returncode == 0
    assert executions(log_of(result))["prefetch"] == []  # jobs: 1 turns the step off
    assert outputs(parallel) == outputs(serial)


def test_a_failing_page_is_reported_as_without_prefetching(tmp_path):
    book = fixture_book(tmp_path / "book", jobs=2)
    page = book / "three.md"
    page.write_text(page.read_text(encoding="utf-8").replace('content = load()', 'content = load()\n1 / 0'),
                    encoding="utf-8")
    result = build(book)
    log = log_of(result)
    assert result.returncode != 0
    assert re.search(r"three\.md: WARNING: Executing notebook failed", log)
    runs = executions(log)
    assert runs["prefetch"] == PAGES_SORTED and runs["myst-nb"] == ["three"]  # run again, and reported
    assert runs["cached"] == ["one", "two"]
    report = book / "_build" / "html" / "reports" / "three.err.log"
    assert "ZeroDivisionError" in report.read_text(encoding="utf-8")


PAGES_SORTED = sorted(PAGES)


def facts() -> int:
    import course

    return len(course.load(ROOT / "content").facts)
