"""The trainer's pages of the built book: the guide's figures, its downloads, and the workshop page.

A trainer without Python takes the ready-made files from the guide; they must be the files the CLI
writes for the same draw, for the bank the book was built from, and every link to them must work.
"""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO

import openpyxl
import pytest
from bs4 import BeautifulSoup

from course.sphinx import ALWAYS_READ, page_reads
from quizzes.sphinx.trainer import TRAINER_DIR, trainer_files

from .corpus import ROOT, check_bank_table

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def html_dir(built_book):
    return built_book / "_build" / "html"


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_guide_table_counts_the_bank(html_dir, bank):
    table = _soup(html_dir / "book" / "trainers-guide.html").find("table", attrs={"data-table": "trainer-bank"})
    assert table is not None, "the guide's bank table is missing"
    check_bank_table(table, bank)


def test_guide_declares_every_file_its_table_reads(bank):
    """The table is made in Sphinx (no kernel) from every content and bank file: the page must be
    re-read when any of them changes, so its front matter names them all."""
    declared = page_reads((ROOT / "book" / "trainers-guide.md").read_text(encoding="utf-8"))
    content = {p.stem for p in (ROOT / "content").glob("*.yml")} - set(ALWAYS_READ)
    assert set(declared) == content | {f"bank/{stem}" for stem in bank.files()}


def test_guide_links_every_ready_made_file(html_dir, bank):
    page = html_dir / "book" / "trainers-guide.html"
    hrefs = {a["href"] for a in _soup(page).find_all("a", href=True) if f"{TRAINER_DIR}/" in a["href"]}
    names = set(trainer_files(bank))
    assert {h.rsplit("/", 1)[1] for h in hrefs} == names
    for href in hrefs:
        assert (page.parent / href).resolve().is_file(), href


@pytest.mark.parametrize("fmt,name,args", [
    ("gift", "all-modules.gift", []),
    ("moodle-xml", "all-modules-moodle.xml", []),
    ("handout", "practice-paper-seed-1.html", ["--seed", "1", "--count", "20"]),
    ("handout", "module-3-handout.html", ["--module", "themes"]),
    ("json", "all-modules.json", []),
])
def test_ready_made_text_files_equal_the_cli_export(html_dir, tmp_path, fmt, name, args):
    out = tmp_path / name
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", fmt, *args, "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (html_dir / TRAINER_DIR / name).read_bytes() == out.read_bytes()


def test_ready_made_kahoot_has_the_cli_rows(html_dir, tmp_path):
    out = tmp_path / "k.xlsx"
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", "kahoot", "-o", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr

    def rows(data: bytes):
        sheet = openpyxl.load_workbook(BytesIO(data), read_only=True).worksheets[0]
        return [tuple(r) for r in sheet.iter_rows(values_only=True)]

    built = rows((html_dir / TRAINER_DIR / "all-modules-kahoot.xlsx").read_bytes())
    assert built == rows(out.read_bytes()) and len(built) > 10


def test_workshop_page_says_how_to_run_it_and_where_to_practise(html_dir, bank):
    soup = _soup(html_dir / "book" / "workshop.html")
    assert soup.find("h1").get_text(strip=True).startswith("Workshop")
    static = soup.find("div", class_="course-workshop-static")
    assert static is not None and "live workshop notebook" in static.get_text()
    items = [li.get_text(" ", strip=True) for li in static.select("ul ul li")]
    assert items == [f"Module {m.number}: {m.title} ({len(bank.module(m.id))} questions)"
                     for m in bank.content.course.modules]
    practice = static.find("a", string="Practice test")
    assert practice is not None and (html_dir / "book" / practice["href"]).is_file()
    assert soup.find("code", string=None) is None or "Workshop()" not in soup.get_text()  # no code shown
