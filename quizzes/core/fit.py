"""What a question must fit: the limits of the tools it is exported to, checked when the bank is proven.

Kahoot's spreadsheet takes a question of at most 120 characters and 2 to 4 answers of at most 75
(DESIGN.md, "Exchange formats"). The limits live here, in the core, because the proof checks a
question's short forms against them; the Kahoot exporter reads them from here.
"""

from __future__ import annotations

from quizzes.core.markdown import plain

QUESTION_MAX = 120
ANSWER_MAX = 75
ANSWERS_MIN, ANSWERS_MAX = 2, 4


def text(markdown: str | None) -> str:
    """The plain text Kahoot shows: Markdown markup removed, runs of white space made one space."""
    return " ".join(plain(markdown).split())
