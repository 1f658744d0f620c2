"""What the test modules share, in one place (no test module imports another):

* the repository's paths: the real content and bank;
* the corpus of bad input: ``tests/content_cases/`` and ``tests/bank_cases/``, each folder with an
  ``expected.txt`` one case, with the files no editor should be handed (NUL bytes, Latin-1, 21 MB, an
  alias bomb, 5000 levels of nesting) written into a tmp copy of the case at run time;
* the ``quizzes`` command line, run as a subprocess;
* hostile text (markup in every field of a presented question of each type) and the numbers a
  learner types (with what ``parse_number`` must make of them);
* text out of HTML (whitespace collapsed; a generated table's rows);
* a bank with families, and a requirements file's pins.

Building the book (copy, build, the table of contents, a page's code run in-process) is in
tests/book_build.py. The fixtures built from these (the real content and bank, the valid bank case, the
built book) are in conftest.py.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from packaging.utils import canonicalize_name

from quizzes.exports import export
from quizzes.present.draw import draw

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CONTENT = ROOT / "content"  # the real course content
REAL_BANK = ROOT / "quizzes" / "bank"  # the real question bank


# -- the corpus of bad input ----------------------------------------------------------------------
class Cases:
    """A folder of cases: each subfolder with an ``expected.txt`` is one case, the lines (``FILE:LINE:
    ID: message``, paths relative to the folder) that loading it must report. ``generated``: per case,
    the files written into a tmp copy at run time (file name -> a function returning its bytes)."""

    def __init__(self, folder: Path, generated: dict[str, dict[str, Callable[[], bytes]]]):
        self.folder = folder
        self.generated = generated
        self.names = sorted(p.parent.name for p in folder.glob("*/expected.txt"))

    def expected_lines(self, name: str) -> list[str]:
        return (self.folder / name / "expected.txt").read_text(encoding="utf-8").splitlines()

    def home(self, name: str, tmp_path: Path) -> Path:
        """The folder to run in, holding ``name/``: the cases folder itself, or a tmp copy with the
        case's generated files."""
        if name not in self.generated:
            return self.folder
        folder = tmp_path / name
        shutil.copytree(self.folder / name, folder, ignore=shutil.ignore_patterns("expected.txt"))
        for file, make in self.generated[name].items():
            (folder / file).write_bytes(make())
        return tmp_path


# Bad content: files written from the valid case's module file, with one change each.
VALID_MODULE = (TESTS / "content_cases" / "valid" / "mod.yml").read_bytes()


def _module_with(name: str, old: bytes, new: bytes) -> Callable[[], bytes]:
    def make() -> bytes:
        assert old in VALID_MODULE, f"{name}: valid/mod.yml no longer contains {old!r}"
        return VALID_MODULE.replace(old, new)
    return make


CONTENT_CASES = Cases(TESTS / "content_cases", {
    "binary-file": {"mod.yml": _module_with("binary-file", b"Something happened", b"Something\x00happened")},
    "not-utf8": {"mod.yml": _module_with("not-utf8", b"Something happened", "Café opened".encode("latin-1"))},
})

# Bad banks: files written from the valid bank's themes file, or from nothing.
VALID_THEMES = (TESTS / "bank_cases" / "valid" / "03-themes.yml").read_bytes()
LARGE_SIZE = 21_000_000  # bytes: over the 20 MB a bank file may have


def _themes_with(old: bytes, new: bytes) -> bytes:
    assert old in VALID_THEMES, f"valid/03-themes.yml no longer contains {old!r}"
    return VALID_THEMES.replace(old, new, 1)


def _padded(size: int) -> bytes:
    """The valid file, padded with comment lines to exactly ``size`` bytes: valid YAML, just too big."""
    line = b"# " + b"x" * 97 + b"\n"
    body = VALID_THEMES + line * ((size - len(VALID_THEMES)) // len(line))
    return body + b"#" * (size - len(body) - 1) + b"\n"


def _alias_bomb() -> bytes:
    """'Billion laughs': 9**10 strings if the aliases were expanded; 11 short lines on disk."""
    lines = [b"module: themes", b"lol0: &a0 [" + b", ".join([b'"lol"'] * 9) + b"]"]
    for i in range(1, 10):
        lines.append(f"lol{i}: &a{i} [".encode() + ", ".join([f"*a{i - 1}"] * 9).encode() + b"]")
    lines.append(b"questions: *a9")
    return b"\n".join(lines) + b"\n"


BANK_CASES = Cases(TESTS / "bank_cases", {
    "binary-file": {"03-themes.yml": lambda: _themes_with(b"Trust covers", b"Trust\x00covers")},
    "not-utf8": {"03-themes.yml": lambda: _themes_with(
        b"Trust covers personal information", "Trust covers données personnelles".encode("latin-1"))},
    "too-large": {"03-themes.yml": lambda: _padded(LARGE_SIZE)},
    "alias-bomb": {"03-themes.yml": _alias_bomb},
    "deep-nesting": {"03-themes.yml": lambda: b"module: themes\nquestions: " + b"[" * 5000 + b"]" * 5000 + b"\n"},
})


# -- the command line -----------------------------------------------------------------------------
def quizzes_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m quizzes ARGS`` in ``cwd``, as an author runs it (no COURSE_CONTENT_DIR, QUIZ_BANK_DIR)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "quizzes", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )


# -- hostile text ---------------------------------------------------------------------------------
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</script><script>alert(2)</script>",
    "<!-- x --> &amp; & \u2028 \u2029 end",
]
HOSTILE_TEXT = " ".join(HOSTILE)
SCRIPT = HOSTILE[0]


def hostile(label: str) -> str:
    """A field's hostile text, tagged with the field's name so a test can find where it landed."""
    return f"{label}: {HOSTILE_TEXT}"


def _source(n: int) -> dict:
    return {"id": f"src-{n}", "number": n, "author": f"Author {n} {HOSTILE[1]}", "title": HOSTILE[2], "url": None}


def _base(qid: str, kind: str) -> dict:
    return {
        "id": qid, "module": "themes", "type": kind,
        "prompt": hostile(f"prompt {kind}"), "hint": hostile(f"hint {kind}"),
        "explanation": hostile(f"explanation {kind}"), "difficulty": "medium", "skill": "recall",
        "objective": "themes-classify", "facts": [], "sources": [_source(1), _source(3)],
    }


def hostile_questions() -> list[dict]:
    """Presented questions of every type, hostile text in every bank field (ids too, for one)."""
    single = _base("hostile-single", "single") | {
        "options": [{"id": o, "text": hostile(f"option {o}"), "feedback": hostile(f"feedback {o}")} for o in "abc"],
        "key": "b",
    }
    multiple = _base('odd id "><img src=x onerror=alert(3)>', "multiple") | {
        "options": [{"id": o, "text": hostile(f"choice {o}"), "feedback": hostile(f"why {o}")}
                    for o in ["a", "b", 'c"><b>', "d"]],
        "key": ["a", 'c"><b>'],
    }
    truefalse = _base("hostile-true-false", "true-false") | {
        "key": False, "feedback": {"true": hostile("feedback true"), "false": hostile("feedback false")},
    }
    numeric = _base("hostile-numeric", "numeric") | {"key": 1998, "tolerance": 0.0, "unit": "<b>units</b> %"}
    numeric["hint"] = None  # a question without a hint
    ordering = _base("hostile-ordering", "ordering") | {
        "items": [{"id": i, "text": hostile(f"item {i}")} for i in ["i2", "i3", "i1"]],
        "key": ["i1", "i2", "i3"],
        "dates": {i: hostile(f"date {i}") for i in ["i1", "i2", "i3"]},
    }
    matching = _base("hostile-matching", "matching") | {
        "lefts": [{"id": f"l{n}", "text": hostile(f"left {n}")} for n in (1, 2, 3)],
        "rights": [{"id": f"r{n}", "text": hostile(f"right {n}")} for n in (3, 1, 4, 2)],
        "key": {"l1": "r1", "l2": "r2", "l3": "r3"},
        "feedback": {f"l{n}": hostile(f"match feedback {n}") for n in (1, 2, 3)},
    }
    return [single, multiple, truefalse, numeric, ordering, matching]


def hostile_quiz(one_at_a_time: bool = False, quiz_id: str = "hostile") -> SimpleNamespace:
    """A quiz of ``hostile_questions()``, as ``render_quiz`` reads one."""
    return SimpleNamespace(quiz_id=quiz_id, title="Hostile <b>quiz</b>", seed=None,
                           one_at_a_time=one_at_a_time, questions=hostile_questions())


# -- text out of HTML -------------------------------------------------------------------------------
def norm(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


def table_rows(html: str, table: str) -> dict[str, list[str]]:
    """A generated table's rows (``data-id`` -> cell texts, whitespace collapsed), from its HTML."""
    from bs4 import BeautifulSoup

    doc = BeautifulSoup(str(html), "html.parser")
    return {tr["data-id"]: [norm(c.get_text(" ", strip=True)) for c in tr.select("th, td")]
            for tr in doc.select(f'[data-table="{table}"] tr[data-id]')}


# -- numbers as learners type them --------------------------------------------------------------------
NUMBERS = [  # (text, unit, what parse_number returns)
    ("1998", None, 1998.0),
    (" 1,998 ", None, 1998.0),  # a comma before three digits groups thousands
    ("1,998.5", None, 1998.5),
    ("12,500", None, 12500.0),  # so '12,500' is twelve thousand five hundred, never 12.5
    ("1 998", None, 1998.0),  # spaces group thousands too
    ("1\u00a0998", None, 1998.0),  # no-break space
    ("1\u202f998", None, 1998.0),  # narrow no-break space (French)
    ("1_998", None, None),  # underscores are Python's, not a learner's, separator
    ("77%", None, 77.0),
    ("77 %", None, 77.0),
    ("77,5", None, 77.5),  # one comma, not before three digits: a decimal comma
    ("77,5%", None, 77.5),
    ("0,5", None, 0.5),
    ("1.998", None, 1.998),  # a point is always decimal
    ("71.", None, 71.0),
    (".5", None, 0.5),
    ("+71", None, 71.0),
    ("-5", None, -5.0),
    ("71 members", "members", 71.0),
    ("71 Members", "members", 71.0),
    ("71members", "members", 71.0),
    ("1,998 members", "members", 1998.0),
    ("71 members", None, None),  # without the unit, words are not a number
    ("71 member", "members", None),
    ("1e3", None, None),  # decided: exponents are refused ("Enter a number"), though float() takes them
    ("7.1e1", None, None),
    ("", None, None),
    ("   ", None, None),
    ("abc", None, None),
    ("nan", None, None),
    ("inf", None, None),
    ("Infinity", None, None),
    ("1,2,3", None, None),
    ("1.2.3", None, None),
    ("%", None, None),
    ("\u22125", None, -5.0),  # U+2212 MINUS SIGN, as word processors type it
    (None, None, None),
    (True, None, None),
    (False, None, None),
    (71, None, 71.0),
    (2.5, None, 2.5),
    (math.inf, None, None),
    (math.nan, None, None),
]


# -- a bank with families -----------------------------------------------------------------------------
def with_families(bank):
    """The bank with its families replaced: in each module, of every five questions (bank order) the
    first three share a family and the other two have none; a family never spans modules."""
    from quizzes.core.bank import Bank

    questions = []
    for module in bank.content.course.modules:
        for i, q in enumerate(bank.module(module.id)):
            family = f"{module.id}-family-{i // 5}" if i % 5 < 3 else None
            questions.append(q.model_copy(update={"family": family}))
    order = {q.id: n for n, q in enumerate(bank.questions)}
    questions.sort(key=lambda q: order[q.id])  # the bank's order, as a loaded bank has it
    return Bank(bank.content, questions, bank.where)


# -- requirements files -------------------------------------------------------------------------------
def pins(path: Path) -> dict[str, str]:
    """A requirements file's pins, by canonical name; every line but comments and ``-e`` pinned with ==."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-e")):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not pinned with =="
            found[canonicalize_name(name)] = version
    return found


def check_bank_table(table, bank) -> None:
    """The trainer's bank table (``quiz-bank-table``) against the bank: a row per module and one for all,
    each with its module id, its question count, its counts by type and how many choice questions fit
    Kahoot (what the Kahoot export of that module keeps). The built guide and the in-process build both
    check their table with this."""
    rows = {tr["data-id"]: [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in table.tbody.find_all("tr")}
    modules = bank.content.course.modules
    assert list(rows) == [m.id for m in modules] + ["all"]
    total_fit = total_choice = 0
    for module in modules:
        paper = draw(bank, [module.id])
        fit = paper.count - len(export("kahoot", paper)[1])
        types = Counter(q.type for q in bank.module(module.id))
        choice = types["single"] + types["multiple"] + types["true-false"]
        total_fit, total_choice = total_fit + fit, total_choice + choice
        assert rows[module.id][1] == module.id  # what to type after --module
        assert rows[module.id][2] == str(len(bank.module(module.id))), module.id
        assert rows[module.id][4].startswith(f"{fit} of {choice} choice questions ("), (module.id, rows[module.id][4])
        assert sum(int(part.split()[0]) for part in rows[module.id][3].split(", ")) == sum(types.values())
    assert rows["all"][2] == str(len(bank.questions))
    share = round(100 * total_fit / total_choice)
    assert rows["all"][4] == f"{total_fit} of {total_choice} choice questions ({share}%)"
