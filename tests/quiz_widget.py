"""The live quiz widget driven by the tests (tests/test_widget.py, tests/test_workshop.py): responses
in grade()'s form (right, wrong, invalid) for a presented question, and the widget tree a learner sees.
"""

from __future__ import annotations

from quizzes.views.widget import QuestionItem


def correct(q):
    kind = q["type"]
    if kind == "numeric":
        return str(q["key"])
    return {"multiple": list, "ordering": list, "matching": dict}.get(kind, lambda k: k)(q["key"])


def wrong(q):
    """A valid but wrong response, or None when the question has none (every option right...)."""
    kind, key = q["type"], q["key"]
    if kind == "single":
        return next((o["id"] for o in q["options"] if o["id"] != key), None)
    if kind == "multiple":
        others = [o["id"] for o in q["options"] if o["id"] not in key]
        return [others[0], *key[1:]] if others else (key[:-1] or None)
    if kind == "true-false":
        return not key
    if kind == "numeric":
        return str(key + q["tolerance"] + 1)
    if kind == "ordering":
        return list(reversed(key)) if len(key) > 1 else None
    if kind == "matching":
        rights = [r["id"] for r in q["rights"]]
        if len(rights) < 2:
            return None
        return {left: rights[(rights.index(right) + 1) % len(rights)] for left, right in key.items()}
    raise ValueError(kind)


INVALID = {"single": None, "multiple": [], "true-false": None, "numeric": "abc"}


def invalid(q):
    if q["type"] == "ordering":  # one position chosen, the others left on "Choose…"
        return [q["key"][0]] if len(q["key"]) > 1 else []
    if q["type"] == "matching":  # one left matched, the others not
        first = q["lefts"][0]["id"]
        return {first: q["key"][first]} if len(q["lefts"]) > 1 else {}
    return INVALID[q["type"]]


def shown(widget) -> bool:
    return QuestionItem.shown(widget)


def walk(widget):
    """The widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)
