"""Tables for the trainer's guide, computed from the bank, so the guide's figures never go stale."""

from __future__ import annotations

from collections import Counter

from course.render.kit import Html, esc, table_html
from quizzes.core.bank import Bank
from quizzes.present.draw import draw
from quizzes.present.fit import CHOICE_TYPES, row_for

TYPE_NAMES = {"single": "one answer", "multiple": "several answers", "true-false": "true or false",
              "numeric": "a number", "ordering": "put in order", "matching": "matching"}


def bank_table(bank: Bank) -> Html:
    """Per module: its id for ``--module``, how many questions, of which types, and how many fit Kahoot."""

    rows = []
    totals = Counter()
    for module in bank.content.course.modules:
        paper = draw(bank, [module.id])
        types = Counter(q["type"] for q in paper.questions)
        fit = sum(row_for(q)[0] is not None for q in paper.questions)
        choice = sum(types[t] for t in CHOICE_TYPES)
        totals.update(questions=paper.count, fit=fit, choice=choice)
        kinds = ", ".join(f"{n} {TYPE_NAMES[t]}" for t, n in sorted(types.items(), key=lambda i: -i[1]))
        rows.append((module.id, [esc(f"{module.number}. {module.title}"), f"<code>{esc(module.id)}</code>",
                                 esc(paper.count), esc(kinds), esc(_fit(fit, choice))]))
    rows.append(("all", ["All modules", "", esc(totals["questions"]), "", esc(_fit(totals["fit"], totals["choice"]))]))
    return table_html("trainer-bank", "The question bank by module (every format but Kahoot takes every question; "
                      "Kahoot takes choice questions that fit its limits)",
                      ["Module", "--module", "Questions", "Types", "Fit Kahoot"], rows)


def _fit(fit: int, choice: int) -> str:
    return f"{fit} of {choice} choice questions ({round(100 * fit / choice) if choice else 0}%)"
