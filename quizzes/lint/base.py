"""A rule, the registry of rules, and a question as the rules see it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quizzes.core.model import MultipleSelect, SingleChoice
from quizzes.present.types import Presented


@dataclass(frozen=True)
class Rule:
    id: str
    why: str  # one line, shown by `lint --rules`
    check: Callable  # (Item) -> Iterator[(place in the question's YAML, message)]
    # a rule across the bank (options shared by two questions, keys piled on one position...) sees every
    # question at once: check(list[Item]) -> Iterator[(Item, place, message)], in one linear pass
    across: bool = False


RULES: dict[str, Rule] = {}


def rule(rule_id: str, why: str, across: bool = False):
    def register(func):
        RULES[rule_id] = Rule(rule_id, why, func, across)
        return func
    return register


class Item:
    """One question: its model ``q``, its presented form ``p`` (what a learner reads), the content.

    ``options``, ``keys`` and ``distractors`` are (index in the YAML's options, presented option, option
    model), in the presented order (:func:`quizzes.present.present.present` may reorder the YAML's: a scale, ascending);
    ``where`` is the question's file and line (a generated one's: its ``generate:`` entry's).
    """

    def __init__(self, q, presented: Presented, content, where: tuple[str, int] = ("", 0), generated: bool = False):
        self.q, self.p, self.content = q, presented, content
        self.where, self.generated = where, generated
        self.choices = isinstance(q, (SingleChoice, MultipleSelect))
        key = q.answer_ids() if self.choices else set()
        p = self.p  # q presented: its type is q's, so a choice question's has options
        shown = p["options"] if p["type"] == "single" or p["type"] == "multiple" else []  # a scale: ascending
        models = {o.id: (n, o) for n, o in enumerate(getattr(q, "options", []))}
        options = [(models[o["id"]][0], o, models[o["id"]][1]) for o in shown]
        self.options = options  # in the presented order
        self.keys = [o for o in options if o[1]["id"] in key]
        self.distractors = [o for o in options if o[1]["id"] not in key]

    @property
    def short(self) -> str | None:
        """The prompt's short form (only the Kahoot forms, single, multiple and true/false, have one), or None."""
        p = self.p
        return p.get("short") if p["type"] == "single" or p["type"] == "multiple" or p["type"] == "true-false" else None

    def texts(self) -> Iterator[tuple[tuple, str, str]]:
        """(place, what to call it, text) for every text a learner reads."""
        p = self.p
        yield ("prompt",), "the prompt", p["prompt"]
        short, hint = self.short, p.get("hint")
        if short:
            yield ("short",), "the short form", short
        if hint:
            yield ("hint",), "the hint", hint
        for n, o, _ in self.options:
            yield ("options", n), f"option {o['id']}", o["text"]
            yield ("options", n, "feedback"), f"option {o['id']}'s feedback", o["feedback"]
            if o.get("short"):
                yield ("options", n, "short"), f"option {o['id']}'s short form", o["short"]
        if p["type"] == "true-false":  # p is q presented: its type is q's
            for side in ("true", "false"):
                yield (f"feedback_{side}",), f"feedback_{side}", p["feedback"][side]
        if p["type"] == "matching":
            for n, left in enumerate(p["lefts"]):
                yield ("pairs", n), f"pair {n + 1}", left["text"]
                yield ("pairs", n), f"pair {n + 1}'s feedback", p["feedback"][left["id"]]
            for right in p["rights"]:
                yield ("pairs",), f"choice {right['text']!r}", right["text"]
        if p["type"] == "ordering":
            index = {item.id: n for n, item in enumerate(self.q.items)}
            for item in p["items"]:
                yield ("items", index[item["id"]]), f"item {item['id']}", item["text"]
        yield ("explanation",), "the explanation", p["explanation"]
