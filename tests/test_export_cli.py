"""``python -m quizzes export``: one paper, every format; and the mistakes a trainer can make at the prompt.

Each format's own test reads its files back in detail (test_export_moodle, test_export_kahoot,
test_export_handout). Here: the same seed gives the same paper in every format (same questions, same
order), a different seed another paper, and a wrong module, format, count or seed stops with one clear
line on stderr, exit 1, no traceback and no file written.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from io import BytesIO

import openpyxl
import pytest
from bs4 import BeautifulSoup

from quizzes.export_kahoot import row_for
from quizzes.quiz import default_bank

from .test_quiz_bank import ROOT, quizzes_cli

FORMATS = {"json": "paper.json", "gift": "paper.gift", "moodle-xml": "paper.xml", "kahoot": "paper.xlsx",
           "handout": "paper.html"}


def export(tmp_path, fmt: str, *args: str):
    out = tmp_path / FORMATS[fmt]
    result = quizzes_cli("export", fmt, *args, "-o", str(out), cwd=ROOT)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return out


def ids_in(fmt: str, path) -> list[str]:
    """The question ids of an exported file, in the file's order, read with each format's own reader."""
    if fmt == "json":
        return [q["id"] for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]
    if fmt == "gift":
        return re.findall(r"^::(.+?)::", path.read_text(encoding="utf-8"), re.MULTILINE)
    if fmt == "moodle-xml":
        root = ET.fromstring(path.read_bytes())
        return [q.findtext("idnumber") for q in root.findall("question") if q.get("type") != "category"]
    if fmt == "handout":
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return [a["data-question-id"] for a in soup.select("article.question")]
    raise ValueError(fmt)


@pytest.mark.parametrize("seed", ["4", "11"])
def test_one_seed_one_paper_in_every_format(tmp_path, seed):
    args = ("--seed", seed, "--count", "14", "--module", "themes", "--module", "negotiations")
    order = ids_in("json", export(tmp_path, "json", *args))
    assert len(order) == 14 and len(set(order)) == 14
    bank = default_bank()
    assert {bank.question(i).module for i in order} == {"themes", "negotiations"}
    assert ids_in("handout", export(tmp_path, "handout", *args)) == order
    # Moodle files group the questions by module (one category each), in paper order within a module
    by_module = sorted(order, key=lambda i: ["themes", "negotiations"].index(bank.question(i).module))
    assert ids_in("gift", export(tmp_path, "gift", *args)) == by_module
    assert ids_in("moodle-xml", export(tmp_path, "moodle-xml", *args)) == by_module
    # Kahoot: the questions that fit, in paper order, with the texts of the same draw
    questions = json.loads((tmp_path / "paper.json").read_text(encoding="utf-8"))["questions"]
    fitting = [row for row, _ in map(row_for, questions) if row is not None]
    sheet = openpyxl.load_workbook(BytesIO(export(tmp_path, "kahoot", *args).read_bytes())).worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=9, values_only=True) if r[1]]
    assert [r[1] for r in rows] == [row["question"] for row in fitting]
    assert [list(filter(None, r[2:6])) for r in rows] == [row["answers"] for row in fitting]


def test_same_seed_same_files_other_seed_other_paper(tmp_path):
    runs = {}
    for name, seed in [("a", "7"), ("b", "7"), ("c", "8")]:
        (tmp_path / name).mkdir()
        runs[name] = {fmt: export(tmp_path / name, fmt, "--seed", seed, "--count", "20")
                      for fmt in FORMATS if fmt != "kahoot"}  # .xlsx carries its save time: rows compared above
    for fmt in runs["a"]:
        assert runs["a"][fmt].read_bytes() == runs["b"][fmt].read_bytes(), f"{fmt}: same seed, other bytes"
        assert ids_in(fmt, runs["a"][fmt]) != ids_in(fmt, runs["c"][fmt]), f"{fmt}: seeds 7 and 8 agree"
    assert "Seed 7" in runs["a"]["handout"].read_text(encoding="utf-8")


def test_without_a_seed_the_whole_pool_in_bank_order(tmp_path):
    bank = default_bank()
    ids = ids_in("json", export(tmp_path, "json", "--module", "structured-discussion"))
    assert ids == [q.id for q in bank.module("structured-discussion")]


@pytest.mark.parametrize("args, message", [
    (["export", "pdf"], "unknown export format 'pdf'; formats: gift, moodle-xml, kahoot, handout, json"),
    (["export", "gift", "--module", "themes", "--module", "tariffs"],
     "unknown module 'tariffs'; modules are: work-programme, jsi-launch, themes, negotiations, structured-discussion"),
    (["export", "handout", "--module", "structured-discussion", "--count", "500", "--seed", "1"],
     "--count 500 is larger than the pool: the chosen module(s) have {pool} questions"),
    (["export", "kahoot", "--count", "0"], "--count must be at least 1 (got 0)"),
    (["export", "json", "--seed", "-3"], "--seed must be 0 or more (got -3)"),
])
def test_mistakes_stop_with_one_clear_line(tmp_path, args, message):
    out = tmp_path / "out.file"
    result = quizzes_cli(*args, "-o", str(out), cwd=ROOT)
    pool = len(default_bank().module("structured-discussion"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == message.format(pool=pool)
    assert "Traceback" not in result.stdout + result.stderr and result.stdout == ""
    assert not out.exists(), "nothing is written when the export stops"


def test_kahoot_to_a_terminal_asks_for_a_file():
    """A spreadsheet is binary: on a terminal it is refused with the fix, piped it is written."""
    import os
    import pty
    import subprocess
    import sys

    main, secondary = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "quizzes", "export", "kahoot", "--count", "3"],
                                cwd=ROOT, stdout=secondary, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(secondary)
        os.close(main)
    assert result.returncode == 1
    assert result.stderr.strip() == "kahoot writes a binary file: give -o FILE.xlsx"
