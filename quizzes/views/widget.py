"""The live quiz: an ipywidgets view of a :class:`~quizzes.quiz.Quiz` for JupyterLab, Notebook 7,
Voila and Binder.

It shows the quiz's presented questions in the order the quiz already has (the seed shuffled them;
this module draws nothing at random) and judges every answer with :func:`quizzes.present.grade.grade`, the one
grading rule; it never decides right or wrong itself.

Bank text is never markup here: texts shown in ``HTML`` widgets go through :mod:`quizzes.core.markdown`
(raw HTML off), labels of choices and descriptions are plain text (``markdown.plain``, rendered as text
by ipywidgets), and source details are escaped.

Public, documented structure (tests and notebooks drive the widget through it, as a learner would)::

    w = QuizWidget(quiz)            # an ipywidgets.VBox: display it, or let the Quiz display it
    w.quiz                          # the Quiz
    w.items[i]                      # QuestionItem for quiz.questions[i], in order
    w.title                         # HTML: the quiz title
    w.score                         # Label: "Score: 2 of 3 answered (8 questions)"
    w.progress                      # IntProgress: value = questions with a valid answer, max = total
    w.summary                       # HTML: "You scored 6 of 8." once every question has a valid answer
    w.points, w.answered, w.total   # numbers behind the score (points = sum of Result.score)
    w.complete                      # True when every question has a valid answer
    w.previous, w.next, w.position  # one_at_a_time only (else None): buttons and "Question 2 of 8"
    w.current, w.go(i)              # one_at_a_time only: the index shown, and showing another

    item = w.items[i]
    item.question                   # the presented dict
    item.prompt                     # HTML: "Question n of N" and the prompt
    item.input                      # the input: RadioButtons (single, true-false), Text (numeric),
                                    # VBox of Checkbox (multiple), VBox of Dropdown (ordering: one per
                                    # position; matching: one per left item)
    item.controls                   # the individual input widgets, in order (for one-widget types: [input])
    item.check, item.retry          # Buttons "Check" and "Try again"
    item.hint_toggle, item.hint     # ToggleButton "Show hint" and HTML, or None when there is no hint
    item.feedback                   # HTML: the verdict and grade()'s feedback, or the invalid message
    item.explanation                # HTML: the explanation and "Sources: [n] Author", after a valid answer
    item.result                     # the last grade() Result (valid or not), None before Check
    item.answered                   # True when result is valid (inputs are then locked until Try again)
    item.response()                 # the current input in grade()'s response form
    item.set_response(r)            # put a grade()-form response into the inputs (as a learner would)

A widget is hidden with ``layout.display = "none"`` and shown with ``""`` (``show``; \
``QuestionItem.shown(widget)`` tells).
"""

from __future__ import annotations

from importlib.resources import files
from urllib.parse import urlparse

import ipywidgets as w

from course.render.kit import esc
from quizzes.core import markdown
from quizzes.present.grade import Result, grade
from quizzes.present.types import Presented, PresentedSource

__all__ = ["QuizWidget", "QuestionItem", "STYLE"]

# Widget labels are one line with an ellipsis by default; quiz choices are sentences, and the quiz must
# fit a narrow Voila page. Scoped to the quiz, so nothing else on the page changes. Our own constant.
STYLE = "<style>\n" + files("quizzes.views").joinpath("static", "widget.css").read_text(encoding="utf-8") + "</style>"

HIDDEN = "none"
# Shown is "", not None: Pyodide's kernel (JupyterLite) sends None to the front end as undefined, which
# the widget manager ignores, so a widget once hidden would stay hidden there; "" clears the style in
# every kernel.
SHOWN = ""
_LABEL = {"description_width": "initial"}
_DROPDOWN_PLACEHOLDER = ("Choose…", "")  # "" is not an id: grade() calls the response incomplete


def _full(**extra) -> w.Layout:
    return w.Layout(width="100%", max_width="100%", **extra)


def _auto(**extra) -> w.Layout:
    return w.Layout(width="auto", max_width="100%", **extra)


def show(widget, visible: bool) -> None:
    widget.layout.display = SHOWN if visible else HIDDEN


def _number(x: float) -> str:
    return f"{x:g}"


def sources_html(sources: list[PresentedSource]) -> str:
    """``Sources: [n] Author; [m] Author``, each linked (http/https only) with its title; all escaped."""
    if not sources:
        return ""
    parts = []
    for s in sources:
        text = esc(
            f"[{s.get('number', '?')}] {s.get('short') or s.get('author') or s.get('title') or ''}".strip())
        url, title = s.get("url") or "", s.get("title") or ""
        if urlparse(url).scheme in ("http", "https"):
            parts.append(f'<a href="{esc(url)}" title="{esc(title)}" '
                         f'target="_blank" rel="noopener noreferrer">{text}</a>')
        else:
            parts.append(f'<span title="{esc(title)}">{text}</span>')
    return '<p class="quiz-sources">Sources: ' + "; ".join(parts) + "</p>"


class QuestionItem(w.VBox):
    """One question: prompt, input, Check / Try again, hint, feedback and explanation."""

    children: tuple  # the VBox's widgets, in order (a trait: ipywidgets has no types to say so)

    def __init__(self, question: Presented, number: int, total: int, on_change=None, **kwargs):
        self.question = question
        self.number = number
        self.result: Result | None = None
        self._on_change = on_change
        kind = question["type"]
        where = self._where = f"question {number}"

        self.prompt = w.HTML(
            value=(f'<p class="quiz-number"><strong>Question {number} of {total}</strong></p>'
                   + markdown.block(question["prompt"])),
            layout=_full())
        self.input, self.controls = self._make_input(kind, where)

        self.check = w.Button(description="Check", icon="check", button_style="primary",
                              tooltip=f"Check your answer to {where}", layout=_auto())
        self.retry = w.Button(description="Try again", icon="refresh",
                              tooltip=f"Clear your answer to {where} and answer again", layout=_auto())
        show(self.retry, False)
        self.check.on_click(self._check)
        self.retry.on_click(self._retry)
        buttons = [self.check, self.retry]

        self.hint_toggle = self.hint = None
        if question.get("hint"):
            self.hint_toggle = w.ToggleButton(value=False, description="Show hint", icon="question-circle",
                                              tooltip=f"Show or hide a hint for {where}", layout=_auto())
            self.hint = w.HTML(value='<div class="quiz-hint"><strong>Hint:</strong> '
                                     + markdown.block(question["hint"]) + "</div>", layout=_full())
            show(self.hint, False)
            self.hint_toggle.observe(self._toggle_hint, names="value")
            buttons.append(self.hint_toggle)

        self.feedback = w.HTML(value="", layout=_full())
        self.explanation = w.HTML(value="", layout=_full())
        show(self.feedback, False)
        show(self.explanation, False)

        children = [self.prompt, self.input, w.HBox(buttons, layout=_full(flex_flow="row wrap"))]
        children += [self.hint] if self.hint is not None else []
        children += [self.feedback, self.explanation]
        super().__init__(children, layout=_full(padding="0.5em 0", border_bottom="1px solid #ccc",
                                                margin="0 0 0.5em 0"), **kwargs)
        self.add_class("quiz-question")

    # -- inputs ------------------------------------------------------------------------------
    def _make_input(self, kind: str, where: str):
        q = self.question
        common = dict(description_allow_html=False, style=_LABEL)
        if kind == "single" and q["type"] == "single":  # kind is always the question's type
            box = w.RadioButtons(options=[(markdown.plain(o["text"]), o["id"]) for o in q["options"]],
                                 value=None, description="Answer", tooltip=f"Choose one answer to {where}",
                                 layout=_full(), **common)
            return box, [box]
        if kind == "true-false":
            box = w.RadioButtons(options=[("True", True), ("False", False)], value=None,
                                 description="Answer", tooltip=f"Choose true or false for {where}",
                                 layout=_full(), **common)
            return box, [box]
        if kind == "multiple" and q["type"] == "multiple":
            boxes = [w.Checkbox(value=False, indent=False, description=markdown.plain(o["text"]),
                                tooltip=markdown.plain(o["text"]), layout=_full(), **common)
                     for o in q["options"]]
            group = w.VBox([w.Label("Choose every answer that applies:")] + boxes, layout=_full())
            return group, boxes
        if kind == "numeric":
            unit = q.get("unit")
            text = w.Text(value="", description=f"Answer ({unit})" if unit else "Answer",
                          placeholder="A number, such as 1998",
                          tooltip=f"Type a number for {where}" + (f", in {unit}" if unit else ""),
                          layout=_full(), **common)
            return text, [text]
        if kind == "ordering" and q["type"] == "ordering":
            n = len(q["items"])
            options = [_DROPDOWN_PLACEHOLDER] + [(markdown.plain(i["text"]), i["id"]) for i in q["items"]]
            drops = [w.Dropdown(options=options, value="", description=f"Position {k} of {n}",
                                tooltip=f"The item in position {k} of {n}, {where}",
                                layout=_full(), **common)
                     for k in range(1, n + 1)]
            return w.VBox(drops, layout=_full()), drops
        if kind == "matching" and q["type"] == "matching":
            options = [_DROPDOWN_PLACEHOLDER] + [(markdown.plain(r["text"]), r["id"]) for r in q["rights"]]
            drops = [w.Dropdown(options=options, value="", description=markdown.plain(left["text"]),
                                tooltip="Match: " + markdown.plain(left["text"]), layout=_full(), **common)
                     for left in q["lefts"]]
            return w.VBox(drops, layout=_full()), drops
        raise ValueError(f"unknown question type {kind!r}")

    def response(self):
        """What the learner has entered, in the form grade() takes."""
        kind, q = self.question["type"], self.question
        if kind in ("single", "true-false", "numeric"):
            return self.input.value
        if q["type"] == "multiple":
            return [o["id"] for o, box in zip(q["options"], self.controls) if box.value]
        if kind == "ordering":
            return [d.value for d in self.controls]
        if q["type"] == "matching":
            return {left["id"]: d.value for left, d in zip(q["lefts"], self.controls)}
        raise ValueError(kind)

    def set_response(self, response) -> None:
        """Enter a grade()-form response in the inputs (what a learner's clicks and typing do)."""
        kind, q = self.question["type"], self.question
        if kind in ("single", "true-false"):
            self.input.value = response
        elif kind == "numeric":
            self.input.value = "" if response is None else str(response)
        elif q["type"] == "multiple":
            picked = set(response or [])
            for o, box in zip(q["options"], self.controls):
                box.value = o["id"] in picked
        elif kind == "ordering":
            response = list(response or [])
            for k, d in enumerate(self.controls):
                d.value = response[k] if k < len(response) and response[k] else ""
        elif q["type"] == "matching":
            for left, d in zip(q["lefts"], self.controls):
                d.value = (response or {}).get(left["id"]) or ""

    def clear(self) -> None:
        kind = self.question["type"]
        if kind in ("single", "true-false"):
            # A fresh radio group, not value None: like a shown layout (SHOWN), a None set after the
            # widget is drawn never reaches the page in JupyterLite, and the old choice would stay ticked.
            if self.input.value is not None:
                old = self.input
                self.input, self.controls = self._make_input(kind, self._where)
                self.children = tuple(self.input if child is old else child for child in self.children)
                old.close()
            return
        self.set_response({"numeric": "", "multiple": [], "ordering": [], "matching": {}}[kind])

    # -- state ---------------------------------------------------------------------------------
    @property
    def answered(self) -> bool:
        return self.result is not None and self.result.valid

    @property
    def score(self) -> float:
        result = self.result  # answered: a valid result
        return result.score if result is not None and result.valid else 0.0

    @staticmethod
    def shown(widget) -> bool:
        return widget is not None and widget.layout.display != HIDDEN

    def _lock(self, locked: bool) -> None:
        for c in self.controls:
            c.disabled = locked
        self.check.disabled = locked
        show(self.retry, locked)

    def _check(self, _button=None) -> None:
        if self.answered:  # locked until Try again (a programmatic click on the disabled button)
            return
        result = grade(self.question, self.response())
        self.result = result
        if not result.valid:
            self.feedback.value = ('<div class="quiz-verdict quiz-invalid" role="status"><p>'
                                   + esc(result.message) + "</p></div>")
            show(self.feedback, True)
            show(self.explanation, False)
        else:
            verdict, css = ("✓ Correct.", "quiz-correct") if result.correct else ("✗ Not quite.", "quiz-wrong")
            self.feedback.value = (f'<div class="quiz-verdict {css}" role="status"><p><strong>{verdict}</strong></p>'
                                   + "".join(markdown.block(f) for f in result.feedback) + "</div>")
            self.explanation.value = ('<div class="quiz-explanation">' + markdown.block(self.question["explanation"])
                                      + sources_html(self.question.get("sources") or []) + "</div>")
            show(self.feedback, True)
            show(self.explanation, True)
            self._lock(True)
        self._changed()

    def _retry(self, _button=None) -> None:
        self.result = None
        self._lock(False)
        self.clear()
        self.feedback.value = self.explanation.value = ""
        show(self.feedback, False)
        show(self.explanation, False)
        self._changed()

    def _toggle_hint(self, change) -> None:
        assert self.hint_toggle is not None, "observed only on the toggle a question with a hint has"
        show(self.hint, bool(change["new"]))
        self.hint_toggle.description = "Hide hint" if change["new"] else "Show hint"

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self)


class QuizWidget(w.VBox):
    """The live quiz (see the module docstring for its public attributes)."""

    def __init__(self, quiz, **kwargs):
        self.quiz = quiz
        questions = list(quiz.questions)
        self.total = len(questions)
        self.items = [QuestionItem(q, n, self.total, on_change=self._update) for n, q in enumerate(questions, 1)]

        self.title = w.HTML(value=f'<h3 class="quiz-title">{markdown.inline(quiz.title)}</h3>', layout=_full())
        self.score = w.Label(value="", layout=_auto())
        self.progress = w.IntProgress(value=0, min=0, max=self.total, description="Answered",
                                      description_allow_html=False, style=_LABEL,
                                      tooltip="Questions answered", layout=_full())
        self.summary = w.HTML(value="", layout=_full())
        show(self.summary, False)

        self.one_at_a_time = bool(getattr(quiz, "one_at_a_time", False))
        self.previous = self.next = self.position = None
        self.current = 0
        nav = []
        if self.one_at_a_time:
            self.previous = w.Button(description="Previous", icon="arrow-left", tooltip="Previous question",
                                     layout=_auto())
            self.next = w.Button(description="Next", icon="arrow-right", tooltip="Next question", layout=_auto())
            self.position = w.Label(value="", layout=_auto())
            self.previous.on_click(lambda _b: self.go(self.current - 1))
            self.next.on_click(lambda _b: self.go(self.current + 1))
            nav = [w.HBox([self.previous, self.position, self.next], layout=_full(flex_flow="row wrap",
                                                                                   align_items="center"))]

        children = [w.HTML(value=STYLE), self.title, w.HBox([self.score], layout=_full()), self.progress,
                    *self.items, *nav, self.summary]
        super().__init__(children, layout=_full(), **kwargs)
        self.add_class("quiz-widget")
        if self.one_at_a_time:
            self.go(0)
        self._update()

    # -- navigation (one question at a time) ---------------------------------------------------
    def go(self, index: int) -> None:
        """Show question ``index`` (clamped to the quiz); the others are hidden."""
        if not self.one_at_a_time or not self.items:
            return
        self.current = max(0, min(index, self.total - 1))
        for i, item in enumerate(self.items):
            show(item, i == self.current)
        # made in __init__ whenever one_at_a_time
        assert self.previous is not None and self.next is not None and self.position is not None
        self.previous.disabled = self.current == 0
        self.next.disabled = self.current == self.total - 1
        self.position.value = f"Question {self.current + 1} of {self.total}"

    # -- score ----------------------------------------------------------------------------------
    @property
    def answered(self) -> int:
        return sum(item.answered for item in self.items)

    @property
    def points(self) -> float:
        return sum(item.score for item in self.items)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered == self.total

    @property
    def results(self) -> list[Result | None]:
        return [item.result for item in self.items]

    def _update(self, _item=None) -> None:
        answered, points = self.answered, _number(self.points)
        self.score.value = f"Score: {points} of {answered} answered ({self.total} questions)"
        self.progress.value = answered
        self.progress.bar_style = "success" if self.complete else ""
        if self.complete:
            self.summary.value = (f'<div class="quiz-summary" role="status"><p><strong>You scored {points} of '
                                  f"{self.total}.</strong> Use <em>Try again</em> on any question to answer "
                                  "it again.</p></div>")
        else:
            self.summary.value = ""
        show(self.summary, self.complete)
