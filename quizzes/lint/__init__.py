"""``python -m quizzes lint``: the item-writing rules a program can check.

The rules follow Haladyna, Downing & Rodriguez (2002), "A review of multiple-choice item-writing
guidelines for classroom assessment" (Applied Measurement in Education 15(3)). They read what a
learner reads: each question's presented form (:func:`quizzes.present.present.present`: prompt, option texts, feedback,
explanation), hand-written and generated alike. A finding is ``FILE:LINE: QUESTION-ID: rule-id:
message``, at the line to fix (a generated question: its ``generate:`` entry). A question silences a
rule for itself with a reason, ``lint: {rule-id: "why"}``; a ``generate:`` entry, for every question
it makes. A silence for a rule that finds nothing there is itself reported (``stale-silence``).

Most rules read one question at a time; a rule *across* the bank (``@rule(..., across=True)``: options
shared by two questions, keys piled on one position of a module, select-all questions that all have
as many right options) reads every question at once, in one pass, after them, and reports on the
question to fix; it is silenced the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from course.problems import Problem
from quizzes.core.load import gc_paused
from quizzes.core.model import LINT_RULES
from quizzes.lint import rules as _rules  # noqa: F401  (registers the rules)
from quizzes.lint.base import RULES, Item, Rule
from quizzes.present.present import present

STALE = Rule("stale-silence", "a silence for a rule that finds nothing there hides nothing and misleads "
             "(cannot be silenced)", lambda item: iter(()))
assert tuple(RULES) == LINT_RULES, (
    "quizzes.core.model.LINT_RULES must list the rules of quizzes/lint/rules.py, in order")


@dataclass(frozen=True)
class Finding:
    rule: str
    problem: Problem
    silenced: str | None = None  # the question's reason, when it silences the rule

    def __str__(self) -> str:
        return str(self.problem)


@dataclass(frozen=True)
class Report:
    questions: int
    all: list[Finding]

    @property
    def findings(self) -> list[Finding]:
        return [f for f in self.all if f.silenced is None]

    @property
    def silenced(self) -> list[Finding]:
        return [f for f in self.all if f.silenced is not None]

    def counts(self, silenced: bool = False) -> dict[str, int]:
        counts = Counter(f.rule for f in (self.silenced if silenced else self.findings))
        return {r: counts[r] for r in [*RULES, STALE.id] if counts[r]}


# --- running the rules ------------------------------------------------------------------------------

def lint(bank) -> Report:
    """Every rule over every question of ``bank``; silenced findings are kept, marked with the reason.

    The rules on one question run as each question is presented; the rules across the bank then run
    once over all of them (each in one pass). Stale silences are judged after both."""
    found: list[Finding] = []
    items: list[Item] = []
    fired: dict[str, set[str]] = {}  # question id: the rules that find something in it
    entries: dict[tuple, tuple[dict, set]] = {}  # a generate entry: its silences, the rules its questions fire
    each = [r for r in RULES.values() if not r.across]
    across = [r for r in RULES.values() if r.across]
    content = bank.content

    def report(r: Rule, q, place: tuple, message: str) -> None:
        name, line = bank.line_of(q.id, place)  # the lines the load kept: the bank is not read again
        found.append(Finding(r.id, Problem(name, line, q.id, f"{r.id}: {message}"), q.lint.get(r.id)))
        fired[q.id].add(r.id)

    with gc_paused(), content.untracked():  # linting reads every fact; no page shows that
        for q in bank.questions:
            item = Item(q, present(bank, q), content, bank.where[q.id], bank.generated(q.id))
            items.append(item)
            fired[q.id] = set()
            for r in each:
                for place, message in r.check(item):
                    report(r, q, place, message)
        for r in across:
            for item, place, message in r.check(items):
                report(r, item.q, place, message)
        for item in items:
            q = item.q
            if item.generated:
                entries.setdefault(bank.where[q.id], (q.lint, set()))[1].update(fired[q.id])
                continue
            for rule_id in q.lint:
                if rule_id not in fired[q.id]:
                    name, line = bank.line_of(q.id, ("lint", rule_id))
                    message = f"{STALE.id}: lint silences {rule_id}, which finds nothing here: remove it"
                    found.append(Finding(STALE.id, Problem(name, line, q.id, message)))
        for (name, line), (silences, rules) in entries.items():
            for rule_id in silences:
                if rule_id not in rules:
                    message = (f"{STALE.id}: the entry silences {rule_id}, which finds nothing in its questions: "
                               "remove it")
                    found.append(Finding(STALE.id, Problem(name, line, bank.template_at(name, line), message)))
    return Report(len(bank.questions), sorted(found, key=lambda f: (f.problem, f.rule)))


def summary(report: Report) -> str:
    """The last line: counts per rule, and how many findings the questions silence."""
    silenced = len(report.silenced)
    if not report.findings:
        return f"lint OK: {report.questions} questions, {silenced} finding(s) silenced"
    counts = ", ".join(f"{r} {n}" for r, n in report.counts().items())
    questions = len({f.problem.id for f in report.findings})
    return f"lint: {len(report.findings)} finding(s) in {questions} question(s): {counts}; {silenced} silenced"


__all__ = ["RULES", "STALE", "Finding", "Report", "lint", "summary"]
