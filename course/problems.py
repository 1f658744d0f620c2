"""One shape for every complaint about the course's data: ``FILE:LINE: ID: message``, and its printer.

Editors and CI annotators jump to ``FILE:LINE``; the id says which fact or question to look at even
when the line moved. Shared by the content checker and the quiz validator.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

# What a terminal or a tool reading the output could take for more than text: C0 and C1 control
# characters (escape sequences, CR, line breaks), DEL, Unicode's line and paragraph separators, the
# bidirectional overrides that reorder what is shown, the byte-order mark, noncharacters and lone
# surrogates (which would also make printing fail).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ufeff\ufffe\uffff\ud800-\udfff]")


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with every control character written as ``\\xNN`` / ``\\uNNNN``: one inert line.

    Key names, file names and ids come from the input: printed raw they could write terminal escape
    sequences, or a newline and a forged ``FILE:LINE: ID:`` line that a tool reading the output
    would believe.
    """
    return _UNSAFE.sub(_escaped, str(text))


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    id: str
    message: str

    def __str__(self) -> str:
        return f"{escape(self.file)}:{self.line}: {escape(self.id or '-')}: {escape(self.message)}"


def display_path(path: Path | str) -> str:
    """The path as the user would type it: relative to the working folder when inside it.

    A link is named by its own name, not its target's: a dangling link is reported as itself."""
    path = Path(path)
    full = path.resolve() if path.name in ("", ".", "..") else path.parent.resolve() / path.name
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ProblemsFound(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def report(exc: ProblemsFound, where: str | None = None, file: TextIO | None = None) -> None:
    """What both command lines print for data that does not load: each problem on its own line on stdout
    (what editors and CI annotators read), then ``N problem(s)`` (``in WHERE`` when given) on ``file``,
    stderr by default."""
    for problem in exc.problems:
        print(problem)
    count = f"{len(exc.problems)} problem(s)" + (f" in {escape(where)}" if where is not None else "")
    print(count, file=sys.stderr if file is None else file)
