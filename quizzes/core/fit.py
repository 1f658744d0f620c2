"""What a question must fit: the limits of the tools it is exported to, checked when the bank is proven.

Kahoot's spreadsheet takes a question of at most 120 characters and 2 to 4 answers of at most 75
(the limits of Kahoot's own spreadsheet template). The limits live here, in the core, because the proof checks a
question's short forms against them; the Kahoot exporter reads them from here.
"""

from __future__ import annotations

import re

from quizzes.core.markdown import plain

QUESTION_MAX = 120
ANSWER_MAX = 75
ANSWERS_MIN, ANSWERS_MAX = 2, 4


# What markdown-it (inline, as quizzes.core.markdown configures it) reads as more than text: escapes,
# code, emphasis, strikethrough, links, autolinks, entities (and NUL, which it replaces). A text with
# none of them renders as itself, so its plain form is the text with its spacing made single: the
# Markdown parser (most of the proof's time when it ran on every text) is only run on the others.
_MARKUP = re.compile(r"[\\`*_~\[<&\x00]")


def text(markdown: str | None) -> str:
    """The plain text Kahoot shows: Markdown markup removed, runs of white space made one space."""
    if not markdown:
        return ""
    if _MARKUP.search(markdown) is None:
        return " ".join(markdown.split())
    return " ".join(plain(markdown).split())
