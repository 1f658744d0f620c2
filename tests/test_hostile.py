"""The whole corpus of bad input, through the command lines authors and CI use.

Every bad content folder (tests/content_cases/) and every bad bank folder (tests/bank_cases/),
including the files written at run time (binary, Latin-1, 21 MB, an alias bomb, 5000 levels of
nesting): `python -m course check` / `python -m quizzes validate` exits 1 and prints exactly the
case's located lines, `FILE:LINE: ID: message`, never a traceback. The CLIs run in-process here (the
same `main()` the console runs) so the whole corpus takes seconds; a subset also runs as real
subprocesses in test_content.py and test_quiz_bank.py. (How long each takes is measured by
benchmarks/hostile.py, not asserted here.) The cases, and the files written at run time, are
tests/corpus.py's.
"""

from __future__ import annotations

import pytest

from course.__main__ import main as course_main
from quizzes.__main__ import main as quizzes_main

from .corpus import BANK_CASES, CONTENT, CONTENT_CASES

CONTENT_NAMES = CONTENT_CASES.names
BANK_NAMES = [n for n in BANK_CASES.names if n not in ("valid",)]


def test_the_corpus_is_large_enough():
    assert len(CONTENT_NAMES) + len(BANK_NAMES) >= 25
    written_at_run_time = set(CONTENT_CASES.generated) | set(BANK_CASES.generated)
    assert {"binary-file", "not-utf8", "too-large", "alias-bomb", "deep-nesting"} <= written_at_run_time


def _run(main, args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", CONTENT_NAMES)
def test_course_check_reports_each_bad_content_folder(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(CONTENT_CASES.home(name, tmp_path))
    code, out, err = _run(course_main, ["check", "--content", name], capsys)
    assert "Traceback" not in out + err
    assert code == 1
    assert out.splitlines() == CONTENT_CASES.expected_lines(name)


@pytest.mark.parametrize("name", BANK_NAMES)
def test_quizzes_validate_reports_each_bad_bank(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(BANK_CASES.home(name, tmp_path))
    code, out, err = _run(
        quizzes_main, ["validate", "--bank", name, "--content", str(CONTENT)], capsys)
    assert "Traceback" not in out + err
    assert code == 1
    assert out.splitlines() == BANK_CASES.expected_lines(name)
