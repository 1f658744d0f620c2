"""No ordinary mistake reaches the catch-all: every case ends in located ``FILE:LINE: ID: message`` lines.

``python -m quizzes`` keeps a last resort for true bugs (``-:0: -: internal error ...``, exit 1), and
``python -m course check`` has none (an unexpected exception is a traceback). A bank or content author's
mistake must never end there: every case of ``tests/bank_cases`` and ``tests/content_cases`` (the
generated ones too) goes through the commands here, and so do the mistakes that once did reach it,
written into a copy of the real ``content/`` or bank: a matching ``left`` given as a name or a number
(bank cases ``matching-left-name``, ``matching-left-number``), an ``about`` count of inf or NaN, a
control character in the course title, an unreadable file. Each must end in located lines, exit 1.

The commands run in this process (``main(argv)``, as the console scripts do): the catch-all is in
``main``, and a case's memory stays bounded by the limits the loaders enforce (the same files load
in-process in ``test_quiz_bank`` and ``test_content``).
"""

from __future__ import annotations

import builtins
import io
import os
import re
import shutil
from pathlib import Path

import pytest

from course.__main__ import main as course_main
from quizzes.__main__ import main as quizzes_main

from .corpus import BANK_CASES, CONTENT, CONTENT_CASES
from .corpus import REAL_BANK as BANK

LOCATED = re.compile(r"[^:\s][^:]*:\d+: [^:]+: .+")
CATCH_ALL = "internal error"


def run(main, argv, capsys) -> tuple[int, list[str], str]:
    """(exit status, stdout lines, stderr) of one command, run here."""
    capsys.readouterr()
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def assert_located(status: int, lines: list[str], err: str) -> None:
    assert CATCH_ALL not in "\n".join(lines) + err, lines
    assert "Traceback" not in "\n".join(lines) + err, lines
    assert status == 1, (status, lines, err)
    assert lines and all(LOCATED.fullmatch(line) for line in lines), lines


# --- every case of the corpus ------------------------------------------------------------------------


def test_the_corpus_is_all_here():
    assert len(BANK_CASES.names) > 40 and len(CONTENT_CASES.names) > 30
    assert {"matching-left-name", "matching-left-number"} <= set(BANK_CASES.names)


@pytest.mark.parametrize("name", BANK_CASES.names)
def test_bank_case_is_located(name, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("QUIZ_BANK_DIR", raising=False)
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)
    monkeypatch.chdir(BANK_CASES.home(name, tmp_path))
    assert_located(*run(quizzes_main, ["validate", "--bank", name, "--content", str(CONTENT)], capsys))


@pytest.mark.parametrize("name", CONTENT_CASES.names)
@pytest.mark.parametrize("command", ["course check", "quizzes validate"])
def test_content_case_is_located(name, command, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("QUIZ_BANK_DIR", raising=False)
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)
    monkeypatch.chdir(CONTENT_CASES.home(name, tmp_path))
    if command == "course check":
        result = run(course_main, ["check", "--content", name], capsys)
    else:
        result = run(quizzes_main, ["validate", "--bank", str(BANK), "--content", name], capsys)
    assert_located(*result)
    assert all(line.startswith(name + os.sep) or line.startswith(name + ":") for line in result[1]), result[1]


# --- the mistakes that reached it, in a copy of the real content ------------------------------------


@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUIZ_BANK_DIR", raising=False)
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)
    return folder


def change(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in ``path``; the 1-based line where the change begins."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer holds {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


ABOUT_COUNT = "    value: 91\n    unit: participants\n"  # participants-2024: the count-value template asks it


@pytest.mark.parametrize("figure", [".inf", "-.inf", ".nan", ".NaN"])
@pytest.mark.parametrize("command", [["validate"], ["export", "gift", "-o", "out.gift"]])
def test_an_about_count_of_inf_or_nan_is_located(figure, command, content_copy, capsys):
    line = change(content_copy / "04-negotiations.yml", ABOUT_COUNT,
                  f"    value: {figure}\n    unit: participants\n    qualifier: about\n")
    status, lines, err = run(quizzes_main, [*command, "--bank", str(BANK), "--content", "content"], capsys)
    assert_located(status, lines, err)
    assert any(x.startswith(f"content/04-negotiations.yml:{line}: participants-2024: ") for x in lines), lines
    assert not Path("out.gift").exists()


@pytest.mark.parametrize("char", ["\\x07", "\\x1b[31m", "\\x7f", "\\x85", "\\uFFFE"])
@pytest.mark.parametrize("command", [["validate"], ["export", "kahoot", "-o", "out.xlsx"],
                                     ["export", "moodle-xml", "-o", "out.xml"]])
def test_a_control_character_in_the_course_title_is_located(char, command, content_copy, capsys):
    line = change(content_copy / "course.yml", "title: The WTO and electronic commerce\n",
                  f'title: "The WTO and{char} electronic commerce"\n')
    status, lines, err = run(quizzes_main, [*command, "--bank", str(BANK), "--content", "content"], capsys)
    assert_located(status, lines, err)
    assert any(x.startswith(f"content/course.yml:{line}: ") for x in lines), lines
    assert not list(Path().glob("out.*"))


def unreadable(monkeypatch, target: Path) -> None:
    """Opening ``target`` fails as a file without read permission does (tests may run as root, for
    whom chmod 000 changes nothing): every way to open it, so the test does not depend on which
    the loader uses."""
    target = target.resolve()

    def denied(file) -> bool:
        try:
            return isinstance(file, (str, os.PathLike)) and Path(file).resolve() == target
        except (OSError, ValueError):
            return False

    def guard(real):
        def opener(file, *args, **kwargs):
            if denied(file):
                raise PermissionError(13, "Permission denied", str(file))
            return real(file, *args, **kwargs)
        return opener

    for module, name in ((os, "open"), (io, "open"), (builtins, "open")):
        monkeypatch.setattr(module, name, guard(getattr(module, name)))


def test_an_unreadable_bank_file_is_located(tmp_path, monkeypatch, capsys):
    bank = tmp_path / "bank"
    shutil.copytree(BANK_CASES.folder / "valid", bank)
    monkeypatch.chdir(tmp_path)
    unreadable(monkeypatch, bank / "03-themes.yml")
    status, lines, err = run(quizzes_main, ["validate", "--bank", "bank", "--content", str(CONTENT)], capsys)
    assert_located(status, lines, err)
    assert lines == [f"bank/03-themes.yml:0: -: {lines[0].split(': -: ', 1)[1]}"], lines
    assert "Permission denied" in lines[0]


@pytest.mark.parametrize("file", ["course.yml", "03-themes.yml", "sources.yml"])
@pytest.mark.parametrize("command", ["course check", "quizzes validate"])
def test_an_unreadable_content_file_is_located(file, command, content_copy, monkeypatch, capsys):
    unreadable(monkeypatch, content_copy / file)
    if command == "course check":
        status, lines, err = run(course_main, ["check", "--content", "content"], capsys)
    else:
        status, lines, err = run(quizzes_main, ["validate", "--bank", str(BANK), "--content", "content"], capsys)
    assert_located(status, lines, err)
    assert len(lines) == 1 and lines[0].startswith(f"content/{file}:") and "Permission denied" in lines[0], lines


# --- class 5 on the issue's own example: two documents that share a description ----------------------

SYMBOLS = """module: work-programme
questions:
  - id: wp-symbols
    type: matching
    objective: wp-origins
    prompt: Match each document with its symbol.
    match: {field: symbol}
    pairs:
      - {left: wt-l-274, right: WT/L/274}
      - {left: wt-l-782, right: WT/L/782}
    explanation: The Work Programme in 1998; the MC7 decision in 2009.
"""


def test_two_documents_with_one_description_are_refused(content_copy, capsys):
    """A symbol question names each document by its description: two that share one are two left-hand
    items a learner cannot tell apart (the learner who matched "rightly" would be told otherwise)."""
    bank = content_copy.parent / "bank"
    bank.mkdir()
    (bank / "01-work-programme.yml").write_text(SYMBOLS, encoding="utf-8")
    args = ["validate", "--bank", "bank", "--content", "content"]
    assert run(quizzes_main, args, capsys)[0] == 0  # as written: two descriptions, told apart
    change(content_copy / "01-work-programme.yml",
           "description: MC7 decision on the Work Programme on Electronic Commerce",
           "description: Work Programme on Electronic Commerce, adopted by the General Council")
    status, lines, err = run(quizzes_main, args, capsys)
    assert_located(status, lines, err)
    assert lines == ["bank/01-work-programme.yml:10: wp-symbols: pair 1 and pair 2 would both show 'Work Programme on "
                     "Electronic Commerce, adopted by the General Council' on the left: a learner cannot tell them "
                     "apart; a matching shows each value by its name: drop one, or match values that read differently"]
