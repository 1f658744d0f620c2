"""One shape for every complaint about the course's data: ``FILE:LINE: ID: message``.

Editors and CI annotators jump to ``FILE:LINE``; the id says which fact or question to look at even
when the line moved. Shared by the content checker and the quiz validator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.id or '-'}: {self.message}"


def display_path(path: Path | str) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ProblemsFound(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
