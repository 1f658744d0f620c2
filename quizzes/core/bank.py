"""The validated bank: questions by module, the facts each one tests, and the scales their values share.

How a question is shown (its presented form) is ``quizzes.present``'s; statistics are ``quizzes.report``'s.

The Bank presents nothing: for options that are a scale (numbers and years, conferences MC1..MC14,
dates, the stages of one snapshot) it only provides ``scale`` and ``left_label``, which the present
layer (``quizzes.present.present.present``) uses to show them in ascending order, marked
``"ordered": True``; every runtime keeps that order (``quizzes.present.draw.shuffled`` and the exports
never shuffle them, Moodle XML says ``shuffleanswers`` 0).
"""

from __future__ import annotations

import re
from pathlib import Path

from course.content import Content
from course.content.model import Conference
from quizzes.core.model import Matching, MultipleSelect, Numeric, Ordering, SingleChoice, TrueFalse
from quizzes.core.prove import ask_facts, label, subject, value_facts


class Lines:
    """Where each part of the bank's questions stands in its files, kept from the load's one parse.

    ``files``: a file's map of every YAML path to its line (:attr:`course.content.yamlio.Located.lines`);
    ``at``: a hand-written question's path in its file (``("questions", 3)``); a question not there was
    made by a template. ``templates``: the template of the ``generate:`` entry at (file, line).
    """

    def __init__(self):
        self.files: dict[str, dict[tuple, int]] = {}
        self.at: dict[str, tuple] = {}
        self.templates: dict[tuple[str, int], str] = {}


class Bank:
    def __init__(self, content: Content, questions: list, where: dict[str, tuple[str, int]],
                 lines: Lines | None = None):
        self.content = content
        self.questions = questions
        self.by_id = {q.id: q for q in questions}
        self.where = where
        self.lines = lines  # None: a bank put together in code; every part of a question is at its line
        self._tested: dict[str, tuple[object, list[str]]] = {}  # question id: (the question, its facts)

    # -- where to fix what ----------------------------------------------------------------------
    def generated(self, question_id: str) -> bool:
        """Made by a template (its line is its ``generate:`` entry's), not written in the file."""
        return self.lines is not None and question_id not in self.lines.at

    def line_of(self, question_id: str, place: tuple = ()) -> tuple[str, int]:
        """(file, line) of ``place`` in a question (``("options", 2)``): the deepest part of it the
        file holds; a generated question's parts are all at its ``generate:`` entry."""
        name, line = self.where[question_id]
        at = self.lines.at.get(question_id) if self.lines is not None else None
        if at is None or self.lines is None:  # (at is None whenever lines is)
            return name, line
        lines, loc = self.lines.files[name], (*at, *place)
        while len(loc) > len(at):
            if loc in lines:
                return name, lines[loc]
            loc = loc[:-1]
        return name, lines.get(loc, line)

    def template_at(self, name: str, line: int) -> str:
        """The template of the ``generate:`` entry at ``line`` of file ``name``."""
        return self.lines.templates.get((name, line), "generate") if self.lines is not None else "generate"

    def module(self, module_id: str) -> list:
        return [q for q in self.questions if q.module == module_id]

    def files(self) -> list[str]:
        """The bank files (by stem) its questions come from: what a draw from every pool depends on."""
        return sorted({Path(path).stem for path, _ in self.where.values()})

    def question(self, question_id: str):
        return self.by_id[question_id]

    # -- facts and coverage -------------------------------------------------------------------
    def tested_facts(self, q) -> list[str]:
        """The content facts ``q`` tests (sorted): those it names, its ask's, its options' values'.

        Kept once worked out: presenting a question asks twice (its facts, and its sources)."""
        cached = self._tested.get(q.id)
        if cached is None or cached[0] is not q:
            cached = self._tested[q.id] = (q, self._tested_facts(q))
        return list(cached[1])

    def _tested_facts(self, q) -> list[str]:
        facts = self.content.facts
        return sorted(f for f in self._named(q) if f in facts)

    def _named(self, q) -> set[str]:
        """The ids ``q`` names as facts (some may be no fact of the content: the proof says so)."""
        c = self.content
        found: set[str] = set(q.facts)
        if isinstance(q, (SingleChoice, MultipleSelect, Numeric)):
            found |= ask_facts(c, q.ask)
        if isinstance(q, (SingleChoice, MultipleSelect)):
            for option in q.options:
                found |= value_facts(c, option.value)
        if isinstance(q, TrueFalse):
            found |= ask_facts(c, q.claim) | value_facts(c, q.claim.value)
        if isinstance(q, Matching):
            found |= {x for f in ("grouping", "snapshot") if getattr(q.match, f) for x in [getattr(q.match, f)]}
            for pair in q.pairs:
                found |= value_facts(c, pair.left) | value_facts(c, pair.right)
            for extra in q.distractors:
                found |= value_facts(c, extra)
        if isinstance(q, Ordering):
            found |= {item.fact for item in q.items}
        return found

    def coverage(self) -> tuple[set[str], list[str]]:
        """(facts tested by at least one question, content facts no question tests)."""
        facts = set(self.content.facts)
        named: set[str] = set()
        for q in self.questions:  # once each: nothing to keep, nothing to sort
            named |= self._named(q)
        tested = facts & named
        return tested, sorted(facts - tested)

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def scale(content: Content, values: list, field: str | None = None) -> list | None:
    """Each value's place on the scale the values share, or None when they are not one scale.

    A scale: numbers (years, counts, percentages), conferences (by number: MC9 before MC11), dates
    (``field`` date or as_of, ISO text), or stages of one snapshot (in the snapshot's own order, as the
    source lists them). Anything else (places, themes, documents...) is a set, and is shuffled."""
    if len(values) < 2:
        return None
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return list(values)
    if not all(isinstance(v, str) for v in values):
        return None
    facts = [content.facts.get(v) for v in values]
    if all(getattr(f, "kind", None) == "conference" for f in facts):
        return [f.number for f in facts if isinstance(f, Conference)]  # every one is, by the test above
    if field in ("date", "as_of") and all(_DATE.fullmatch(v) for v in values):
        return list(values)
    stages = [content.stages[v] for v in values if v in content.stages]
    if len(stages) == len(values) and len({id(snapshot) for snapshot, _ in stages}) == 1:
        order = [s.id for s in stages[0][0].stages]
        return [order.index(v) for v in values]
    return None


def left_label(content: Content, q, value) -> str:
    """A matching question's left item, named without giving away its match."""
    if q.match.field and isinstance(value, str) and value in content.facts:
        return subject(content, value, q.match.field)
    return label(content, value, None)
