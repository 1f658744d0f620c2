"""The validated bank: questions by module, the facts each one tests, and the scales their values share.

How a question is shown (its presented form) is ``quizzes.present``'s; statistics are ``quizzes.report``'s.

Options that are a scale (numbers and years, conferences MC1..MC14, dates, the stages of one snapshot)
are presented in ascending order along it and marked ``"ordered": True``: every runtime keeps that
order (``quiz.shuffled`` and the exports never shuffle them, Moodle XML says ``shuffleanswers`` 0), as
a learner expects 1998 before 2001, and as no position can then be learnt from the author's order.
"""

from __future__ import annotations

import re
from pathlib import Path

from course.content import Content

from quizzes.core.model import Matching, MultipleSelect, Numeric, Ordering, SingleChoice, TrueFalse
from quizzes.core.prove import ask_facts, claim_verdict, label, match_verdict, subject, value_facts, verdict


class Bank:
    def __init__(self, content: Content, questions: list, where: dict[str, tuple[str, int]]):
        self.content = content
        self.questions = questions
        self.by_id = {q.id: q for q in questions}
        self.where = where

    def module(self, module_id: str) -> list:
        return [q for q in self.questions if q.module == module_id]

    def files(self) -> list[str]:
        """The bank files (by stem) its questions come from: what a draw from every pool depends on."""
        return sorted({Path(path).stem for path, _ in self.where.values()})

    def question(self, question_id: str):
        return self.by_id[question_id]

    # -- facts and coverage -------------------------------------------------------------------
    def tested_facts(self, q) -> list[str]:
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
        return sorted(f for f in found if f in c.facts)

    def coverage(self) -> tuple[set[str], list[str]]:
        """(facts tested by at least one question, content facts no question tests)."""
        tested = {f for q in self.questions for f in self.tested_facts(q)}
        return tested, sorted(set(self.content.facts) - tested)

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
        return [f.number for f in facts]
    if field in ("date", "as_of") and all(_DATE.fullmatch(v) for v in values):
        return list(values)
    stages = [content.stages.get(v) for v in values]
    if all(stages) and len({id(snapshot) for snapshot, _ in stages}) == 1:
        order = [s.id for s in stages[0][0].stages]
        return [order.index(v) for v in values]
    return None


def left_label(content: Content, q, value) -> str:
    """A matching question's left item, named without giving away its match."""
    if q.match.field and isinstance(value, str) and value in content.facts:
        return subject(content, value, q.match.field)
    return label(content, value, None)
