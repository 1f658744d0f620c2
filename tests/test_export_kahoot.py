"""The Kahoot export (quizzes/exports/kahoot.py), read back with openpyxl as Kahoot's importer would.

What a trainer would notice: Kahoot refusing the file (a wrong header row, a text over a limit, a
time limit Kahoot does not offer), a question marked with the wrong answer, a question missing with
no word about it, a text turned into a formula, or a different quiz from the same seed. Why each
question was left out is worked out again here, from the presented question, not from the module.
"""

from __future__ import annotations

import copy
import io
import math
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from quizzes.core.markdown import plain
from quizzes.exports.kahoot import export
from quizzes.present.draw import Paper, draw

from .corpus import ROOT

# Kahoot's quiz template, as its importer expects it: the header on row 8, columns B to H.
HEADER_ROW = 8
HEADER = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) \u2013 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
TIME_LIMITS = [5, 10, 20, 30, 60, 90, 120, 240]


@pytest.fixture(scope="module")
def seeded(bank):
    return draw(bank, seed=3, count=40)


def flat(markdown: str) -> str:
    return " ".join(plain(markdown).split())


def read(data: bytes) -> tuple[list, list[dict]]:
    """(the header row, one dict per question row) of the first sheet, as Kahoot reads it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == 1, "Kahoot imports the first sheet: there must be only one"
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[HEADER_ROW]][:8]
    rows = []
    for cells in sheet.iter_rows(min_row=HEADER_ROW + 1):
        values = [c.value for c in cells[:8]] + [None] * (8 - len(cells))
        if values[1] is None:
            assert all(v is None for v in values), f"a row without a question: {values}"
            continue
        rows.append({"number": values[0], "question": values[1],
                     "answers": [a for a in values[2:6] if a is not None], "time": values[6],
                     "correct": str(values[7]), "cells": cells[:8]})
    return header, rows


def why_not(q: dict) -> str | None:
    """Why Kahoot cannot take this question, worked out afresh; None if it fits."""
    if q["type"] not in ("single", "multiple", "true-false"):
        return f"{q['type']}: Kahoot's spreadsheet takes only choice questions"
    answers = shown_answers(q)
    reasons = []
    if not 2 <= len(answers) <= 4:
        reasons.append(f"{len(answers)} answers; Kahoot allows 2 to 4")
    if len(shown_question(q)) > 120:
        reasons.append(f"question is {len(shown_question(q))} characters; Kahoot allows 120")
    reasons += [f"answer {n} is {len(a)} characters; Kahoot allows 75" for n, a in enumerate(answers, 1) if len(a) > 75]
    return "; also ".join(reasons) or None


def shown_question(q: dict) -> str:
    """The question as Kahoot shows it: its short form when it has one (proven with the bank)."""
    return flat(q.get("short") or q["prompt"])


def shown_answers(q: dict) -> list[str]:
    if q["type"] == "true-false":
        return ["True", "False"]
    return [flat(o.get("short") or o["text"]) for o in q["options"]]


def right_texts(q: dict) -> list[str]:
    if q["type"] == "true-false":
        return ["True" if q["key"] else "False"]
    key = {q["key"]} if q["type"] == "single" else set(q["key"])
    return [flat(o.get("short") or o["text"]) for o in q["options"] if o["id"] in key]


def check_paper(paper: Paper) -> tuple[list[dict], list]:
    data, skipped = export(paper)
    header, rows = read(data)
    assert header == [None] + HEADER
    by_id = {q["id"]: q for q in paper.questions}
    # no silent drop: every question is a row or has a reason, once, in paper order
    fitting = [q for q in paper.questions if q["id"] not in dict(skipped)]
    assert len(rows) + len(skipped) == paper.count
    assert len(dict(skipped)) == len(skipped)
    assert [r["number"] for r in rows] == list(range(1, len(rows) + 1))
    assert [r["question"] for r in rows] == [shown_question(q) for q in fitting]
    for question_id, reason in skipped:
        assert reason == why_not(by_id[question_id]), question_id
    for q in fitting:
        assert why_not(q) is None, f"{q['id']} does not fit Kahoot but was written: {why_not(q)}"
    for row, q in zip(rows, fitting):
        assert len(row["question"]) <= 120
        assert 2 <= len(row["answers"]) <= 4
        assert all(isinstance(a, str) and 0 < len(a) <= 75 for a in row["answers"]), row["answers"]
        assert row["time"] in TIME_LIMITS
        # the time: reading at 180 words a minute plus 10 s to answer, rounded up to an allowed value
        words = len(row["question"].split()) + sum(len(a.split()) for a in row["answers"])
        assert row["time"] == min(t for t in TIME_LIMITS if t >= 10 + math.ceil(words / 3)), row
        # every answer as presented (none cut, none dropped), and the right ones marked
        assert row["answers"] == shown_answers(q)
        assert re.fullmatch(r"[1-4](,[1-4])*", row["correct"]), row["correct"]
        numbers = [int(n) for n in row["correct"].split(",")]
        assert numbers == sorted(set(numbers)) and max(numbers) <= len(row["answers"])
        assert [row["answers"][n - 1] for n in numbers] == right_texts(q), q["id"]
    return rows, skipped


def test_the_whole_bank_fits_kahoot_or_says_why(whole):
    rows, skipped = check_paper(whole)
    assert rows, "no question of the bank fits Kahoot"
    reasons = " | ".join(reason for _, reason in skipped)
    for kind in ("numeric", "matching", "ordering"):
        assert f"{kind}: Kahoot's spreadsheet takes only choice questions" in reasons
    written = {q["type"] for q in whole.questions if q["id"] not in dict(skipped)}
    assert {"single", "true-false"} <= written
    # the bank's short forms are used: a question too long for Kahoot in full is written in its short form
    assert any(q.get("short") for q in whole.questions if q["id"] not in dict(skipped))


def test_at_least_four_in_five_choice_questions_fit(whole):
    """Issue 10: a trainer can run most of the bank as a Kahoot (the guide's table shows the fit)."""
    choice = [q for q in whole.questions if q["type"] in ("single", "multiple", "true-false")]
    _, skipped = export(whole)
    left_out = [(i, why) for i, why in skipped if i in {q["id"] for q in choice}]
    assert len(choice) - len(left_out) >= 0.8 * len(choice), left_out


def test_each_misfit_is_said_in_its_own_words(whole):
    """Too many answers, a long question, a long answer: each reported as such, never cut to fit;
    a short form (question or option) is what makes a long one fit."""
    q = copy.deepcopy(next(q for q in whole.questions if q["type"] == "single" and len(q["options"]) == 4))
    q.pop("short", None)
    q["prompt"] = "Which one?"
    long = "Why " + "and why " * 20 + "?"
    for option in q["options"]:
        option.pop("short", None)
    cases = {
        "five": dict(q, options=q["options"] + [dict(q["options"][0], id="zz", text="A fifth answer")]),
        "long": dict(q, prompt=long),
        "long answer": dict(q, options=[dict(q["options"][0], text="x" * 80)] + q["options"][1:]),
        "short": dict(q, prompt=long, short="Why?"),
        "short answer": dict(q, options=[dict(q["options"][0], text="x" * 80, short="x")] + q["options"][1:]),
    }
    paper = Paper(title="Misfits", course="Course", as_of="2026-12", modules=whole.modules, seed=None, pool=5,
                  questions=[dict(c, id=name.replace(" ", "-")) for name, c in cases.items()])
    rows, skipped = check_paper(paper)
    assert dict(skipped) == {"five": "5 answers; Kahoot allows 2 to 4",
                             "long": f"question is {len(long)} characters; Kahoot allows 120",
                             "long-answer": "answer 1 is 80 characters; Kahoot allows 75"}
    assert [r["question"] for r in rows][0] == "Why?" and rows[1]["answers"][0] == "x"


def test_a_seeded_paper(seeded):
    rows, _ = check_paper(seeded)
    assert rows


def test_same_seed_same_rows_other_seed_other_rows(bank):
    def rows(seed):
        return [(r["question"], r["answers"], r["time"], r["correct"])
                for r in read(export(draw(bank, seed=seed, count=30))[0])[1]]
    assert rows(3) == rows(3)
    assert rows(3) != rows(4)


def test_text_that_looks_like_a_formula_stays_text(whole):
    q = copy.deepcopy(next(q for q in whole.questions if q["type"] == "single" and len(q["options"]) <= 4))
    texts = ["=1+1", "=HYPERLINK(\"http://x\")", "#N/A", "007"]
    q.pop("short", None)  # the prompt and the options below are what Kahoot must show
    for option in q["options"]:
        option.pop("short", None)
    q["prompt"] = "=SUM(A1:A9) & \"quoted\" <b>bold</b>"
    for option, text in zip(q["options"], texts):
        option["text"] = text
    paper = Paper(title="=cmd|' /C calc'!A0", course="Course", as_of="2026-11", modules=whole.modules,
                  seed=None, pool=1, questions=[q])
    data, skipped = export(paper)
    assert skipped == []
    _, [row] = read(data)
    assert row["question"] == "=SUM(A1:A9) & \"quoted\" \uff1cb>bold\uff1c/b>"
    assert row["answers"] == texts[: len(q["options"])]
    assert all(c.data_type == "s" for c in row["cells"][1:2 + len(q["options"])])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml, "a formula was written"
    assert 't="e"' not in sheet_xml, "an error value was written"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["B2"].value == "=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"


def test_a_question_over_a_limit_is_left_out_whole_never_cut(whole):
    q = copy.deepcopy(next(q for q in whole.questions if q["type"] == "single" and len(q["options"]) == 4))
    q["prompt"] = "Short question?"
    q["options"][1]["text"] = "x" * 81
    extra = copy.deepcopy(q["options"][0]) | {"id": "extra", "text": "A fifth option"}
    five = copy.deepcopy(q) | {"id": "five", "options": q["options"][:1] + [extra] + q["options"][2:] + [extra]}
    paper = Paper(title="t", course="c", as_of="2026-11", modules=whole.modules, seed=None, pool=2, questions=[q, five])
    data, skipped = export(paper)
    assert read(data)[1] == []
    assert skipped == [(q["id"], "answer 2 is 81 characters; Kahoot allows 75"),
                       ("five", "5 answers; Kahoot allows 2 to 4")]


def test_the_cli_lists_what_it_left_out(bank, tmp_path):
    # the first seed whose draw holds a question Kahoot cannot take (the bank changes; the behaviour must not)
    seed = next((n for n in range(1, 200) if export(draw(bank, seed=n, count=10))[1]), None)
    assert seed is not None, "no draw of 10 holds a question Kahoot cannot take: the test has nothing to check"
    out = tmp_path / "paper.xlsx"
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", "kahoot", "-o", str(out),
                             "--seed", str(seed), "--count", "10"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    data, skipped = export(draw(bank, seed=seed, count=10))
    assert f"kahoot: wrote {10 - len(skipped)} question(s) to {out}" in result.stderr
    assert f"{len(skipped)} question(s) left out" in result.stderr
    for question_id, reason in skipped:
        assert f"  {question_id}: {reason}\n" in result.stderr
    file_rows = [(r["question"], r["answers"], r["time"], r["correct"]) for r in read(out.read_bytes())[1]]
    assert file_rows == [(r["question"], r["answers"], r["time"], r["correct"]) for r in read(data)[1]]
