"""A paper: the questions a trainer hands out, with a seed printed on it so it can be made again.

Every export (GIFT, Moodle XML, Kahoot, the handout, JSON) writes a :class:`Paper`, so a group that
took the Kahoot of seed 3 and the printed handout of seed 3 saw the same questions in the same order.

Drawing and shuffling are two things. Every paper shuffles each question's options with its seed
(``DEFAULT_SEED`` when none is given), since the authors' own order leaks keys by position; options
that are a scale (``"ordered"`` in the presented form: numbers, years, conferences, stages) stay in
ascending order. Which questions: without ``count``, every question of the chosen modules in bank
order (a Moodle question bank wants them all; families do not thin it); with ``count``, a seeded
draw, as even across modules as the count allows, holding at most one question of each ``family``.
Option order depends only on the seed and the question's id: adding a question to the bank does not
reshuffle the options of the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .bank import Bank
from .quiz import drawable, one_per_family, shuffled, spread

DEFAULT_SEED = 0  # the seed of a paper made without one: its options are shuffled all the same


class PaperError(ValueError):
    """A paper that cannot be drawn (unknown module, count larger than the pool): the message says why."""


@dataclass(frozen=True)
class Paper:
    title: str
    course: str
    as_of: str  # the course's as_of date, printed on handouts
    modules: list[dict]  # {"id", "number", "title"} in course order
    seed: int | None  # what shuffled the options (and drew the questions); None: a paper made by hand, as given
    pool: int  # how many questions the chosen modules hold
    questions: list[dict] = field(default_factory=list)  # presented form, in paper order
    drawn: bool = False  # True: ``count`` questions drawn with the seed; False: every question, bank order

    @property
    def count(self) -> int:
        return len(self.questions)

    def module(self, module_id: str) -> dict:
        return next(m for m in self.modules if m["id"] == module_id)

    def by_module(self) -> list[tuple[dict, list[dict]]]:
        """(module, its questions in paper order) for each module with a question on the paper."""
        return [(m, [q for q in self.questions if q["module"] == m["id"]]) for m in self.modules
                if any(q["module"] == m["id"] for q in self.questions)]

    def shuffle_note(self) -> str:
        """How the options were ordered, for the formats' headers."""
        if self.seed is None:
            return "options in the order given"
        return (f"options shuffled with seed {self.seed}, except numbers, years, conferences and stages, "
                "which stay in ascending order")

    def describe(self) -> str:
        """One line for stderr and for the top of a handout (it always names the seed)."""
        modules = ", ".join(str(m["number"]) for m in self.modules)
        if self.seed is None:
            how = "bank order, options as given"
        elif self.drawn:
            how = f"seed {self.seed}"
        else:
            how = f"bank order, options shuffled with seed {self.seed}"
        return f"{self.count} of {self.pool} questions, module(s) {modules}, {how}"


def pool_size(bank: Bank, modules: list[str]) -> tuple[int, int]:
    """(questions in these modules, how many one draw can hold once each family counts once)."""
    questions = [q for q in bank.questions if q.module in modules]
    return len(questions), drawable(questions)


def draw(bank: Bank, modules: list[str] | None = None, *, seed: int | None = None,
         count: int | None = None, title: str | None = None) -> Paper:
    """The paper for these modules (default: all), options shuffled with ``seed`` (default
    ``DEFAULT_SEED``): every question in bank order, or with ``count`` a seeded draw of that many."""
    course = bank.content.course
    known = [m.id for m in course.modules]
    wanted = list(dict.fromkeys(modules or known))
    unknown = [m for m in wanted if m not in known]
    if unknown:
        raise PaperError(f"unknown module {', '.join(map(repr, unknown))}; modules are: {', '.join(known)}")
    seed = DEFAULT_SEED if seed is None else seed
    chosen_modules = [m for m in course.modules if m.id in wanted]
    in_modules = [q for q in bank.questions if q.module in wanted]  # bank order
    total = len(in_modules)
    if count is None:
        picked = in_modules
    else:
        if count < 1:
            raise PaperError(f"--count must be at least 1 (got {count})")
        if count > total:
            raise PaperError(f"--count {count} is larger than the pool: the chosen module(s) have "
                             f"{total} questions")
        eligible = one_per_family(in_modules, f"{seed}:paper")
        if count > len(eligible):
            raise PaperError(f"--count {count} is larger than the pool: the chosen module(s) have {total} "
                             f"questions, but a paper takes one question of each family, so at most "
                             f"{len(eligible)} can be drawn")
        rng = random.Random(f"{seed}:paper")
        pools = [sorted((q for q in eligible if q.module == m.id), key=lambda q: q.id) for m in chosen_modules]
        for pool in pools:
            rng.shuffle(pool)
        picked = spread(pools, count)
    questions = [shuffled(bank.present(q), random.Random(f"{seed}:paper:{q.id}")) for q in picked]
    if title is None:
        title = (f"Module {chosen_modules[0].number}: {chosen_modules[0].title}" if len(chosen_modules) == 1
                 else "Practice paper" if len(chosen_modules) < len(known) else "Practice paper: all modules")
    return Paper(
        title=title, course=course.title, as_of=str(course.as_of), seed=seed, pool=total,
        modules=[{"id": m.id, "number": m.number, "title": m.title} for m in chosen_modules],
        questions=questions, drawn=count is not None,
    )
