"""The workshop: a trainer runs one notebook with a group (Binder, a JupyterHub or Voila): choose the
modules, the number of questions, a group number and a timer; answer; read a score summary per module.

The paper is :func:`quizzes.present.draw.draw` with the group number as the seed, so it is the same paper, in
the same order with the same option order, as ``python -m quizzes export handout --seed N --count K``
(and every other export): a printed handout and the screen agree. The quiz is the live
:class:`~quizzes.views.widget.QuizWidget`; the summary only counts the :func:`quizzes.present.grade.grade`
results that widget holds (an unanswered question is not right), it never judges an answer itself.

In the static book there is no kernel, so the mime bundle also carries a ``text/html`` that says what
the notebook offers and points to the book's own quizzes. It is deterministic (nbval compares it
strictly) and every bank or content string in it is escaped.

Public, documented structure (tests drive it through it, as a learner or a trainer would)::

    ws = Workshop(bank=None, *, loop=None)  # an ipywidgets.VBox; loop: where the timer is scheduled
                                    # (default: the running asyncio loop at Start, as in ipykernel;
                                    # none running: nothing is scheduled, tick() still works)
    ws.setup                        # VBox: the setup panel (hidden during a round)
    ws.modules                      # Checkbox per module, course order, "Module N: title", all ticked
    ws.count                        # BoundedIntText "Questions": 1 to the pool of the ticked modules (each
                                    # family of questions counts once: a round takes one of a family)
    ws.pool_note                    # Label: "of 172 in the ticked modules" (with families: "of 160 in the
                                    # ticked modules (172 questions, one of each family)")
    ws.seed                         # BoundedIntText "Group number" (>= 0): same number, same questions
    ws.timer                        # Dropdown "Timer": 0 (No timer), 5, 10, 15, 20, 30 minutes
    ws.start                        # Button "Start (10 questions, group 1)": what Start draws, as the
                                    # kernel has it (disabled while no module is ticked)
    ws.message                      # HTML, in words: no module ticked, count lowered or refused; else ""
    ws.paper, ws.quiz               # the drawn Paper and its QuizWidget (None before the first Start)
    ws.status                       # HTML: the round's description, then how it ended
    ws.clock                        # Label "Time left 09:59" (hidden with no timer)
    ws.remaining                    # seconds left (None with no timer)
    ws.tick(seconds=1)              # advance the clock; at zero the round ends ("time")
    ws.finish                       # Button "Finish": ends the round now ("finished")
    ws.running, ws.ended            # a round is on; how the last one ended: None, "time", "finished"
    ws.results                      # VBox: the summary (hidden until the round ends)
    ws.table                        # HTML: the summary table, per module and total
    ws.copy_text                    # Textarea "Summary to copy": the same, as plain text (read-only)
    ws.new_round                    # Button "New round": back to setup, choices kept
    ws.rows(), ws.totals()          # the summary: dicts (number, title, questions, answered, right)
    ws.text()                       # the summary as plain text (what copy_text shows)
    ws.begin(), ws.end(how), ws.back_to_setup()  # what Start, Finish and New round do
    ws.html()                       # the static book's text/html (static_html(bank))
"""

from __future__ import annotations

import asyncio
import math
from importlib.resources import files

import ipywidgets as w

from course.render.kit import esc
from quizzes.present.draw import PaperError, draw, pool_size
from quizzes.quiz import Quiz, default_bank
from quizzes.views.widget import QuizWidget, show

__all__ = ["Workshop", "TIMERS", "static_html"]

TIMERS = [("No timer", 0), ("5 minutes", 5), ("10 minutes", 10), ("15 minutes", 15), ("20 minutes", 20),
          ("30 minutes", 30)]
NAME = "WTO e-commerce workshop"
_LABEL = {"description_width": "initial"}
STYLE = "<style>\n" + files("quizzes.views").joinpath("static", "workshop.css").read_text(encoding="utf-8") + "</style>"


def _full(**extra) -> w.Layout:
    return w.Layout(width="100%", max_width="100%", **extra)


def _mmss(seconds: float) -> str:
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _pct(right: int, total: int) -> str:
    return f"{math.floor(100 * right / total + 0.5)}%" if total else "0%"  # half up: 1 of 8 is 13%


def _close(widget) -> None:
    """Close a finished round's widgets (every child too), so a day of rounds keeps no dead comms."""
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


def static_html(bank) -> str:
    """The book's view: what the live notebook offers, and where to practise without a kernel.

    No sample quiz here: the Practice test page is one, and this page then depends on the bank's
    files only, not on content/, so an edit to a fact does not re-run it when the book is built."""
    modules = "".join(f"<li>Module {esc(m.number)}: {esc(m.title)} ({len(bank.module(m.id))} questions)</li>"
                      for m in bank.content.course.modules)
    timers = ", ".join(str(minutes) for _, minutes in TIMERS if minutes)
    return (
        '<div class="course-workshop-static">\n'
        "<p><strong>This page is a live workshop notebook.</strong> Without a running kernel, as here, it "
        "cannot run: launch it on Binder or a JupyterHub with the page's launch button, or download the "
        "notebook and open it in JupyterLab or Voila, then run all cells.</p>\n"
        "<p>Run live, it offers:</p>\n<ul>\n"
        f"<li>a choice of modules (all ticked to start with):<ul>{modules}</ul></li>\n"
        "<li>the number of questions, up to all the questions of the ticked modules;</li>\n"
        "<li>a group number that draws the paper: same number, same questions, in the same order as "
        "the trainer's printed handout and exports with that seed;</li>\n"
        f"<li>an optional timer ({esc(timers)} minutes) that locks the quiz when time is up, and a "
        "<em>Finish</em> button;</li>\n"
        "<li>a score summary per module, as a table and as text a learner can show or copy.</li>\n</ul>\n"
        '<p>To practise here in the book, offline and with no kernel, take the <a href="practice.html">'
        "Practice test</a>, or the quiz at the end of each module.</p>\n</div>"
    )


class Workshop(w.VBox):
    """The workshop notebook's one widget (see the module docstring for its public attributes)."""

    def __init__(self, bank=None, *, loop=None, **kwargs):
        self.bank = bank or default_bank()
        self._loop, self._handle, self._last, self._text = loop, None, 0.0, ""
        self.paper = self.quiz = self.remaining = self.ended = None
        self.running = False
        course = self.bank.content.course

        self.modules = [w.Checkbox(value=True, indent=False, description=f"Module {m.number}: {m.title}",
                                   tooltip=f"Include module {m.number} in the paper", style=_LABEL,
                                   layout=_full()) for m in course.modules]
        self._module_ids = [m.id for m in course.modules]
        pool = pool_size(self.bank, self._module_ids)[1]
        self.count = w.BoundedIntText(value=min(10, pool), min=1, max=max(pool, 1), description="Questions",
                                      tooltip="How many questions the paper has", style=_LABEL)
        self.pool_note = w.Label(value="")
        self.seed = w.BoundedIntText(value=1, min=0, max=10**6, description="Group number", style=_LABEL,
                                     tooltip="The paper's seed: same number, same questions")
        self.timer = w.Dropdown(options=TIMERS, value=0, description="Timer", style=_LABEL,
                                tooltip="Lock the quiz after this many minutes")
        self.start = w.Button(description="Start", icon="play", button_style="primary",
                              tooltip="Draw the paper and start the quiz")
        self.message = w.HTML(value="", layout=_full())
        self.setup = w.VBox([
            w.HTML(value=f'<h3 class="workshop-title">{esc(NAME)}</h3>'),
            w.Label(value="Modules (tick the ones the group has covered):"), *self.modules,
            w.HBox([self.count, self.pool_note], layout=_full(flex_flow="row wrap", align_items="center")),
            self.seed,
            w.Label(value="Same number, same questions: it is the paper of the trainer's handout and exports "
                          "made with this number as --seed (same modules and count)."),
            self.timer, self.start, self.message,
        ], layout=_full())

        self.status = w.HTML(value="", layout=_full())
        self.clock = w.Label(value="")
        self.finish = w.Button(description="Finish", icon="flag-checkered",
                               tooltip="End the quiz now and show the summary")
        self._quiz_box = w.VBox([], layout=_full())
        self.round = w.VBox([self.status, w.HBox([self.clock, self.finish], layout=_full(
            flex_flow="row wrap", align_items="center")), self._quiz_box], layout=_full())

        self.table = w.HTML(value="", layout=_full())
        self.copy_text = w.Textarea(value="", rows=8, description="Summary to copy", style=_LABEL,
                                    tooltip="Select this text and copy it", layout=_full())
        self.new_round = w.Button(description="New round", icon="redo", tooltip="Back to the setup, choices kept")
        self.results = w.VBox([w.HTML(value="<h3>Scores</h3>"), self.table, self.copy_text, self.new_round],
                              layout=_full())

        for box in self.modules:
            box.observe(self._modules_changed, names="value")
        self.start.on_click(lambda _b: self.begin())
        self.finish.on_click(lambda _b: self.end("finished"))
        self.new_round.on_click(lambda _b: self.back_to_setup())
        self.copy_text.observe(self._keep_text, names="value")
        self.count.observe(self._say_what_start_draws, names="value")
        self.seed.observe(self._say_what_start_draws, names="value")
        super().__init__([w.HTML(value=STYLE), self.setup, self.results, self.round], layout=_full(), **kwargs)
        self.add_class("course-workshop")
        self._view(setup=True, round_=False, results=False)
        self._modules_changed()

    # -- setup ---------------------------------------------------------------------------------
    def _view(self, *, setup: bool, round_: bool, results: bool) -> None:
        for part, visible in ((self.setup, setup), (self.round, round_), (self.results, results)):
            show(part, visible)

    def chosen(self) -> list[str]:
        return [m for m, box in zip(self._module_ids, self.modules) if box.value]

    def _say(self, text: str) -> None:
        self.message.value = (f'<p class="workshop-message" role="status">{esc(text)}</p>' if text else "")

    def _say_what_start_draws(self, _change=None) -> None:
        """Start names the count and group it will draw, from the values the kernel holds.

        The race it closes: in the browser, a number typed into Questions or Group number is a state
        update, which ipywidgets throttles (one update per widget in flight; the next waits for the
        kernel's reply to the last), while a click on Start is a custom message sent at once. On a slow
        link, or with a reply late, the click can reach the kernel before the number typed just before
        it: the round starts with the old count (the default 10). The button's words come from the
        kernel, so what the trainer (or a test) sees on it is what a click draws; a number not yet
        arrived is not on it yet. And should a number arrive after the click all the same, it can only
        be that one (the setup is hidden during a round): while no question is answered, the round is
        drawn again with it, so the paper is the one the trainer asked for."""
        if (_change is not None and self.running and self.paper is not None
                and (self.paper.count, self.paper.seed) != (self.count.value, self.seed.value)
                and not any(item.answered for item in self.quiz.items)):
            self._cancel()
            self.running = False
            self.begin()
        n = self.count.value
        self.start.description = (f"Start ({n} question{'s' if n != 1 else ''}, group {self.seed.value})"
                                  if not self.start.disabled else "Start")

    def _modules_changed(self, _change=None) -> None:
        """The count is bounded by the ticked modules' pool; no module: a message, and no Start."""
        chosen = self.chosen()
        total, pool = pool_size(self.bank, chosen)
        self.start.disabled = not pool
        self._say_what_start_draws()
        if not pool:
            self.pool_note.value = "no question to draw"
            self._say("The ticked modules have no questions." if chosen else "Tick at least one module to start.")
            return
        asked = self.count.value
        self.count.max = pool  # BoundedIntText lowers the value to the new maximum (and Start says so)
        families = f" ({total} questions, one of each family)" if total > pool else ""
        self.pool_note.value = f"of {pool} in the ticked module{'s' if len(chosen) > 1 else ''}{families}"
        self._say(f"Questions lowered from {asked} to {pool}: "
                  + ("every question of the ticked modules." if not families else
                     "every question of the ticked modules, one of each family.") if asked > pool else "")

    def begin(self) -> None:
        """Start: draw the paper (the exports' draw), show it as the live quiz, start the timer."""
        chosen = self.chosen()
        if not chosen:
            self._say("Tick at least one module to start.")
            return
        try:
            self.paper = draw(self.bank, chosen, seed=self.seed.value, count=self.count.value)
        except PaperError as exc:
            self._say(f"Cannot draw this paper: {exc}. Choose fewer questions or tick more modules.")
            return
        self._say("")
        old, group = self.quiz, self.seed.value
        quiz = Quiz.from_paper(self.paper, quiz_id=f"workshop-group-{group}", bank=self.bank,
                               title=f"Group {group}: {self.paper.title}")
        self.quiz = QuizWidget(quiz)
        self._quiz_box.children = [self.quiz]
        if old is not None:
            _close(old)
        minutes = self.timer.value
        self.status.value = (f'<p role="status">Group {group}: {esc(self.paper.describe())}. Answer '
                             "each question and press <em>Check</em>; press <em>Finish</em> when you are done"
                             + (f" (or when the {minutes} minutes are up)." if minutes else ".") + "</p>")
        self.running, self.ended = True, None
        self.remaining = 60.0 * minutes if minutes else None
        self.clock.value = f"Time left {_mmss(self.remaining)}" if minutes else ""
        show(self.clock, bool(minutes))
        self.finish.disabled = False
        self._view(setup=False, round_=True, results=False)
        if minutes:
            self._schedule()

    # -- the clock -----------------------------------------------------------------------------
    def _schedule(self) -> None:
        """One tick a second on the kernel's asyncio loop; without a loop nothing runs (tests tick)."""
        loop = self._loop
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
        self._last = loop.time()
        self._handle = loop.call_later(1, self._on_timer, loop)

    def _on_timer(self, loop) -> None:
        self._handle = None
        now = loop.time()
        elapsed, self._last = now - self._last, now
        self.tick(elapsed)
        if self.running:
            self._handle = loop.call_later(1, self._on_timer, loop)

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None

    def tick(self, seconds: float = 1) -> None:
        """Time passes: count down; at zero the round ends and the quiz locks."""
        if not self.running or self.remaining is None:
            return
        self.remaining = max(0.0, self.remaining - seconds)
        self.clock.value = f"Time left {_mmss(self.remaining)}"
        if self.remaining <= 0:
            self.end("time")

    # -- the end of a round ------------------------------------------------------------------------
    def end(self, how: str) -> None:
        """Lock every question (no Check, no Try again) and show the summary."""
        if not self.running:
            return
        self.running, self.ended = False, how
        self._cancel()
        for item in self.quiz.items:
            for control in item.controls:
                control.disabled = True
            for button, handler in ((item.check, item._check), (item.retry, item._retry)):
                button.disabled = True
                button.on_click(handler, remove=True)  # a locked question ignores even a scripted click
            show(item.retry, False)
        self.finish.disabled = True
        if how == "time":
            self.clock.value = "Time is up"
        note = "Time is up: the quiz is locked." if how == "time" else "Finished: the quiz is locked."
        self.status.value = f'<p role="status">{note} The scores are above the questions.</p>'
        self.table.value = self._table()
        self._text = self.copy_text.value = self.text()
        show(self.results, True)

    def rows(self) -> list[dict]:
        """Per module on the paper: questions, answered (a valid grade() result), right (its verdict)."""
        found = []
        for module, questions in self.paper.by_module():
            ids = {q["id"] for q in questions}
            items = [i for i in self.quiz.items if i.question["id"] in ids]
            found.append({"number": module["number"], "title": module["title"], "questions": len(items),
                          "answered": sum(i.answered for i in items),
                          "right": sum(bool(i.answered and i.result.correct) for i in items)})
        return found

    def totals(self) -> dict:
        rows = self.rows()
        return {k: sum(r[k] for r in rows) for k in ("questions", "answered", "right")}

    def _table(self) -> str:
        def cells(r):
            return (f'<td>{r["questions"]}</td><td>{r["answered"]}</td><td>{r["right"]}</td>'
                    f'<td>{_pct(r["right"], r["questions"])}</td>')

        body = "".join(f'<tr><th scope="row">Module {r["number"]}: {esc(r["title"])}</th>{cells(r)}</tr>'
                       for r in self.rows())
        return ('<table class="workshop-summary"><caption>' + esc(self._heading()) + "</caption><thead><tr>"
                + "".join(f'<th scope="col">{c}</th>' for c in ("Module", "Questions", "Answered", "Right", "Score"))
                + f'</tr></thead><tbody>{body}</tbody><tfoot><tr><th scope="row">Total</th>{cells(self.totals())}'
                "</tr></tfoot></table>")

    def _heading(self) -> str:
        return f"{NAME}, group {self.paper.seed}, {self.paper.count} questions"

    def text(self) -> str:
        """The summary as plain text, to show or paste into a chat or a form."""
        lines = [self._heading()]
        lines += [f"Module {r['number']}: {r['right']}/{r['questions']} right, {r['answered']} answered "
                  f"({r['title']})" for r in self.rows()]
        t = self.totals()
        lines.append(f"Total: {t['right']}/{t['questions']} ({_pct(t['right'], t['questions'])}), "
                     f"{t['answered']} answered")
        if self.ended == "time":
            lines.append("Time ran out.")
        elif self.remaining is not None:
            lines.append(f"Finished with {_mmss(self.remaining)} left.")
        return "\n".join(lines)

    def _keep_text(self, change) -> None:
        """Read-only yet selectable (a disabled textarea cannot be selected in some browsers)."""
        if change["new"] != self._text:
            self.copy_text.value = self._text

    def back_to_setup(self) -> None:
        """New round: stop the clock, show the setup again with the same choices."""
        self.running = False
        self._cancel()
        self._view(setup=True, round_=False, results=False)
        self._modules_changed()

    # -- display ---------------------------------------------------------------------------------
    @property
    def bank_files(self) -> list[str]:
        """Every bank file: the page lists every module's number of questions."""
        return self.bank.files()

    def html(self) -> str:
        return static_html(self.bank)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.html(),
                  "text/plain": f"{NAME}: {len(self.modules)} modules, {len(self.bank.questions)} questions "
                                "(live in Jupyter; run the notebook to use it)"}
        # As Quiz does: a widget view only with a comm that reaches a front end (a kernel's).
        if type(getattr(self, "comm", None)).__name__ not in ("DummyComm", "NoneType"):
            view = super()._repr_mimebundle_(include=include, exclude=exclude) or {}
            bundle.update({k: v for k, v in view.items() if k != "text/plain"})
        return bundle
