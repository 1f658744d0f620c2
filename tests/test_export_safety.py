"""Exports never lose a file, never land in the sources, and the command line says what is wrong.

Issue 19, class 6: an export is written to a temporary file beside the target, read back from disk
(compared byte for byte, then parsed as its format: XML by defusedxml, HTML by html.parser to its
``</html>``, JSON loaded without NaN, the spreadsheet opened by openpyxl, GIFT decoded and each question
block's answer block closed) and only then renamed over the target. A write that fails (a full disk,
simulated here both by a patched ``os.write`` and, for real, by a file-size limit on the process) or a
file that does not read back leaves the previous file as it was and no temporary file behind. ``-o``
inside the content folder or the question bank folder (symbolic links resolved) is refused.

Classes 3 and 4, the command-line half: ``--title`` with a character XML 1.0 forbids (U+FFFE, U+FFFF, a
C0 control) or a line break, and ``schema -o FILE`` in both CLIs, are one line on stderr naming the
option, exit 2, never a traceback nor ``internal error``. Every expected line is stated exactly.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import quizzes.exports.write as export_module
from quizzes.__main__ import main as quizzes_main
from quizzes.exports import export
from quizzes.exports.write import ReadBackError, write
from quizzes.present.draw import draw

from .corpus import BANK_CASES, CONTENT, REAL_BANK, ROOT, quizzes_cli
from .gift_reader import read as read_gift

VALID = BANK_CASES.folder / "valid"  # a small bank that loads: the CLI runs below stay fast
CONTENT = CONTENT.resolve()
BANK = REAL_BANK.resolve()
OLD = b"the previous export, which must survive\n"
SUFFIX = {"gift": ".gift", "moodle-xml": ".xml", "kahoot": ".xlsx", "handout": ".html", "json": ".json"}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def no_traceback(result) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "internal error" not in text, text


def course_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "course", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture(scope="module")
def paper(bank):
    return draw(bank, ["themes"], seed=3, count=5)


# -- the write itself ------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_every_format_is_written_read_back_and_renamed(tmp_path, paper, fmt):
    target = tmp_path / f"paper{SUFFIX[fmt]}"
    target.write_bytes(OLD)
    data = export(fmt, paper)[0]
    write(target, data)  # the format from the suffix, as the book's ready-made files are written
    assert target.read_bytes() == (data if isinstance(data, bytes) else data.encode("utf-8"))
    assert leftovers(tmp_path) == []
    if fmt == "gift":  # the product's structural check agrees with the Moodle-rule reader
        assert read_gift(target.read_text(encoding="utf-8"))


class DiskFull:
    """``os`` as quizzes.exports sees it, but the disk fills after ``room`` bytes: a short write, then ENOSPC."""

    def __init__(self, room: int):
        self.room = room
        for name in dir(os):
            if not name.startswith("__") and name != "write":
                setattr(self, name, getattr(os, name))

    def write(self, fd, data):
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = os.write(fd, bytes(data[:self.room]))
        self.room -= n
        return n


@pytest.mark.parametrize("fmt", ["gift", "kahoot"])
def test_a_failed_write_leaves_the_previous_file(tmp_path, paper, monkeypatch, fmt):
    target = tmp_path / f"paper{SUFFIX[fmt]}"
    target.write_bytes(OLD)
    monkeypatch.setattr(export_module, "os", DiskFull(room=1000))
    with pytest.raises(OSError) as raised:
        write(target, export(fmt, paper)[0])
    assert raised.value.errno == errno.ENOSPC
    assert target.read_bytes() == OLD, "the previous file was overwritten"
    assert leftovers(tmp_path) == [], "a temporary file was left behind"


def test_a_failed_write_through_the_cli_is_one_line_naming_o(tmp_path, monkeypatch, capsys):
    target = tmp_path / "paper.gift"
    target.write_bytes(OLD)
    monkeypatch.setattr(export_module, "os", DiskFull(room=500))
    code = quizzes_main(["export", "gift", "--bank", str(VALID), "-o", str(target)])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"python -m quizzes export: -o: cannot write {target}: No space left on device; "
                                "the previous file is unchanged"]
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def _fill_the_disk_at(limit: int):
    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    return limit_file_size


def test_a_real_short_write_leaves_the_previous_file(tmp_path):
    """No patching: the export process may not write files over 4 KB (RLIMIT_FSIZE), as on a full disk
    the write stops part-way; the export of the real bank is far larger than that."""
    target = tmp_path / "paper.json"
    target.write_bytes(OLD)
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", "json", "-o", str(target)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120, preexec_fn=_fill_the_disk_at(4096))
    no_traceback(result)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [f"python -m quizzes export: -o: cannot write {target}: File too large; "
                                          "the previous file is unchanged"]
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def test_permissions_of_the_previous_file_are_kept(tmp_path, paper):
    target = tmp_path / "paper.json"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write(target, export("json", paper)[0])
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_symbolic_link_is_written_through(tmp_path, paper):
    real = tmp_path / "real" / "paper.json"
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write(link, export("json", paper)[0])
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["seed"] == 3
    assert leftovers(tmp_path) == leftovers(real.parent) == []


# -- read back -------------------------------------------------------------------------------------

CORRUPT = {  # (format, data a broken exporter could make, the start of the reason)
    "xml-unclosed": ("moodle-xml", '<?xml version="1.0" encoding="UTF-8"?>\n<quiz><question>', "ParseError"),
    "xml-fffe": ("moodle-xml", "<quiz><question>A\ufffe</question></quiz>", "ParseError"),
    "json-truncated": ("json", '{"questions": [', "JSONDecodeError"),
    "json-nan": ("json", '{"value": NaN}', "ValueError: NaN is not JSON"),
    "html-truncated": ("handout", "<!DOCTYPE html>\n<html><body><p>half a paper", "the HTML ends before its </html>"),
    "gift-unclosed": ("gift", "::q1::[html]<p>Is it?</p>{T#wrong#right\n", "a GIFT question's answer block"),
    "gift-no-name": ("gift", "[html]<p>Is it?</p>{T}\n", "a GIFT block does not start with a question name"),
    "xlsx-garbage": ("kahoot", b"PK\x03\x04 not a workbook", "BadZipFile"),
    "not-utf8": ("gift", b"::q1::\xff{T}\n", "UnicodeDecodeError"),
}


@pytest.mark.parametrize("case", list(CORRUPT))
def test_a_file_that_does_not_read_back_is_not_put_in_place(tmp_path, case):
    fmt, data, reason = CORRUPT[case]
    target = tmp_path / f"paper{SUFFIX[fmt]}"
    target.write_bytes(OLD)
    with pytest.raises(ReadBackError) as raised:
        write(target, data, fmt)
    assert str(raised.value).startswith(reason), str(raised.value)
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def test_the_corrupt_kahoot_sheet_of_the_issue_is_refused(tmp_path, bank):
    """U+FFFE in the title reached the sheet with exit 0 and openpyxl could not open it (issue 19, class 4):
    whatever way it comes in, the read-back stops it before it replaces anything."""
    corrupt = draw(bank, ["themes"], seed=0, count=2, title="Round \ufffe one")
    target = tmp_path / "paper.xlsx"
    with pytest.raises(ReadBackError, match="ParseError"):
        write(target, export("kahoot", corrupt)[0])
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_read_back_failure_through_the_cli_is_one_line(tmp_path, monkeypatch, capsys):
    import quizzes.exports.presented_json

    target = tmp_path / "paper.json"
    target.write_bytes(OLD)
    monkeypatch.setattr(quizzes.exports.presented_json, "export", lambda paper: ('{"questions": [', []))
    code = quizzes_main(["export", "json", "--bank", str(VALID), "-o", str(target)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "python -m quizzes export: json: the file made does not read back (JSONDecodeError: Expecting value: "
        f"line 1 column 16 (char 15)); {target} is unchanged"]
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


# -- -o that would overwrite the sources -----------------------------------------------------------

def _refused(tmp_path, output: str, *extra: str) -> list[str]:
    result = quizzes_cli("export", "gift", "--bank", str(VALID), *extra, "-o", output, cwd=ROOT)
    no_traceback(result)
    assert result.returncode == 2 and result.stdout == "", result.stderr
    return result.stderr.splitlines()


@pytest.mark.parametrize("relative, folder", [
    ("content/export-safety-probe.gift", "content folder"),
    ("content/course.yml", "content folder"),
    ("quizzes/bank/export-safety-probe.gift", "question bank folder"),
    ("quizzes/bank/01-work-programme.yml", "question bank folder"),
    ("content", "content folder"),
])
def test_o_inside_the_content_or_the_bank_is_refused(tmp_path, relative, folder):
    path = ROOT / relative
    before = path.read_bytes() if path.is_file() else None
    try:
        where = CONTENT if folder == "content folder" else BANK
        assert _refused(tmp_path, relative) == [
            f"python -m quizzes export: -o: {relative} is inside the {folder} ({where}); write the export elsewhere"]
    finally:  # the code before the fix wrote the export there: never leave the sources changed
        if before is None and path.is_file():
            path.unlink()
        elif before is not None and path.read_bytes() != before:
            path.write_bytes(before)
    assert (path.read_bytes() if path.is_file() else None) == before


def test_o_through_a_symbolic_link_into_the_content_is_refused(tmp_path):
    (tmp_path / "elsewhere").symlink_to(CONTENT)
    output = str(tmp_path / "elsewhere" / "export-safety-probe.gift")
    try:
        assert _refused(tmp_path, output) == [
            f"python -m quizzes export: -o: {output} is inside the content folder ({CONTENT}); "
            "write the export elsewhere"]
    finally:
        (CONTENT / "export-safety-probe.gift").unlink(missing_ok=True)


def test_o_inside_the_bank_in_use_is_refused(tmp_path):
    """--bank names another folder: it is protected as the repository's bank is."""
    bank = tmp_path / "bank"
    bank.mkdir()
    for path in VALID.glob("*.yml"):
        (bank / path.name).write_bytes(path.read_bytes())
    output = str(bank / "01-work-programme.yml")
    assert _refused(tmp_path, output, "--bank", str(bank)) == [
        f"python -m quizzes export: -o: {output} is inside the question bank folder ({bank.resolve()}); "
        "write the export elsewhere"]
    assert (bank / "01-work-programme.yml").read_bytes() == (VALID / "01-work-programme.yml").read_bytes()


def test_o_a_folder_or_in_a_missing_folder_is_refused(tmp_path):
    assert _refused(tmp_path, str(tmp_path)) == [
        f"python -m quizzes export: -o: {tmp_path} is a folder; give a file name"]
    missing = tmp_path / "nope" / "paper.gift"
    assert _refused(tmp_path, str(missing)) == [
        f"python -m quizzes export: -o: {missing}: folder {tmp_path / 'nope'} does not exist"]
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    looped = tmp_path / "loop" / "paper.gift"
    assert _refused(tmp_path, str(looped)) == [
        f"python -m quizzes export: -o: {looped} cannot be resolved: a loop of symbolic links"]


# -- --title ----------------------------------------------------------------------------------------

XML_NOTE = "which XML 1.0 does not allow (the Moodle XML file and the Kahoot sheet would not open)"


@pytest.mark.parametrize("title, message", [
    ("Round \ufffe", f"character 7 is U+FFFE, {XML_NOTE}"),
    ("Round \uffff", f"character 7 is U+FFFF, {XML_NOTE}"),
    ("Round\x01", f"character 6 is U+0001, {XML_NOTE}"),
    ("\x1b[31mRound", f"character 1 is U+001B, {XML_NOTE}"),
    ("Round\none", "character 6 is U+000A, a control character; a title is one line of text"),
    ("Round\x85one", "character 6 is U+0085, a control character; a title is one line of text"),
    (b"Round \xff", "character 7 is a byte that is not UTF-8 (U+DCFF); write the title in UTF-8"),
    ("  ", "the title is empty; give one, or leave the option out for the modules' title"),
])
@pytest.mark.parametrize("fmt", ["kahoot", "moodle-xml"])
def test_a_title_no_format_can_hold_is_refused(tmp_path, title, message, fmt):
    out = tmp_path / f"paper{SUFFIX[fmt]}"
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", fmt, "--bank", str(VALID), "--title", title,
                             "-o", str(out)], cwd=ROOT, env=env, capture_output=True, timeout=60)
    stderr = result.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert (result.returncode, result.stdout) == (2, b"")
    assert stderr.splitlines() == [f"python -m quizzes export: --title: {message}"]
    assert not out.exists() and leftovers(tmp_path) == []


def test_a_title_every_format_holds_is_written(tmp_path):
    out = tmp_path / "paper.xlsx"
    result = quizzes_cli("export", "kahoot", "--bank", str(VALID), "--title", "Ronda 1 — comercio “digital” 🌐",
                         "-o", str(out), cwd=ROOT)
    no_traceback(result)
    assert result.returncode == 0 and out.is_file()


# -- schema -o --------------------------------------------------------------------------------------

@pytest.mark.parametrize("prog, run", [("python -m quizzes", quizzes_cli), ("python -m course", course_cli)])
def test_schema_o_a_file_is_one_line_naming_o(tmp_path, prog, run):
    afile = tmp_path / "afile"
    afile.write_text("not a folder\n")
    result = run("schema", "-o", str(afile), cwd=ROOT)
    no_traceback(result)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"{prog} schema: -o: {afile} is a file; give a folder"]
    assert afile.read_text() == "not a folder\n"
    below = afile / "schemas"
    result = run("schema", "-o", str(below), cwd=ROOT)
    no_traceback(result)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"{prog} schema: -o: cannot make the folder {below}: Not a directory"]


@pytest.mark.parametrize("prog, run", [("python -m quizzes", quizzes_cli), ("python -m course", course_cli)])
def test_schema_o_a_new_folder_still_takes_the_schemas(tmp_path, prog, run):
    if prog == "python -m course":
        from course.__main__ import schemas
    else:
        from quizzes.__main__ import schemas
    out = tmp_path / "new" / "schemas"
    result = run("schema", "-o", str(out), cwd=ROOT)
    no_traceback(result)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [str(out / name) for name in schemas()]
    for name, body in schemas().items():
        assert json.loads((out / name).read_text(encoding="utf-8")) == body


def test_a_path_that_would_forge_lines_is_printed_as_one_escaped_line(tmp_path):
    """-o names a folder that is not there, with an escape sequence and a newline and a forged problem line in its
    name: the one line on stderr shows them escaped, so no terminal colour and no second line reach a reader."""
    bad = tmp_path / "no\x1b[31mfolder\nbank/01-work-programme.yml:1: wp-x: forged" / "out.json"
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", "json", "-o", str(bad)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m quizzes export: -o: "), lines
    assert "\x1b" not in result.stderr and "\\x1b[31m" in lines[0] and "\\x0a" in lines[0]
