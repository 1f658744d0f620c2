"""A quiz: chosen questions in their presented form, shuffled with a seed, shown two ways.

In Jupyter (JupyterLab, Notebook 7, Voila, Binder) the live ipywidgets view; in the built book the
self-contained HTML (``text/html`` in the same mime bundle, preferred by the HTML builders). Both
read the same presented data and the same seed, so a learner sees the same quiz either way.

Which questions and in what order is ``quizzes.present.draw``'s: a module quiz's ``most=`` cover, and the
practice test, which is a drawn paper (the same draw the trainer's exports make, so a practice test of
seed 7 is the paper of seed 7).
"""

from __future__ import annotations

import copy
import random

from quizzes.core.bank import Bank
from quizzes.core.generate import is_generated
from quizzes.core.load import load_bank
from quizzes.present.draw import arrange, cover_objectives, draw, one_per_family
from quizzes.present.present import present
from quizzes.views.html import render_quiz

try:  # the live view needs ipywidgets, which a plain install lacks: the quiz is then its HTML only
    from quizzes.views.widget import QuizWidget
except ModuleNotFoundError as exc:  # only a missing ipywidgets: any other broken import in widget.py is raised
    if exc.name != "ipywidgets":
        raise
    QuizWidget = None  # type: ignore[assignment,misc]  # no ipywidgets: callers test QuizWidget for None

_BANK: Bank | None = None


def default_bank() -> Bank:
    """The bank, loaded and proven once per process (a page or a notebook builds several quizzes)."""
    global _BANK
    if _BANK is None:
        _BANK = load_bank()
    return _BANK


class Quiz:
    def __init__(self, questions: list, *, quiz_id: str, title: str = "Check your understanding",
                 seed: int | None = None, one_at_a_time: bool = False, bank: Bank | None = None):
        # a quiz made of presented questions (a paper, a JSON export) needs no bank: none is loaded for it
        self.bank = bank if bank is not None or not questions else default_bank()
        self.quiz_id = quiz_id
        self.title = title
        self.seed = seed
        self.one_at_a_time = one_at_a_time
        self.questions = arrange([present(self.bank, q) for q in questions], quiz_id, seed) if self.bank else []

    @classmethod
    def of_presented(cls, presented: list[dict], *, quiz_id: str, seed: int | None = None, **options) -> Quiz:
        """A quiz of questions already in their presented form (made by hand, or read from a JSON export),
        ordered and shuffled as any quiz of that seed."""
        quiz = cls([], quiz_id=quiz_id, seed=seed, **options)
        quiz.questions = arrange(copy.deepcopy(list(presented)), quiz_id, seed)
        return quiz

    @classmethod
    def for_module(cls, module_id: str, *, seed: int | None = 0, generated: int = 3, most: int | None = None,
                   bank: Bank | None = None, **options) -> Quiz:
        """A module's own questions, plus ``generated`` questions drawn (seeded) from its templates, at most
        one of each family; with ``most``, at most that many, drawn to cover every objective (the rest stay
        in the notebook, the practice test and the exports), so a long module's page stays one sitting and
        light on a phone."""
        bank = bank or default_bank()
        authored = [q for q in bank.module(module_id) if not is_generated(q)]
        made = [q for q in bank.module(module_id) if is_generated(q)]
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
    def practice(cls, count: int = 15, *, seed: int = 2026, bank: Bank | None = None, **options) -> Quiz:
        """A seeded paper across modules (``draw.draw``): as even a spread as ``count`` allows, one question
        of a family, options shuffled as the exports of the same seed shuffle them."""
        bank = bank or default_bank()
        paper = draw(bank, seed=seed, count=count, title="Practice test")
        return cls.from_paper(paper, quiz_id=f"practice-{seed}", bank=bank, **options)

    @classmethod
    def from_paper(cls, paper, *, quiz_id: str, title: str | None = None, bank: Bank | None = None,
                   **options) -> Quiz:
        """A drawn :class:`~quizzes.present.draw.Paper` as it is: its order and option order, so a group
        sees on screen what the trainer's exports of the same seed print (nothing is reshuffled)."""
        quiz = cls([], quiz_id=quiz_id, title=title or paper.title, seed=paper.seed, bank=bank, **options)
        quiz.questions = copy.deepcopy(list(paper.questions))
        return quiz

    # -- display -----------------------------------------------------------------------------
    def html(self) -> str:
        return render_quiz(self)

    def widget(self):
        if QuizWidget is None:
            raise ModuleNotFoundError("the live quiz needs ipywidgets: pip install ipywidgets", name="ipywidgets")
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
