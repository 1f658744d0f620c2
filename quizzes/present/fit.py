"""Does a question fit Kahoot: the row Kahoot's spreadsheet would hold for a presented question, or why none.

It reads the presented form (the texts a learner sees, the key as option numbers), so it sits in present;
the limits themselves and the plain text Kahoot shows are :mod:`quizzes.core.fit`'s, where the proof
checks a question's short forms against them. The Kahoot exporter writes these rows; the statistics and
the trainer's guide count them.
"""

from __future__ import annotations

import math
import re
from typing import cast

from quizzes.core.fit import ANSWER_MAX, ANSWERS_MAX, ANSWERS_MIN, QUESTION_MAX, text
from quizzes.present.present import key_ids
from quizzes.present.types import Presented, PresentedMultiple, PresentedSingle, PresentedTrueFalse

CHOICE_TYPES = ("single", "multiple", "true-false")
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)  # seconds: the only values Kahoot accepts

# The time limit: reading time plus time to choose, rounded up to the next value Kahoot allows.
# Adults read non-fiction silently at about 240 words a minute (Brysbaert 2019, "How many words do
# we read per minute?", Journal of Memory and Language 109); 180 allows for readers in a second
# language reading a shared screen. Deterministic: it depends only on the words of the row.
READING_WORDS_PER_MINUTE = 180
SECONDS_TO_ANSWER = 10

# What a spreadsheet cell cannot hold (openpyxl refuses it): C0 controls other than tab, LF and CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def time_limit(words: int) -> int:
    """Seconds for a row of ``words`` words: reading time plus time to answer, rounded up."""
    needed = SECONDS_TO_ANSWER + math.ceil(words * 60 / READING_WORDS_PER_MINUTE)
    return next((t for t in TIME_LIMITS if t >= needed), TIME_LIMITS[-1])


def row_for(q: Presented) -> tuple[dict | None, str]:
    """(the row of a question that fits, "") or (None, why it does not fit)."""
    if q["type"] not in CHOICE_TYPES:
        return None, f"{q['type']}: Kahoot's spreadsheet takes only choice questions"
    choice = cast(PresentedSingle | PresentedMultiple | PresentedTrueFalse, q)  # as its type says
    if choice["type"] == "true-false":
        answers, correct = ["True", "False"], [1 if choice["key"] else 2]
    else:
        key = key_ids(choice)
        answers = [text(o.get("short") or o["text"]) for o in choice["options"]]
        correct = [n for n, o in enumerate(choice["options"], 1) if o["id"] in key]
    question = text(choice.get("short") or choice["prompt"])
    problems = []
    if not ANSWERS_MIN <= len(answers) <= ANSWERS_MAX:
        problems.append(f"{len(answers)} answers; Kahoot allows {ANSWERS_MIN} to {ANSWERS_MAX}")
    problems += _too_long("question", question, QUESTION_MAX)
    for n, answer in enumerate(answers, 1):
        problems += _too_long(f"answer {n}", answer, ANSWER_MAX)
    if problems:
        return None, "; also ".join(problems)
    words = len(question.split()) + sum(len(a.split()) for a in answers)
    return {"question": question, "answers": answers, "time": time_limit(words),
            "correct": ",".join(map(str, correct))}, ""


def _too_long(what: str, value: str, limit: int) -> list[str]:
    if not value:
        return [f"{what} is empty"]
    found = []
    if len(value) > limit:
        found.append(f"{what} is {len(value)} characters; Kahoot allows {limit}")
    control = _CONTROL.search(value)
    if control:
        found.append(f"{what} holds a control character (U+{ord(control.group()):04X}) a spreadsheet cannot store")
    return found
