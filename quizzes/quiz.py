"""A quiz: chosen questions in their presented form, shuffled with a seed, shown two ways.

In Jupyter (JupyterLab, Notebook 7, Voila, Binder) the live ipywidgets view; in the built book the
self-contained HTML (``text/html`` in the same mime bundle, preferred by the HTML builders). Both
read the same presented data and the same seed, so a learner sees the same quiz either way.

Drawing and shuffling are two things. A draw (a module quiz's ``most=`` cover, the practice test, a
paper) chooses questions, at most one of each ``family`` (questions that ask the same thing another
way: one must not answer the other); ``shuffled`` orders each question's choices, except options the
presented form marks ``ordered`` (a scale: numbers, years, conferences, stages), which stay ascending.
"""

from __future__ import annotations

import copy
import random

from .bank import Bank
from .load import load_bank

_BANK: Bank | None = None


def default_bank() -> Bank:
    """The bank, loaded and proven once per process (a page or a notebook builds several quizzes)."""
    global _BANK
    if _BANK is None:
        _BANK = load_bank()
    return _BANK


def shuffled(presented: dict, rng: random.Random) -> dict:
    """A copy with options, matching choices and ordering items in a seeded order (ids unchanged).
    Options (or matching choices) marked ``ordered`` are a scale and keep their ascending order."""
    q = copy.deepcopy(presented)
    for key in ("options", "rights", "items"):
        if key in q and not (key == "options" and q["type"] == "true-false"):
            if key in ("options", "rights") and q.get("ordered"):
                continue
            rng.shuffle(q[key])
    if q["type"] == "ordering" and [i["id"] for i in q["items"]] == q["key"]:
        q["items"] = q["items"][1:] + q["items"][:1]  # the shuffle may land on the answer: never show it solved
    return q


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


class Quiz:
    def __init__(self, questions: list, *, quiz_id: str, title: str = "Check your understanding",
                 seed: int | None = None, one_at_a_time: bool = False, bank: Bank | None = None):
        self.bank = bank or default_bank()
        self.quiz_id = quiz_id
        self.title = title
        self.seed = seed
        self.one_at_a_time = one_at_a_time
        rng = random.Random(f"{seed}:{quiz_id}") if seed is not None else None
        chosen = list(questions)
        if rng is not None:
            rng.shuffle(chosen)
        presented = [self.bank.present(q) for q in chosen]
        self.questions = [shuffled(q, rng) for q in presented] if rng is not None else presented

    @classmethod
    def for_module(cls, module_id: str, *, seed: int | None = 0, generated: int = 3, most: int | None = None,
                   bank: Bank | None = None, **options) -> "Quiz":
        """A module's own questions, plus ``generated`` questions drawn (seeded) from its templates, at most
        one of each family; with ``most``, at most that many, drawn to cover every objective (the rest stay
        in the notebook, the practice test and the exports), so a long module's page stays one sitting and
        light on a phone."""
        bank = bank or default_bank()
        authored = [q for q in bank.module(module_id) if not q.id.startswith("gen-")]
        made = [q for q in bank.module(module_id) if q.id.startswith("gen-")]
        rng = random.Random(f"{seed}:{module_id}:templates")
        extra = sorted(rng.sample(made, min(generated, len(made))), key=lambda q: q.id)
        module = bank.content.module(module_id)
        chosen = one_per_family(authored + extra, f"{seed}:{module_id}")
        title = f"Check your understanding: module {module.number}"
        if most is not None and len(chosen) > most:
            pool = len(chosen)  # each family counted once: what the quiz could hold
            chosen = cover_objectives(chosen, [o.id for o in module.objectives], most,
                                      random.Random(f"{seed}:{module_id}:most"))
            title += f" ({len(chosen)} of its {pool} questions, every objective covered)"
        return cls(chosen, quiz_id=f"quiz-{module_id}", seed=seed, bank=bank, title=title, **options)

    @classmethod
    def practice(cls, count: int = 15, *, seed: int = 2026, bank: Bank | None = None, **options) -> "Quiz":
        """A seeded mix across modules: as even a spread as ``count`` allows, one question of a family."""
        bank = bank or default_bank()
        rng = random.Random(f"{seed}:practice")
        eligible = {id(q) for q in one_per_family(bank.questions, f"{seed}:practice")}
        pools = [sorted((q for q in bank.module(m.id) if id(q) in eligible), key=lambda q: q.id)
                 for m in bank.content.course.modules]
        for pool in pools:
            rng.shuffle(pool)
        return cls(spread(pools, count), quiz_id=f"practice-{seed}", title="Practice test", seed=seed, bank=bank, **options)

    @classmethod
    def from_paper(cls, paper, *, quiz_id: str, title: str | None = None, bank: Bank | None = None,
                   **options) -> "Quiz":
        """A drawn :class:`~quizzes.paper.Paper` as it is: its order and option order, so a group
        sees on screen what the trainer's exports of the same seed print (nothing is reshuffled)."""
        quiz = cls([], quiz_id=quiz_id, title=title or paper.title, seed=paper.seed, bank=bank, **options)
        quiz.questions = copy.deepcopy(list(paper.questions))
        return quiz

    # -- display -----------------------------------------------------------------------------
    def html(self) -> str:
        from .render_html import render_quiz

        return render_quiz(self)

    def widget(self):
        from .render_widget import QuizWidget

        return QuizWidget(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.html(), "text/plain": self._plain()}
        try:
            widget = self.widget()
        except Exception:  # ipywidgets unusable here: the HTML still works
            return bundle
        # Outside a kernel ipywidgets builds on a DummyComm that reaches no front end: a widget view
        # there would point at nothing, so only a widget with a real comm is offered.
        if type(getattr(widget, "comm", None)).__name__ not in ("DummyComm", "NoneType"):
            view = widget._repr_mimebundle_(include=include, exclude=exclude) or {}
            bundle.update({k: v for k, v in view.items() if k != "text/plain"})
        return bundle

    def _plain(self) -> str:
        return f"{self.title}: {len(self.questions)} questions ({', '.join(q['id'] for q in self.questions)})"
