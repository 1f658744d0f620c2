"""Loading safety: what git cannot hold as a case folder, written into a tmp folder here.

Issue 19's loading classes, each case with the exact lines it must print:

* Forged problem lines (class 7): a key name, a file name or an id holding a terminal escape or a
  newline and a fake ``FILE:LINE: ID:`` line is printed escaped, on exactly one line, by both CLIs
  (``Problem.__str__`` escapes every field).
* No cap across files (class 10): a bank over 20 MB or a content folder over 5 MB in all is refused
  with one line before any file is read; the 10,000-question benchmark bank stays under the cap.
* Input skipped silently (class 9, loading): a folder, a named pipe, a dangling link or a device named
  ``*.yml`` is reported, not skipped.
* Characters XML 1.0 does not allow (class 4, validation): written raw into a file they are refused at
  their line with one line (they were ``:0:`` and a two-line message); written as escapes, see the
  ``noncharacter-in-text`` and ``key-name-ansi-escape`` case folders.

Case folders of text (tags on lists and mappings, ``\\uFFFF`` escapes, forged key names) live in
``tests/bank_cases`` and ``tests/content_cases``; the CLIs run in-process, as in test_hostile.py.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from pathlib import Path

import pytest

from course.__main__ import main as course_main
from course.content import yamlio
from course.content.load import MAX_CONTENT_BYTES, yaml_entries
from course.problems import Problem, ProblemsFound, escape
from quizzes.__main__ import main as quizzes_main
from quizzes.core.load import MAX_BANK_BYTES, MAX_BANK_TOTAL, load_bank

from .corpus import BANK_CASES, CONTENT, CONTENT_CASES, REAL_BANK, ROOT

BANK_VALID = BANK_CASES.folder / "valid"
CONTENT_VALID = CONTENT_CASES.folder / "valid"
NOT_ALLOWED = ("text may hold no control character but tab and line breaks, and no U+FFFE or U+FFFF "
               "(XML 1.0 does not allow them: exports would be corrupt); remove it")


def _validate(bank: str, capsys) -> tuple[int, list[str], str]:
    code = quizzes_main(["validate", "--bank", bank, "--content", str(CONTENT)])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def _check(folder: str, capsys) -> tuple[int, list[str], str]:
    code = course_main(["check", "--content", folder])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def _bank(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(BANK_VALID, folder)
    return folder


def _content(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(CONTENT_VALID, folder)
    return folder


def _no_control_characters(lines: list[str]) -> None:
    for line in lines:
        assert line == escape(line), line
        assert all(ch == "\t" or ch >= " " for ch in line) and "\x1b" not in line and "\x9b" not in line


# --- class 7: forged problem lines ------------------------------------------------------------


def test_problem_escapes_a_key_name_with_an_ansi_escape():
    problem = Problem("bank/03-themes.yml", 14, "q1", "unknown field '\x1b[1A\x1b[2K\x1b[32mexplanation'")
    assert str(problem) == r"bank/03-themes.yml:14: q1: unknown field '\x1b[1A\x1b[2K\x1b[32mexplanation'"
    assert "\n" not in str(problem) and "\x1b" not in str(problem)


def test_problem_escapes_a_key_name_with_a_newline_and_a_fake_problem_line():
    problem = Problem("bank/03-themes.yml", 14, "q1", "unknown field 'tolerance\nbank/03-themes.yml:1: -: bank OK'")
    assert str(problem).splitlines() == [
        r"bank/03-themes.yml:14: q1: unknown field 'tolerance\x0abank/03-themes.yml:1: -: bank OK'"]


def test_problem_escapes_every_field():
    """File names and ids too, and what a terminal or a reader could take for a line break or a
    reordering: CR, C1 controls, U+2028, bidi overrides; a lone surrogate (from a file name that is not
    UTF-8) would make printing itself fail."""
    problem = Problem("a\rb\u2028.yml", 3, "id\x9b31m\u202e", "x\x00y\x7fz\udcff\ufeff")
    assert str(problem) == r"a\x0db\u2028.yml:3: id\x9b31m\u202e: x\x00y\x7fz\udcff\ufeff"
    str(problem).encode("utf-8")  # printable
    assert escape("é “quoted” \\x1b, tab-free text") == "é “quoted” \\x1b, tab-free text"


FORGED_NAME = "03-\x1b[2K\x1b[1Gthemes\nforged.yml:1: -: bank OK.yml"


def test_validate_escapes_a_file_name(tmp_path, monkeypatch, capsys):
    """A file named with an escape sequence and a newline: one escaped line, exit 1."""
    folder = _bank(tmp_path, "bank")
    (folder / "03-themes.yml").rename(folder / FORGED_NAME)
    (folder / FORGED_NAME).write_text(
        (folder / FORGED_NAME).read_text().replace("    answer: a\n", "    answer: a\n    tolerence: 1\n"))
    monkeypatch.chdir(tmp_path)
    code, out, err = _validate("bank", capsys)
    assert code == 1
    assert out == [r"bank/03-\x1b[2K\x1b[1Gthemes\x0aforged.yml:1: -: bank OK.yml:14: themes-server-rule: "
                   "unknown field 'tolerence'"]
    _no_control_characters(out)


def test_check_escapes_a_key_name_and_a_file_name(tmp_path, monkeypatch, capsys):
    folder = _content(tmp_path, "content")
    module = (folder / "mod.yml").read_text().replace(
        "    title: Something happened\n", '    title: Something happened\n    "\\x9b2J\\nmod.yml:1: -: OK": 1\n')
    (folder / "mod.yml").unlink()
    (folder / "mod\x1b]0;title\x07.yml").write_text(module)
    monkeypatch.chdir(tmp_path)
    code, out, err = _check("content", capsys)
    assert code == 1
    assert out == [r"content/mod\x1b]0;title\x07.yml:6: some-event: key '\x9b2J\nmod.yml:1: -: OK': U+009B "
                   f"(a control character): {NOT_ALLOWED}"]
    _no_control_characters(out)


# --- class 4: characters XML 1.0 does not allow, raw in a file --------------------------------

RAW = [  # (character put into the valid prompt, U+ name and kind)
    ("\x1b", "U+001B (a control character)"),
    ("\x01", "U+0001 (a control character)"),
    ("\x9b", "U+009B (a control character)"),
    ("\ufffe", "U+FFFE (a noncharacter)"),
    ("\uffff", "U+FFFF (a noncharacter)"),
]


@pytest.mark.parametrize(("char", "named"), RAW, ids=[n.split()[0] for _, n in RAW])
def test_raw_forbidden_character_in_a_bank_file(char, named, tmp_path, monkeypatch, capsys):
    folder = _bank(tmp_path, "bank")
    text = (folder / "03-themes.yml").read_text()
    (folder / "03-themes.yml").write_text(text.replace("Trust covers", f"Trust{char} covers"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = _validate("bank", capsys)
    assert code == 1
    assert out == [f"bank/03-themes.yml:11: -: {named} in the file: {NOT_ALLOWED}"]


@pytest.mark.parametrize(("char", "named"), RAW, ids=[n.split()[0] for _, n in RAW])
def test_raw_forbidden_character_in_a_content_file(char, named, tmp_path, monkeypatch, capsys):
    folder = _content(tmp_path, "content")
    text = (folder / "mod.yml").read_text()
    (folder / "mod.yml").write_text("# é, “”\n" + text.replace("Something happened", f"Something{char} happened"),
                                    encoding="utf-8")  # multi-byte text before it: the line still counts right
    monkeypatch.chdir(tmp_path)
    code, out, err = _check("content", capsys)
    assert code == 1
    assert out == [f"content/mod.yml:6: -: {named} in the file: {NOT_ALLOWED}"]


def test_escaped_forbidden_characters_are_refused_where_they_stand(tmp_path):
    """Each character outside XML 1.0 (and DEL, C1) written as a YAML escape: refused, with its field."""
    path = tmp_path / "x.yml"
    for escape_text, named in [(r"\e", "U+001B (a control character)"), (r"\x7f", "U+007F (a control character)"),
                               (r"\x85", "U+0085 (a control character)"), (r"\uFFFE", "U+FFFE (a noncharacter)"),
                               (r"\uFFFF", "U+FFFF (a noncharacter)"), (r"\x0c", "U+000C (a control character)")]:
        path.write_text(f'questions:\n  - id: q1\n    options:\n      - {{id: a, text: "A{escape_text}"}}\n')
        with pytest.raises(yamlio.YamlProblem) as info:
            yamlio.load(path)
        assert (info.value.line, info.value.id, info.value.message) == (
            4, "q1", f"options[0].text: {named}: {NOT_ALLOWED}")
    path.write_text('a: "tab\\there, line\\nbreak, \\u2028, \\U0001F600, \\uFFFD"\n')
    assert yamlio.load(path).data == {"a": "tab\there, line\nbreak, \u2028, \U0001F600, \ufffd"}


# --- class 9: tags on lists and mappings ------------------------------------------------------


@pytest.mark.parametrize(("written", "line", "shown"), [
    ("a: !!set {x, y}\n", 1, "a: YAML tag '!!set' is not supported"),
    ("a: !!omap [x: 1]\n", 1, "a: YAML tag '!!omap' is not supported"),
    ("a:\n  - !custom {b: 1}\n", 2, "a[0]: YAML tag '!custom' is not supported"),
    ("!!python/object:os.system {}\n", 1, "YAML tag '!!python/object:os.system' is not supported"),
    ("!key k: 1\n", 1, "YAML tag '!key' is not supported"),
    ("a: !!binary aGk=\n", 1, "a: YAML tag '!!binary' is not supported"),
])
def test_tags_are_refused_on_every_node(written, line, shown, tmp_path):
    path = tmp_path / "x.yml"
    path.write_text(written)
    with pytest.raises(yamlio.YamlProblem) as info:
        yamlio.load(path)
    assert info.value.line == line
    assert info.value.message == shown + (": remove it "
                                          "(the course reads plain text, numbers, true/false, lists and mappings)")


def test_the_plain_tags_still_read(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("a: !!seq [1]\nb: !!map {c: !!str 2}\nd: !!int '3'\n")
    assert yamlio.load(path).data == {"a": [1], "b": {"c": "2"}, "d": 3}


# --- class 9: what is named *.yml but is no file ----------------------------------------------

ODD_ENTRIES = {  # name -> (how to make it in the folder, the message)
    "folder.yml": (lambda p: p.mkdir(), "a folder, not a file: only files named *.yml are read; rename the folder"),
    "pipe.yml": (lambda p: os.mkfifo(p),
                 "a named pipe (FIFO), not a regular file: it is not read; remove it or rename it"),
    "dangling.yml": (lambda p: p.symlink_to("moved-away.yml"),
                     "a symbolic link to 'moved-away.yml', which does not exist"),
    "zero.yml": (lambda p: p.symlink_to("/dev/zero"),
                 "a device, not a regular file: it is not read; remove it or rename it"),
}


FOLDERS = {"bank": (_bank, _validate), "content": (_content, _check)}  # how to make each folder, how to read it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("entry", sorted(ODD_ENTRIES))
@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_a_folder_reports_what_is_no_file(kind, entry, tmp_path, monkeypatch, capsys):
    make_folder, read = FOLDERS[kind]
    folder = make_folder(tmp_path, kind)
    make, message = ODD_ENTRIES[entry]
    make(folder / entry)
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    code, out, err = read(kind, capsys)
    assert time.perf_counter() - start < 30  # a pipe or /dev/zero is never opened for reading
    assert code == 1
    assert out == [f"{kind}/{entry}:0: -: {message}"]


def test_course_yml_as_a_folder(tmp_path, monkeypatch, capsys):
    folder = _content(tmp_path, "content")
    (folder / "course.yml").unlink()
    (folder / "course.yml").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = _check("content", capsys)
    assert code == 1
    assert out == ["content/course.yml:0: -: a folder, not a file: only files named *.yml are read; rename the folder"]


def test_unreadable_file_is_located(tmp_path, monkeypatch, capsys):
    """A file the user may not read (simulated: root, who runs CI here, reads any file)."""
    folder = _bank(tmp_path, "bank")
    (folder / "03-themes.yml").chmod(0)
    real_open = os.open

    def denied(path, *args, **kwargs):
        if os.path.abspath(path) == str(folder / "03-themes.yml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    monkeypatch.chdir(tmp_path)
    code, out, err = _validate("bank", capsys)
    assert code == 1
    assert out == ["bank/03-themes.yml:0: -: cannot read the file: Permission denied"]


# --- class 10: a cap across files -------------------------------------------------------------


def _filler(size: int) -> bytes:
    """``size`` bytes of YAML comment lines: valid YAML that is never read."""
    line = b"# " + b"x" * 97 + b"\n"
    return line * (size // len(line)) + b"#" * (size % len(line) - 1) + b"\n"


def test_bank_over_the_cap_is_refused_before_any_file_is_read(tmp_path, monkeypatch, capsys, record_property):
    """11 files of 1.9 MB, each under the 2 MB a file may hold, 20.9 MB in all: one line, at once."""
    folder = _bank(tmp_path, "many-files")
    for n in range(11):
        (folder / f"pad-{n:02d}.yml").write_bytes(_filler(1_900_000))
    total = sum(p.stat().st_size for p in folder.glob("*.yml"))
    assert total > MAX_BANK_TOTAL and all(p.stat().st_size <= MAX_BANK_BYTES for p in folder.glob("*.yml"))
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    code, out, err = _validate("many-files", capsys)
    record_property("seconds", round(time.perf_counter() - start, 3))
    assert code == 1
    assert out == [f"many-files:0: -: the question files hold {total / 1e6:.1f} MB in all; "
                   "the limit is 20 MB for the whole folder: none was read"]
    assert out == ["many-files:0: -: the question files hold 20.9 MB in all; the limit is 20 MB for the whole "
                   "folder: none was read"]
    assert not [p for p in opened if p.endswith(".yml") and "many-files" in p]


def test_content_over_the_cap_is_refused(tmp_path, monkeypatch, capsys):
    folder = _content(tmp_path, "big-content")
    for n in range(3):
        (folder / f"pad-{n}.yml").write_bytes(_filler(1_800_000))
    monkeypatch.chdir(tmp_path)
    code, out, err = _check("big-content", capsys)
    assert code == 1
    assert out == ["big-content:0: -: the content files hold 5.4 MB in all; the limit is 5 MB for the whole "
                   "folder: none was read"]


def test_a_file_over_its_own_limit_is_reported_once(tmp_path, monkeypatch, content):
    """An oversized file is refused on its own and does not count towards the folder's cap."""
    folder = _bank(tmp_path, "bank")
    (folder / "huge.yml").write_bytes(_filler(MAX_BANK_TOTAL + 1_000_000))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProblemsFound) as info:
        load_bank(Path("bank"), content=content)
    assert [str(p) for p in info.value.problems] == ["bank/huge.yml:0: -: file is 21.0 MB; the limit is 2 MB"]


def test_the_caps_leave_room():
    """The real content and bank are far under the caps."""
    assert sum(p.stat().st_size for p in CONTENT.glob("*.yml")) < MAX_CONTENT_BYTES / 10
    assert sum(p.stat().st_size for p in REAL_BANK.glob("*.yml")) < MAX_BANK_TOTAL / 10


def test_the_benchmark_bank_fits_under_the_cap(tmp_path, content, record_property):
    """The 10,000-question bank of benchmarks/validate.py (about 16 MB today) is under 20 MB. Its size
    is linear in the questions: a tenth of it is written here (writing all takes half a minute), and
    its ten times plus 2% (ids one digit longer) must fit. The whole bank's loading is timed by the
    benchmark, which also proves it loads."""
    spec = importlib.util.spec_from_file_location("bench_validate", ROOT / "benchmarks" / "validate.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.write_bank(tmp_path, 1_000, bench.bank_questions(content, REAL_BANK))
    total = sum(p.stat().st_size for p in tmp_path.glob("*.yml"))
    record_property("megabytes_for_10000", round(total * 10 / 1e6, 2))
    assert 500_000 < total and total * 10 * 1.02 < MAX_BANK_TOTAL
    entries, problems = yaml_entries(tmp_path, MAX_BANK_BYTES, MAX_BANK_TOTAL, "question")
    assert problems == [] and len(entries) == len(list(tmp_path.glob("*.yml")))
    assert len(load_bank(tmp_path, content=content).questions) == 1_000
