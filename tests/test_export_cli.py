"""``python -m quizzes export``: one paper, every format; and the mistakes a trainer can make at the prompt.

Each format's own test reads its files back in detail (test_export_moodle, test_export_kahoot,
test_export_handout). Here: the same seed gives the same paper in every format (same questions, same
order), a different seed another paper; without ``--seed`` the options are shuffled all the same (the
default seed), and without ``--count`` every question is exported, in bank order; each format prints
its seed; options on a scale stay ascending in every format; and a wrong module, format, count or seed
stops with one clear line on stderr, no traceback and no file written (exit 2 for an unknown format or a
negative seed, usage errors as argparse's; exit 1 for a module or count the bank cannot give).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from io import BytesIO

import openpyxl
import pytest
from bs4 import BeautifulSoup

from quizzes.core import markdown
from quizzes.present.draw import DEFAULT_SEED
from quizzes.present.fit import row_for
from quizzes.present.present import present

from .corpus import ROOT, quizzes_cli
from .gift_reader import read as read_gift
from .moodle_xml_reader import read_xml

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
def test_one_seed_one_paper_in_every_format(tmp_path, seed, bank):
    args = ("--seed", seed, "--count", "14", "--module", "themes", "--module", "negotiations")
    order = ids_in("json", export(tmp_path, "json", *args))
    assert len(order) == 14 and len(set(order)) == 14
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


@pytest.mark.parametrize("fmt", ["json", "gift", "moodle-xml", "handout"])
def test_without_a_count_every_question_in_bank_order(tmp_path, fmt, bank):
    """Moodle's question bank wants every question: no --count, no draw (families do not thin it)."""
    for args in ([], ["--seed", "6"]):
        ids = ids_in(fmt, export(tmp_path, fmt, "--module", "structured-discussion", *args))
        assert ids == [q.id for q in bank.module("structured-discussion")], args
    assert ids_in(fmt, export(tmp_path, fmt)) == [q.id for q in bank.questions]


def test_without_a_seed_the_options_are_shuffled_and_the_file_made_again(tmp_path, bank):
    """The authors' option order leaks keys by position: every export shuffles it, by default with seed 0."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = {fmt: export(tmp_path / "a", fmt) for fmt in ("json", "gift", "moodle-xml", "handout")}
    again = {fmt: export(tmp_path / "b", fmt) for fmt in first}
    for fmt in first:
        assert first[fmt].read_bytes() == again[fmt].read_bytes(), f"{fmt}: no seed, other bytes"
    data = json.loads(first["json"].read_text(encoding="utf-8"))
    assert data["seed"] == DEFAULT_SEED and data["drawn"] is False
    moved = [q["id"] for q in data["questions"] if q["type"] in ("single", "multiple")
             and [o["id"] for o in q["options"]] != [o.id for o in bank.question(q["id"]).options]]
    assert moved, "no question's options left the authored order"
    seeded = export(tmp_path / "a", "json", "--seed", str(DEFAULT_SEED))
    assert json.loads(seeded.read_text(encoding="utf-8"))["questions"] == data["questions"]


def _kahoot_rows(path) -> list[tuple]:
    sheet = openpyxl.load_workbook(BytesIO(path.read_bytes())).worksheets[0]
    return [r for r in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("args, seed", [([], DEFAULT_SEED), (["--seed", "5", "--count", "12"], 5),
                                        (["--seed", "8"], 8)])
def test_every_format_prints_its_seed(tmp_path, args, seed):
    for fmt in FORMATS:
        out = tmp_path / FORMATS[fmt]
        result = quizzes_cli("export", fmt, *args, "-o", str(out), cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert f"seed {seed}" in result.stderr.splitlines()[0], (fmt, result.stderr)
    assert json.loads((tmp_path / "paper.json").read_text(encoding="utf-8"))["seed"] == seed
    gift = (tmp_path / "paper.gift").read_text(encoding="utf-8")
    assert f"\n// Seed: {seed} (options shuffled with seed {seed}" in "\n" + gift.split("\n\n", 1)[0]
    xml = (tmp_path / "paper.xml").read_text(encoding="utf-8")
    comments = [c["text"] for c in read_xml(xml) if c["qtype"] == "comment"]
    assert any(f"Seed: {seed} (options shuffled with seed {seed}" in c for c in comments), comments
    top = [r[1] for r in _kahoot_rows(tmp_path / "paper.xlsx")[:7] if r[1]]
    assert any(t.startswith(f"Seed {seed}: options shuffled with seed {seed}") for t in top), top
    cover = BeautifulSoup((tmp_path / "paper.html").read_text(encoding="utf-8"), "html.parser").select_one(".cover dl")
    paper = dict(zip([dt.get_text() for dt in cover.find_all("dt")], [dd.get_text() for dd in cover.find_all("dd")]))
    assert paper["Paper"].startswith(f"Seed {seed}"), paper


def _choices(fmt: str, path) -> dict[str, list[str]]:
    """Each choice question's options, in the file's order, as the file words them."""
    if fmt == "json":
        return {q["id"]: [o["text"] for o in q["options"]]
                for q in json.loads(path.read_text(encoding="utf-8"))["questions"] if "options" in q}
    if fmt in ("gift", "moodle-xml"):
        text = path.read_text(encoding="utf-8")
        found = read_gift(text) if fmt == "gift" else read_xml(text)
        return {q["name"]: [a["text"] for a in q["answers"]] for q in found if q.get("qtype") == "multichoice"}
    if fmt == "handout":
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return {a["data-question-id"]: [li.select_one(".choice-text").get_text() for li in a.select(".choices li")]
                for a in soup.select("article.question") if a["data-type"] in ("single", "multiple")}
    raise ValueError(fmt)


def _worded(fmt: str, text: str) -> str:
    if fmt == "handout":  # read as text: the parser rewrites entities
        return BeautifulSoup(markdown.inline(text), "html.parser").get_text()
    return text if fmt == "json" else markdown.inline(text)


@pytest.mark.parametrize("args", [[], ["--seed", "9"], ["--seed", "2", "--count", "60"]])
def test_options_on_a_scale_stay_ascending_in_every_format(tmp_path, args, bank):
    ascending = {q.id: present(bank, q) for q in bank.questions}
    ascending = {i: p for i, p in ascending.items() if p.get("ordered") and "options" in p}
    assert ascending, "no choice question on a scale in the bank: nothing to check"
    for qid, p in ascending.items():  # ascending: numbers and years as a learner reads them
        values = {o.id: o.value for o in bank.question(qid).options}
        if all(isinstance(v, int) for v in values.values()):
            assert [values[o["id"]] for o in p["options"]] == sorted(values.values()), qid
    seen = set()
    for fmt in ("json", "gift", "moodle-xml", "handout"):
        for qid, texts in _choices(fmt, export(tmp_path, fmt, *args)).items():
            if qid in ascending:
                seen.add(qid)
                assert texts == [_worded(fmt, o["text"]) for o in ascending[qid]["options"]], (fmt, qid)
    questions = json.loads((tmp_path / "paper.json").read_text(encoding="utf-8"))["questions"]
    rows = [r for r in _kahoot_rows(export(tmp_path, "kahoot", *args))[8:] if r[1]]
    fitting = [(q["id"], row) for q, (row, _) in zip(questions, map(row_for, questions)) if row is not None]
    assert len(rows) == len(fitting)
    for (qid, _), r in zip(fitting, rows):
        if qid in ascending:
            assert list(filter(None, r[2:6])) == row_for(ascending[qid])[0]["answers"], ("kahoot", qid)
    assert seen, "no question on a scale was exported"


@pytest.mark.parametrize("args, message, status", [
    (["export", "pdf"], "unknown export format 'pdf'; formats: gift, moodle-xml, kahoot, handout, json", 2),
    (["export", "gift", "--module", "themes", "--module", "tariffs"],
     "unknown module 'tariffs'; modules are: work-programme, jsi-launch, themes, negotiations, structured-discussion",
     1),
    (["export", "handout", "--module", "structured-discussion", "--count", "500", "--seed", "1"],
     "--count 500 is larger than the pool: the chosen module(s) have {pool} questions", 1),
    (["export", "kahoot", "--count", "0"], "--count must be at least 1 (got 0)", 1),
    (["export", "json", "--seed", "-3"], "--seed must be 0 or more (got -3)", 2),
])
def test_mistakes_stop_with_one_clear_line(tmp_path, args, message, status, bank):
    out = tmp_path / "out.file"
    result = quizzes_cli(*args, "-o", str(out), cwd=ROOT)
    pool = len(bank.module("structured-discussion"))
    assert result.returncode == status
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
