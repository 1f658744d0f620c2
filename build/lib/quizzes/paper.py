"""A paper: the questions a trainer hands out, drawn and shuffled with a seed so it can be made again.

Every export (GIFT, Moodle XML, Kahoot, the handout, JSON) writes a :class:`Paper`, so a group that
took the Kahoot of seed 3 and the printed handout of seed 3 saw the same questions in the same order.
Option order depends only on the seed and the question's id: adding a question to the bank does not
reshuffle the options of the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .bank import Bank
from .quiz import shuffled, spread


class PaperError(ValueError):
    """A paper that cannot be drawn (unknown module, count larger than the pool): the message says why."""


@dataclass(frozen=True)
class Paper:
    title: str
    course: str
    as_of: str  # the course's as_of date, printed on handouts
    modules: list[dict]  # {"id", "number", "title"} in course order
    seed: int | None  # None: the whole pool in bank order, options as authored
    pool: int  # how many questions the draw was made from
    questions: list[dict] = field(default_factory=list)  # presented form, in paper order

    @property
    def count(self) -> int:
        return len(self.questions)

    def module(self, module_id: str) -> dict:
        return next(m for m in self.modules if m["id"] == module_id)

    def by_module(self) -> list[tuple[dict, list[dict]]]:
        """(module, its questions in paper order) for each module with a question on the paper."""
        return [(m, [q for q in self.questions if q["module"] == m["id"]]) for m in self.modules
                if any(q["module"] == m["id"] for q in self.questions)]

    def describe(self) -> str:
        """One line for stderr and for the top of a handout."""
        modules = ", ".join(str(m["number"]) for m in self.modules)
        seed = "bank order" if self.seed is None else f"seed {self.seed}"
        return f"{self.count} of {self.pool} questions, module(s) {modules}, {seed}"


def draw(bank: Bank, modules: list[str] | None = None, *, seed: int | None = None,
         count: int | None = None, title: str | None = None) -> Paper:
    """The paper for these modules (default: all). ``count`` without ``seed`` draws with seed 0."""
    course = bank.content.course
    known = [m.id for m in course.modules]
    wanted = list(dict.fromkeys(modules or known))
    unknown = [m for m in wanted if m not in known]
    if unknown:
        raise PaperError(f"unknown module {', '.join(map(repr, unknown))}; modules are: {', '.join(known)}")
    chosen_modules = [m for m in course.modules if m.id in wanted]
    pools = [sorted(bank.module(m.id), key=lambda q: q.id) for m in chosen_modules]
    pool_size = sum(map(len, pools))
    if count is not None:
        if count < 1:
            raise PaperError(f"--count must be at least 1 (got {count})")
        if count > pool_size:
            raise PaperError(f"--count {count} is larger than the pool: the chosen module(s) have "
                             f"{pool_size} questions")
        if seed is None:
            seed = 0
    if seed is None:
        picked = [q for q in bank.questions if q.module in wanted]
        questions = [bank.present(q) for q in picked]
    else:
        rng = random.Random(f"{seed}:paper")
        for pool in pools:
            rng.shuffle(pool)
        picked = spread(pools, count if count is not None else pool_size)
        questions = [shuffled(bank.present(q), random.Random(f"{seed}:paper:{q.id}")) for q in picked]
    if title is None:
        title = (f"Module {chosen_modules[0].number}: {chosen_modules[0].title}" if len(chosen_modules) == 1
                 else "Practice paper" if len(chosen_modules) < len(known) else "Practice paper: all modules")
    return Paper(
        title=title, course=course.title, as_of=str(course.as_of), seed=seed, pool=pool_size,
        modules=[{"id": m.id, "number": m.number, "title": m.title} for m in chosen_modules],
        questions=questions,
    )
