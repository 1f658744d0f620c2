"""Grading, in Python: the one place a response is judged, for every question type.

It works on the presented form (``quizzes.present.present.present``), the same data the static page's script grades
from (``quizzes/views/static/quiz.js`` mirrors this file rule for rule; a browser test compares them).
A response that cannot be judged (no choice made, text that is not a number) is *invalid*, not wrong:
the learner keeps what they typed and is told what to fix.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from quizzes.present.present import key_ids
from quizzes.present.types import Presented


@dataclass
class Result:
    valid: bool
    correct: bool = False
    score: float = 0.0
    feedback: list[str] = field(default_factory=list)
    message: str = ""  # why an invalid response cannot be judged

    def as_dict(self) -> dict:
        return {"valid": self.valid, "correct": self.correct, "score": self.score,
                "feedback": list(self.feedback), "message": self.message}


def parse_number(text, unit: str | None = None) -> float | None:
    """A number as a learner types it: '1998', '1,998', '77%', '77,5', ' 71 members'."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    s = str(text).strip().lower().replace("\u2212", "-")  # the typographic minus sign
    value = _plain_number(s)
    if value is not None:
        return value
    for suffix in filter(None, [(unit or "").lower(), "%"]):  # "71 members", "77%", "77 %"
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)].strip()
    return _plain_number(s)


def _plain_number(s: str) -> float | None:
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"[+-]?\d{1,3}([ ,]\d{3})+(\.\d+)?", s, re.ASCII):
        s = s.replace(",", "").replace(" ", "")  # thousands separators: 1,998 or 1 998
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # a decimal comma: 77,5
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s, re.ASCII):
        return None
    return float(s)


def show_number(x: float) -> str:
    """71.0 -> '71', 77.5 -> '77.5' (as the page's script prints numbers)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def grade(q: Presented, response) -> Result:
    kind = q["type"]
    if q["type"] == "single":  # each test reads q["type"] itself, which narrows q to that type's TypedDict
        if not isinstance(response, str) or response not in {o["id"] for o in q["options"]}:
            return Result(False, message="Choose one answer.")
        chosen = next(o for o in q["options"] if o["id"] == response)
        return _done(response == q["key"], [chosen["feedback"]])
    if q["type"] == "multiple":
        ids = {o["id"] for o in q["options"]}
        if not isinstance(response, (list, tuple)) or not all(isinstance(r, str) for r in response):
            return Result(False, message="Choose at least one answer.")
        picked = set(response)
        if not picked or not picked <= ids:
            return Result(False, message="Choose at least one answer.")
        key = key_ids(q)
        feedback = [o["feedback"] for o in q["options"] if o["id"] in picked and o["id"] not in key]
        missed = [o["text"] for o in q["options"] if o["id"] in key and o["id"] not in picked]
        if missed:
            feedback.append("Also correct: " + "; ".join(missed) + ".")
        return _done(picked == key, feedback)
    if q["type"] == "true-false":
        if not isinstance(response, bool):
            return Result(False, message="Choose true or false.")
        return _done(response == q["key"], [q["feedback"]["true" if response else "false"]])
    if q["type"] == "numeric":
        value = parse_number(response, q.get("unit"))
        if value is None:
            return Result(False, message="Enter a number, such as 1998 or 71.")
        correct = abs(value - q["key"]) <= q["tolerance"] + 1e-9
        variant = next((v for v in q.get("variants") or [] if abs(value - v) <= q["tolerance"] + 1e-9), None)
        if not correct and variant is not None:  # another figure the sources report: accepted, and said so
            return _done(True, [f"Accepted: {show_number(variant)} is also reported; the figure used here is "
                                f"{show_number(q['key'])}."])
        if correct:
            return _done(True, [])
        # the verdict already says "Not quite": the line says which figure it was, or which way it is off
        miss = next((m for m in q.get("misses") or [] if abs(value - m["value"]) <= q["tolerance"] + 1e-9), None)
        return _done(False, [miss["feedback"] if miss else ("Too high." if value > q["key"] else "Too low.")])
    if q["type"] == "ordering":
        item_ids = [i["id"] for i in q["items"]]
        if not isinstance(response, (list, tuple)) or not all(isinstance(r, str) for r in response) \
                or sorted(response) != sorted(item_ids):
            return Result(False, message="Put every item in a position.")
        misplaced = [i for i, (a, b) in enumerate(zip(response, q["key"])) if a != b]
        texts = {i["id"]: i["text"] for i in q["items"]}
        feedback = [] if not misplaced else [
            "The order is: " + "; ".join(f"{texts[i]} ({q['dates'][i]})" for i in q["key"]) + "."
        ]
        return _done(not misplaced, feedback)
    if q["type"] == "matching":
        rights = {right["id"] for right in q["rights"]}
        if not isinstance(response, dict) or set(response) != {left["id"] for left in q["lefts"]} \
                or not all(isinstance(v, str) and v in rights for v in response.values()):
            return Result(False, message="Match every item.")
        wrong = [k for k in q["key"] if response[k] != q["key"][k]]
        return _done(not wrong, [q["feedback"][k] + "." for k in wrong])
    raise ValueError(f"unknown question type {kind!r}")


def _done(correct: bool, feedback: list[str]) -> Result:
    return Result(True, correct, 1.0 if correct else 0.0, feedback)
