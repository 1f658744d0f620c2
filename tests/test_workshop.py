"""The workshop notebook (quizzes/workshop.py, book/workshop.ipynb), driven as a trainer and a learner
drive it: tick modules, set the count, the group number and the timer; Start; answer; Finish or let
the time run out; read the summary; New round. The paper must be the exports' paper, every count in
the summary must be grade()'s, and the book's static view must be deterministic, escaped and work.
"""

from __future__ import annotations

import copy
import html
import json
import re
from fractions import Fraction
from types import SimpleNamespace

import ipywidgets as w
import nbformat
import pytest
from bs4 import BeautifulSoup

from quizzes.__main__ import main as quizzes_cli
from quizzes.core.bank import Bank
from quizzes.present.draw import draw, pool_size
from quizzes.present.grade import grade
from quizzes.quiz import Quiz
from quizzes.views.notebooks import WIDGET_MIME, WORKSHOP_NOTEBOOK, build_workshop
from quizzes.workshop import NAME, TIMERS, Workshop, static_html

from .corpus import ROOT, SCRIPT
from .quiz_widget import correct, invalid, shown, walk, wrong


def setup(ws: Workshop, modules=None, *, count=None, seed=None, minutes=None) -> None:
    """What a trainer does in the setup panel (modules: ids to leave ticked)."""
    if modules is not None:
        for module, box in zip(ws.bank.content.course.modules, ws.modules):
            box.value = module.id in modules
    if count is not None:
        ws.count.value = count
    if seed is not None:
        ws.seed.value = seed
    if minutes is not None:
        ws.timer.value = minutes


def percent(right: int, total: int) -> str:
    """A score as a learner expects it: whole percent, halves rounded up."""
    return f"{int(Fraction(100 * right, total) + Fraction(1, 2))}%"


def summary_table(ws: Workshop) -> list[list[str]]:
    """The summary table as a learner reads it: one row of cell texts per module, then the total."""
    soup = BeautifulSoup(ws.table.value, "html.parser")
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in soup.select("tbody tr, tfoot tr")]


# -- setup -------------------------------------------------------------------------------------------
def test_the_setup_panel(bank):
    ws = Workshop(bank)
    modules = bank.content.course.modules
    assert [b.description for b in ws.modules] == [f"Module {m.number}: {m.title}" for m in modules]
    assert all(b.value for b in ws.modules)
    assert ws.count.min == 1 and ws.count.max == pool_size(bank, [m.id for m in modules])[1] and ws.count.value == 10
    assert ws.seed.min == 0 and ws.timer.options == tuple(TIMERS) and ws.timer.value == 0
    assert "same questions" in str([x.value for x in walk(ws.setup) if isinstance(x, w.Label)]).lower()
    assert shown(ws.setup) and not shown(ws.round) and not shown(ws.results)
    assert ws.paper is None and ws.quiz is None and not ws.start.disabled and ws.message.value == ""
    setup(ws, ["themes", "negotiations"])
    total, pool = pool_size(bank, ["themes", "negotiations"])  # a round takes one question of a family
    families = f" ({total} questions, one of each family)" if total > pool else ""
    assert ws.count.max == pool and ws.pool_note.value == f"of {pool} in the ticked modules{families}"


def test_every_input_has_a_label_and_every_button_a_name(bank):
    ws = Workshop(bank)
    setup(ws, minutes=5)
    ws.start.click()
    ws.finish.click()
    for x in walk(ws):
        if isinstance(x, (w.Checkbox, w.BoundedIntText, w.Dropdown, w.Textarea, w.Text, w.RadioButtons)):
            assert x.description.strip(), x
        if isinstance(x, w.Button):
            assert x.description.strip() and x.tooltip, x


@pytest.mark.parametrize("modules, seed, count", [
    (None, 3, 10),
    (["themes"], 0, 5),
    (["work-programme", "negotiations", "structured-discussion"], 17, 12),
    (["jsi-launch", "structured-discussion"], 2, 1),
])
def test_start_draws_the_exports_paper(bank, modules, seed, count):
    ws = Workshop(bank)
    setup(ws, modules, count=count, seed=seed)
    ws.start.click()
    paper = draw(bank, modules, seed=seed, count=count)
    shown_questions = [item.question for item in ws.quiz.items]
    assert [q["id"] for q in shown_questions] == [q["id"] for q in paper.questions]
    assert shown_questions == paper.questions  # option order too: the whole presented form
    assert ws.paper == paper and ws.quiz.quiz.questions == paper.questions
    assert not shown(ws.setup) and shown(ws.round) and not shown(ws.results)
    assert f"Group {seed}" in ws.status.value and not shown(ws.clock) and ws.remaining is None


def test_the_paper_is_the_one_the_cli_exports(bank, tmp_path):
    """`python -m quizzes export json --seed 3 --count 7 --module ...` prints the same paper."""
    out = tmp_path / "paper.json"
    assert quizzes_cli(["export", "json", "--seed", "3", "--count", "7", "--module", "themes",
                        "--module", "work-programme", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))["questions"]
    ws = Workshop(bank)
    setup(ws, ["themes", "work-programme"], count=7, seed=3)
    ws.start.click()
    assert [item.question for item in ws.quiz.items] == exported


def test_quiz_from_paper_keeps_the_papers_order(bank):
    paper = draw(bank, seed=5, count=8)
    quiz = Quiz.from_paper(paper, quiz_id="p", bank=bank)
    assert quiz.questions == paper.questions and quiz.questions is not paper.questions
    assert quiz.title == paper.title and quiz.seed == 5


# -- no module, count bounds: a message, never an exception ----------------------------------------------
def test_no_module_ticked_gives_a_message(bank):
    ws = Workshop(bank)
    setup(ws, [])
    assert ws.start.disabled and "Tick at least one module" in ws.message.value
    assert 'role="status"' in ws.message.value
    ws.start.click()  # a click that reaches Start anyway
    ws.begin()
    assert ws.paper is None and shown(ws.setup) and not shown(ws.round)
    setup(ws, ["jsi-launch"])
    assert not ws.start.disabled and ws.message.value == ""
    ws.start.click()
    assert ws.paper is not None and {q["module"] for q in ws.paper.questions} == {"jsi-launch"}


def test_the_count_is_bounded_by_the_ticked_modules(bank):
    ws = Workshop(bank)
    small = min(bank.content.course.modules, key=lambda m: len(bank.module(m.id)))
    pool = pool_size(bank, [small.id])[1]
    setup(ws, count=pool + 5)
    setup(ws, [small.id])
    assert ws.count.max == pool and ws.count.value == pool
    assert f"lowered from {pool + 5} to {pool}" in ws.message.value
    ws.count.value = 10**6  # typed beyond the pool: the widget keeps it in bounds
    assert ws.count.value == pool
    ws.count.value = 0
    assert ws.count.value == 1
    ws.count.max, ws.count.value = pool + 5, pool + 5  # a stale bound: draw() refuses, said in words
    ws.start.click()
    assert ws.paper is None and "Cannot draw this paper" in ws.message.value and shown(ws.setup)
    ws.count.value = pool
    ws.start.click()
    assert ws.paper.count == pool and ws.message.value == ""


# -- answering, the summary ----------------------------------------------------------------------------
def answer(ws: Workshop) -> list:
    """Right, wrong, invalid (Check on an incomplete answer) and untouched, in turn; the grade() results."""
    expected = []
    for n, item in enumerate(ws.quiz.items):
        q, plan = item.question, n % 4
        response = [correct(q), wrong(q), invalid(q), None][plan]
        if plan == 1 and response is None:  # no wrong answer exists: a right one
            response = correct(q)
        if plan == 3:
            expected.append(None)
            continue
        item.set_response(response)
        item.check.click()
        expected.append(grade(q, item.response()))
        assert item.result == expected[-1]
    return expected


def expected_rows(ws: Workshop, results: list) -> list[dict]:
    rows = []
    for module in ws.paper.modules:
        mine = [r for item, r in zip(ws.quiz.items, results) if item.question["module"] == module["id"]]
        if mine:
            rows.append({"number": module["number"], "title": module["title"], "questions": len(mine),
                         "answered": sum(bool(r and r.valid) for r in mine),
                         "right": sum(bool(r and r.valid and r.correct) for r in mine)})
    return rows


def test_finish_shows_the_summary_grade_gives(bank):
    ws = Workshop(bank)
    setup(ws, ["work-programme", "themes", "structured-discussion"], count=11, seed=3)
    ws.start.click()
    results = answer(ws)
    assert any(r is not None and not r.valid for r in results), "the plan has an invalid answer"
    ws.finish.click()
    assert ws.ended == "finished" and not ws.running and shown(ws.results) and shown(ws.round)
    rows = expected_rows(ws, results)
    assert ws.rows() == rows
    right = sum(r["right"] for r in rows)
    answered = sum(r["answered"] for r in rows)
    assert right == sum(bool(r and r.valid and r.correct) for r in results) and 0 < right < 11
    pct = percent(right, 11)
    table = summary_table(ws)
    assert table[:-1] == [[f"Module {r['number']}: {r['title']}", str(r["questions"]), str(r["answered"]),
                           str(r["right"]), percent(r["right"], r["questions"])] for r in rows]
    assert table[-1] == ["Total", "11", str(answered), str(right), pct]
    caption = BeautifulSoup(ws.table.value, "html.parser").caption.get_text()
    assert caption == f"{NAME}, group 3, 11 questions"
    text = ws.copy_text.value.splitlines()
    assert text[0] == f"{NAME}, group 3, 11 questions"
    assert text[1:-1] == [f"Module {r['number']}: {r['right']}/{r['questions']} right, {r['answered']} answered "
                          f"({r['title']})" for r in rows]
    assert text[-1] == f"Total: {right}/11 ({pct}), {answered} answered"
    assert "Finished" in ws.status.value
    # the copy text is read-only: an edit springs back
    ws.copy_text.value = "Total: 11/11 (100%)"
    assert ws.copy_text.value.splitlines() == text
    # locked: no Check, no Try again, even for a scripted click
    for item in ws.quiz.items:
        assert item.check.disabled and all(c.disabled for c in item.controls) and not shown(item.retry)
    untouched = ws.quiz.items[3]
    untouched.set_response(correct(untouched.question))
    untouched.check.click()
    assert untouched.result is None and ws.rows() == rows


def test_the_timer_counts_down_and_locks_the_quiz_at_zero(bank):
    ws = Workshop(bank)
    setup(ws, count=6, seed=4, minutes=5)
    ws.start.click()
    assert shown(ws.clock) and ws.clock.value == "Time left 05:00" and ws.remaining == 300
    assert ws._handle is None  # no asyncio loop running here: nothing scheduled
    ws.tick()
    assert ws.clock.value == "Time left 04:59"
    ws.tick(298)
    assert ws.clock.value == "Time left 00:01" and ws.running and not shown(ws.results)
    first = ws.quiz.items[0]
    first.set_response(correct(first.question))
    first.check.click()
    ws.tick(0.5)
    assert ws.clock.value == "Time left 00:01"  # part of a second left still shows as a second
    ws.tick(5)
    assert ws.ended == "time" and ws.remaining == 0 and ws.clock.value == "Time is up"
    assert "Time is up" in ws.status.value and shown(ws.results)
    for item in ws.quiz.items:
        assert item.check.disabled and all(c.disabled for c in item.controls) and not shown(item.retry)
    second = ws.quiz.items[1]
    second.set_response(correct(second.question))
    second.check.click()
    assert second.result is None
    assert ws.copy_text.value.splitlines()[-1] == "Time ran out."
    assert summary_table(ws)[-1] == ["Total", "6", "1", "1", "17%"]
    ws.tick(10)  # after the end the clock stays
    assert ws.clock.value == "Time is up"


class FakeLoop:
    """An asyncio loop as far as the timer uses one: time() and call_later()."""

    def __init__(self):
        self.now, self.calls = 100.0, []

    def time(self):
        return self.now

    def call_later(self, delay, callback, *args):
        handle = SimpleNamespace(cancelled=False, delay=delay, run=lambda: callback(*args))
        handle.cancel = lambda: setattr(handle, "cancelled", True)
        self.calls.append(handle)
        return handle


def test_the_clock_is_scheduled_on_the_loop_and_stopped(bank):
    loop = FakeLoop()
    ws = Workshop(bank, loop=loop)
    setup(ws, count=3, minutes=10)
    ws.start.click()
    assert len(loop.calls) == 1 and loop.calls[0].delay == 1
    loop.now += 1.0
    loop.calls[0].run()
    assert ws.clock.value == "Time left 09:59" and len(loop.calls) == 2
    loop.now += 3.0  # a busy kernel runs the tick late: the clock catches up
    loop.calls[1].run()
    assert ws.clock.value == "Time left 09:56"
    ws.finish.click()
    assert loop.calls[-1].cancelled and ws.ended == "finished"
    assert ws.copy_text.value.splitlines()[-1] == "Finished with 09:56 left."
    ws.new_round.click()
    setup(ws, minutes=0)
    ws.start.click()
    assert len(loop.calls) == 3, "no timer: nothing scheduled"


def test_new_round_keeps_the_choices(bank):
    loop = FakeLoop()
    ws = Workshop(bank, loop=loop)
    setup(ws, ["themes", "negotiations"], count=4, seed=9, minutes=15)
    ws.start.click()
    first = [item.question["id"] for item in ws.quiz.items]
    old = ws.quiz
    ws.new_round.click()  # also in the middle of a round
    assert loop.calls[-1].cancelled and not ws.running
    assert shown(ws.setup) and not shown(ws.round) and not shown(ws.results)
    assert [b.value for b in ws.modules] == [m.id in ("themes", "negotiations") for m in bank.content.course.modules]
    assert (ws.count.value, ws.seed.value, ws.timer.value) == (4, 9, 15)
    ws.start.click()
    assert [item.question["id"] for item in ws.quiz.items] == first  # same number, same questions
    assert ws.quiz is not old and old.comm is None  # the old round's widgets are closed
    assert ws.clock.value == "Time left 15:00" and ws.ended is None and not shown(ws.results)


# -- the static book ------------------------------------------------------------------------------------
def test_the_book_bundle_is_deterministic_and_says_what_it_offers(bank):
    one, two = Workshop(bank)._repr_mimebundle_(), Workshop(bank)._repr_mimebundle_()
    assert one == two and set(one) == {"text/html", "text/plain"}  # no kernel: no widget view
    assert len(one["text/plain"]) < 120 and "\n" not in one["text/plain"]
    page = one["text/html"]
    assert "live workshop notebook" in page and "Binder" in page and "Voila" in page
    assert not re.search(r"<(script|style|iframe)\b", page)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("section.course-quiz"), "the book's quizzes are on the module and practice pages"
    assert [li.get_text() for li in soup.select("ul ul li")] == [
        f"Module {m.number}: {m.title} ({len(bank.module(m.id))} questions)" for m in bank.content.course.modules]
    assert soup.find("a", href="practice.html") is not None
    assert all(f"{minutes}" in page for _, minutes in TIMERS if minutes)


def hostile_bank(bank):
    """The bank with markup in every module title (content text is never markup)."""
    course = bank.content.course
    modules = [m.model_copy(update={"title": f"{SCRIPT} {m.title} & <b>"}) for m in course.modules]
    content = copy.copy(bank.content)
    content.course = course.model_copy(update={"modules": modules})
    return Bank(content, bank.questions, bank.where)


def test_content_text_is_escaped_everywhere(bank):
    evil = hostile_bank(bank)
    page = static_html(evil)
    assert SCRIPT not in page and "<b>" not in page and html.escape(SCRIPT) in page
    ws = Workshop(evil)
    assert ws.modules[0].description.startswith(f"Module 1: {SCRIPT}")  # plain text in a label
    setup(ws, [evil.content.course.modules[0].id], count=2)
    ws.start.click()
    assert SCRIPT not in ws.status.value and SCRIPT not in ws.quiz.title.value
    ws.finish.click()
    assert SCRIPT not in ws.table.value and html.escape(SCRIPT) in ws.table.value
    assert summary_table(ws)[0][0].startswith(f"Module 1: {SCRIPT}")


# -- the notebook ----------------------------------------------------------------------------------------
def test_the_workshop_notebook(bank):
    assert WORKSHOP_NOTEBOOK == ROOT / "book" / "workshop.ipynb" and WORKSHOP_NOTEBOOK.is_file()
    nb = nbformat.read(WORKSHOP_NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Workshop\n")
    assert not any(c.cell_type == "markdown" and c.source.lstrip().startswith("# ") for c in nb.cells[1:])
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all("remove-input" in c.metadata.get("tags", []) for c in code)
    assert [(c.cell_type, c.source) for c in nb.cells] == [(c.cell_type, c.source) for c in build_workshop().cells]
    outputs = [o for c in code for o in c.outputs]
    assert all(o.output_type != "error" for o in outputs)
    assert not any(WIDGET_MIME in o.get("data", {}) for o in outputs)
    assert code[-1].outputs[0]["data"]["text/html"] == static_html(bank)


def test_in_a_kernel_the_workshop_is_live_and_its_clock_runs():
    """A real kernel (as Binder, JupyterHub or Voila run it): the widget view comes with the HTML,
    and Start schedules the countdown on the kernel's asyncio loop."""
    from nbclient import NotebookClient

    cells = ["from quizzes.workshop import Workshop\nws = Workshop()\nws",
             "ws.timer.value = 5\nws.start.click()\nimport time\ntime.sleep(2.2)",
             "print(ws.clock.value)"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "book")}}).execute()
    data = nb.cells[0].outputs[0]["data"]
    assert WIDGET_MIME in data and "live workshop notebook" in data["text/html"]
    assert nb.cells[2].outputs[0]["text"].strip() in ("Time left 04:58", "Time left 04:57")
