"""The bank's statistics (``python -m quizzes stats``): questions per module, type and skill, facts tested,
what the linter's silences are, how many choice questions fit Kahoot.

An application over the layers below: it reads the linter and the Kahoot fit (quizzes.present.fit), so it sits
above the linter; ``validate`` does not compute it (proving the bank is one job, reporting on it another).
"""

from __future__ import annotations

from collections import Counter

from quizzes.core.bank import Bank
from quizzes.core.generate import is_generated
from quizzes.core.model import SKILLS
from quizzes.lint import lint
from quizzes.present.fit import CHOICE_TYPES, row_for
from quizzes.present.present import present


def stats(bank: Bank) -> dict:
    tested, untested = bank.coverage()
    per_module = {m.id: dict(Counter(q.type for q in bank.module(m.id))) for m in bank.content.course.modules}
    return {
        "questions": len(bank.questions),
        "per_module": {m: sum(t.values()) for m, t in per_module.items()},
        "per_module_and_type": per_module,
        "per_type": dict(Counter(q.type for q in bank.questions)),
        "per_skill": dict(Counter(q.skill for q in bank.questions)),
        "generated": sum(map(is_generated, bank.questions)),
        "facts": len(bank.content.facts),
        "facts_tested": len(tested),
        "facts_untested": untested,
        "lint_silenced": lint(bank).counts(silenced=True),  # findings the questions silence, per rule
        "per_objective": objectives(bank),
        "kahoot": kahoot_fit(bank),
    }


def objectives(bank: Bank) -> dict[str, dict[str, int]]:
    """Per learning objective: its questions, and how many test more than recall."""
    found = {o.id: {"questions": 0, "beyond_recall": 0} for m in bank.content.course.modules for o in m.objectives}
    for q in bank.questions:
        found[q.objective]["questions"] += 1
        found[q.objective]["beyond_recall"] += q.skill != SKILLS[0]
    return found


def kahoot_fit(bank: Bank) -> dict[str, int]:
    """How many choice questions (what Kahoot's spreadsheet takes) fit its limits."""
    choice = [q for q in bank.questions if q.type in CHOICE_TYPES]
    return {"choice": len(choice), "fit": sum(row_for(present(bank, q))[0] is not None for q in choice)}
