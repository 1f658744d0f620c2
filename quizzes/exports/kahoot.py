"""Kahoot export: the paper's choice questions as Kahoot's quiz spreadsheet (.xlsx, "Import spreadsheet").

Kahoot's importer reads the layout of its own quiz template, so this file reproduces it: one sheet,
a few lines of text at the top (ours: title, how to import, the paper, its seed), the header row on row 8 in
columns B to H (the header texts exactly as in the template), then one question a row from row 9,
its number in column A. The limits are those of Kahoot's own spreadsheet template: a question of
at most 120 characters, 2 to 4 answers of at most 75, a time limit from a fixed list, the correct
answer(s) as answer numbers ("2" or "1,3"). There is no feedback or explanation column.

A question or an option may carry a short form (``short``, checked like the prompt when the bank is
proven: it fits, it names the same value, its figures are the data's), used here in place of the long
text. A question that cannot fit is never cut down to fit: it is left out, and ``skipped`` says why, so
the CLI can list it (a learner must not be marked wrong because an option was shortened or dropped).
Numeric, ordering and matching questions never fit: the spreadsheet takes only choice questions.

Every text cell is written as a string (openpyxl would store "=1+1" as a formula and "#N/A" as an
error value) and marked with Excel's quote prefix, so it stays text when someone edits the cell.
"""

from __future__ import annotations

import io

from quizzes.present.draw import Paper
from quizzes.present.fit import READING_WORDS_PER_MINUTE, SECONDS_TO_ANSWER, row_for

HEADER_ROW = 8  # as in Kahoot's template: instructions above, questions from row 9
HEADERS = (
    "",  # column A: the question's number
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) \u2013 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)


def _put(ws, row: int, column: int, value) -> None:
    """A cell that stays what it is: text as text (never a formula or an error value), numbers as numbers."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        cell.quotePrefix = True


def export(paper: Paper) -> tuple[bytes, list[tuple[str, str]]]:
    # openpyxl only here: the limits (quizzes.core.fit) are read when the bank is proven (short forms) and in
    # kernels that never write a spreadsheet (a notebook's quiz, JupyterLite), which need not have it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Kahoot quiz"
    _put(ws, 2, 2, paper.title)
    ws.cell(row=2, column=2).font = Font(bold=True, size=14)
    _put(ws, 3, 2, "Import in Kahoot with Create > Import spreadsheet. The questions start on row 9; "
                   "keep the columns and the header row as they are.")
    _put(ws, 4, 2, f"{paper.course}: {paper.describe()}; facts as of {paper.as_of}. "
                   "Only choice questions that fit Kahoot's limits are here; the others are listed when exporting.")
    _put(ws, 5, 2, f"Time limits: reading time at {READING_WORDS_PER_MINUTE} words a minute plus "
                   f"{SECONDS_TO_ANSWER} seconds, rounded up to a value Kahoot allows.")
    _put(ws, 6, 2, f"Seed {paper.seed if paper.seed is not None else 'none'}: {paper.shuffle_note()}. "
                   "Kahoot's own \"Randomize order of answers\" game option would move those too.")
    for column, header in enumerate(HEADERS, 1):
        if header:
            _put(ws, HEADER_ROW, column, header)
            ws.cell(row=HEADER_ROW, column=column).font = Font(bold=True)
            ws.cell(row=HEADER_ROW, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    skipped: list[tuple[str, str]] = []
    number = 0
    for q in paper.questions:
        row, why = row_for(q)
        if row is None:
            skipped.append((q["id"], why))
            continue
        number += 1
        r = HEADER_ROW + number
        _put(ws, r, 1, number)
        _put(ws, r, 2, row["question"])
        for n, answer in enumerate(row["answers"], 3):
            _put(ws, r, n, answer)
        _put(ws, r, 7, row["time"])
        # one answer as a number, several as text ("1,3"): what typing them into the template gives
        _put(ws, r, 8, int(row["correct"]) if row["correct"].isdigit() else row["correct"])
    for column_letter, width in zip("ABCDEFGH", (6, 60, 32, 32, 32, 32, 22, 22)):
        ws.column_dimensions[column_letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), skipped
