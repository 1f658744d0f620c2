"""Seeded draws: which questions, in what order, with what option order; and the paper a trainer hands out.

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

import copy
import random
from dataclasses import dataclass, field
from typing import Any, cast

from quizzes.core.bank import Bank
from quizzes.present.present import present, unsolved
from quizzes.present.types import PaperModule, Presented

DEFAULT_SEED = 0  # the seed of a paper made without one: its options are shuffled all the same


def shuffled(presented: Presented, rng: random.Random) -> Presented:
    """A copy with options, matching choices and ordering items in a seeded order (ids unchanged).
    Options (or matching choices) marked ``ordered`` are a scale and keep their ascending order."""
    q = copy.deepcopy(presented)
    lists = cast(dict[str, Any], q)  # the same dict, its lists named by a variable
    for key in ("options", "rights", "items"):
        if key in lists and not (key == "options" and q["type"] == "true-false"):
            if key in ("options", "rights") and lists.get("ordered"):
                continue
            rng.shuffle(lists[key])
    if q["type"] == "ordering":
        q["items"] = unsolved(q["items"], q["key"])  # the shuffle may land on the answer: never show it solved
    return q


def arrange(presented: list[Presented], quiz_id: str, seed) -> list[Presented]:
    """A quiz's presented questions in a seeded order, each with its choices shuffled (``shuffled``);
    with no seed, as given."""
    if seed is None:
        return presented
    rng = random.Random(f"{seed}:{quiz_id}")
    presented = list(presented)
    rng.shuffle(presented)
    return [shuffled(q, rng) for q in presented]


def one_per_family(questions: list, seed) -> list:
    """``questions`` with at most one of each ``family`` (the seed and the family's name choose which,
    so adding a question elsewhere does not change the choice); the rest, and the order, unchanged."""
    families: dict[str, list] = {}
    for q in questions:
        if getattr(q, "family", None):
            families.setdefault(q.family, []).append(q)
    kept = {id(random.Random(f"{seed}:family:{name}").choice(sorted(members, key=lambda q: q.id)))
            for name, members in families.items()}
    return [q for q in questions if not getattr(q, "family", None) or id(q) in kept]


def drawable(questions: list) -> int:
    """How many of ``questions`` one draw can hold: each family counts once."""
    return sum(1 for q in questions if not getattr(q, "family", None)) + len(
        {q.family for q in questions if getattr(q, "family", None)})


def spread(pools: list[list], count: int) -> list:
    """Take from each pool in turn (from its end), so a draw is as even across modules as ``count`` allows."""
    pools = [list(p) for p in pools]
    chosen: list = []
    while len(chosen) < count and any(pools):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(pool.pop())
    return chosen


def cover_objectives(questions: list, objectives: list[str], count: int, rng: random.Random) -> list:
    """``count`` of ``questions``, taken from each objective in turn (each objective's own questions in a
    seeded order), so every objective that has questions is covered; returned in the questions' order."""
    pools = [[q for q in questions if q.objective == o] for o in objectives]
    pools.append([q for q in questions if q.objective not in objectives])
    for pool in pools:
        rng.shuffle(pool)
    taken = {id(q) for q in spread(pools, count)}
    return [q for q in questions if id(q) in taken]


def letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the paper's label of a choice."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def lettered(choices: list[dict]) -> list[tuple[str, dict]]:
    """(letter, choice) for each choice, in paper order: A, B, C..."""
    return [(letter(i), choice) for i, choice in enumerate(choices)]


class PaperError(ValueError):
    """A paper that cannot be drawn (unknown module, count larger than the pool): the message says why."""


@dataclass(frozen=True)
class Paper:
    title: str
    course: str
    as_of: str  # the course's as_of date, printed on handouts
    modules: list[PaperModule]  # in course order
    seed: int | None  # what shuffled the options (and drew the questions); None: a paper made by hand, as given
    pool: int  # how many questions the chosen modules hold
    questions: list[Presented] = field(default_factory=list)  # in paper order
    drawn: bool = False  # True: ``count`` questions drawn with the seed; False: every question, bank order

    @property
    def count(self) -> int:
        return len(self.questions)

    def module(self, module_id: str) -> PaperModule:
        return next(m for m in self.modules if m["id"] == module_id)

    def by_module(self) -> list[tuple[PaperModule, list[Presented]]]:
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
    questions = [shuffled(present(bank, q), random.Random(f"{seed}:paper:{q.id}")) for q in picked]
    if title is None:
        title = (f"Module {chosen_modules[0].number}: {chosen_modules[0].title}" if len(chosen_modules) == 1
                 else "Practice paper" if len(chosen_modules) < len(known) else "Practice paper: all modules")
    return Paper(
        title=title, course=course.title, as_of=str(course.as_of), seed=seed, pool=total,
        modules=[{"id": m.id, "number": m.number, "title": m.title} for m in chosen_modules],
        questions=questions, drawn=count is not None,
    )
