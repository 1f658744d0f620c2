"""What a learner does with the live widgets, in any Jupyter front end a test opens (JupyterLab with a
server, JupyterLite in the browser, Voila), and what the Python side says they must see.

Each routine plays the round in the page and asserts against the Python grader or ``Workshop`` run
here on the same question or paper, so every front end is held to the same result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from quizzes.core.markdown import plain
from quizzes.present.draw import draw
from quizzes.present.grade import grade
from quizzes.quiz import Quiz, default_bank
from quizzes.workshop import Workshop

from .corpus import ROOT, norm

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - depends on the environment
    expect = None

# The notebook named by the argument is open and its kernel idle (JupyterLab and JupyterLite alike).
NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  const kernel = panel && panel.context && panel.context.path === path && panel.sessionContext
    && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""
# Not awaited (its promise settles only when every cell has run); a failure shows as a console error.
RUN_ALL = ("() => { window.jupyterapp.commands.execute('notebook:run-all-cells')"
           ".catch(e => console.error('run-all failed: ' + e)); }")

STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  const cells = [...document.querySelectorAll('.jp-Cell')].map(c => ({
    prompt: (c.querySelector('.jp-InputPrompt') || {}).textContent,
    outputs: [...c.querySelectorAll('.jp-OutputArea-output')].map(o => o.className + ': '
      + o.innerText.slice(0, 1500)),
  }));
  return {kernel: kernel ? kernel.status : null, cells};
}"""


def what_the_notebook_shows(page, log_path: Path | None = None) -> str:
    """The kernel's status, each cell's prompt and outputs, and a server log's end (for a failure)."""
    try:
        state = json.dumps(page.evaluate(STATE), indent=1, ensure_ascii=False)
    except Exception as error:  # a diagnosis must not hide the failure
        state = f"(page state unavailable: {error})"
    if log_path is None:
        return state
    return f"{state}\n--- server log (end) ---\n{Path(log_path).read_text(errors='replace')[-3000:]}"


@dataclass
class SingleAnswer:
    """The first one-answer question of a module's quiz, as the notebook presents it, and grade()'s
    verdicts on a wrong and the right option."""

    index: int
    total: int
    presented: dict
    wrong: dict
    right: dict

    @classmethod
    def of_notebook(cls, notebook: str, module: str, seed: int) -> SingleAnswer:
        source = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in source["cells"] if c["cell_type"] == "code")
        assert f'Quiz.for_module("{module}", seed={seed})' in code, code
        quiz = Quiz.for_module(module, seed=seed)
        index, presented = next((n, q) for n, q in enumerate(quiz.questions) if q["type"] == "single")
        wrong = next(o for o in presented["options"] if o["id"] != presented["key"])
        right = next(o for o in presented["options"] if o["id"] == presented["key"])
        return cls(index, len(quiz.questions), presented, wrong, right)

    def play(self, widget) -> None:
        """Answer wrongly, try again, answer rightly; each step shows what grade() says."""
        wrong_result, right_result = grade(self.presented, self.wrong["id"]), grade(self.presented, self.right["id"])
        assert wrong_result.valid and not wrong_result.correct
        assert right_result.valid and right_result.correct
        total, presented = self.total, self.presented
        questions = widget.locator(".quiz-question")
        expect(questions).to_have_count(total)
        question = questions.nth(self.index)
        score = widget.get_by_text(re.compile(r"^Score: "))
        expect(score).to_have_text(f"Score: 0 of 0 answered ({total} questions)")

        # it is the question computed here: prompt and options in the same order
        expect(question.locator(".quiz-number")).to_have_text(f"Question {self.index + 1} of {total}")
        assert norm(plain(presented["prompt"])) in norm(question.inner_text())
        radios = question.get_by_role("radio")
        expect(radios).to_have_count(len(presented["options"]))
        labels = [norm(t) for t in question.locator("label:has(input[type=radio])").all_inner_texts()]
        assert labels == [norm(plain(o["text"])) for o in presented["options"]]

        feedback = question.locator(".quiz-verdict")
        explanation = question.locator(".quiz-explanation")
        check = question.get_by_role("button", name="Check")
        retry = question.get_by_role("button", name="Try again")
        expect(retry).to_be_hidden()

        # a wrong answer: grade()'s verdict and feedback, score 0 of 1
        question.get_by_role("radio", name=plain(self.wrong["text"]), exact=True).check()
        check.click()
        expect(feedback).to_be_visible()
        expect(feedback).to_have_class(re.compile(r"\bquiz-wrong\b"))
        paragraphs = [norm(t) for t in feedback.locator(":scope > p").all_inner_texts()]
        assert paragraphs[0] == "✗ Not quite."
        assert paragraphs[1:] == [norm(plain(f)) for f in wrong_result.feedback]
        expect(score).to_have_text(f"Score: 0 of 1 answered ({total} questions)")
        expect(check).to_be_disabled()
        expect(radios.first).to_be_disabled()
        expect(retry).to_be_visible()

        # try again: cleared and unlocked
        retry.click()
        expect(feedback).to_be_hidden()
        expect(explanation).to_be_hidden()
        expect(retry).to_be_hidden()
        expect(check).to_be_enabled()
        expect(score).to_have_text(f"Score: 0 of 0 answered ({total} questions)")
        for n in range(len(presented["options"])):
            expect(radios.nth(n)).not_to_be_checked()

        # the right answer: correct verdict, explanation with its sources, score 1 of 1
        question.get_by_role("radio", name=plain(self.right["text"]), exact=True).check()
        check.click()
        expect(feedback).to_have_class(re.compile(r"\bquiz-correct\b"))
        paragraphs = [norm(t) for t in feedback.locator(":scope > p").all_inner_texts()]
        assert paragraphs == ["✓ Correct."] + [norm(plain(f)) for f in right_result.feedback]
        expect(explanation).to_be_visible()
        shown = norm(explanation.inner_text())
        assert norm(plain(presented["explanation"])) in shown
        sources = "; ".join(f"[{s['number']}] {s.get('short') or s.get('author')}" for s in presented["sources"])
        assert f"Sources: {sources}" in shown, shown
        expect(explanation.get_by_text("Sources:")).to_be_visible()
        expect(score).to_have_text(f"Score: 1 of 1 answered ({total} questions)")
        question.scroll_into_view_if_needed()


@dataclass
class WorkshopRound:
    """A group's round: one module ticked, a count, a group number; the first question answered
    rightly, then Finish. ``expected`` is the summary the same round gives on a ``Workshop`` here."""

    module: str
    count: int
    group: int
    here: Workshop
    first: dict
    right: dict
    expected: str

    @classmethod
    def of_module(cls, module: str, count: int) -> WorkshopRound:
        # a group number whose paper starts with a one-answer question (answered by its label)
        bank = default_bank()
        group = next(s for s in range(1, 200)
                     if draw(bank, [module], seed=s, count=count).questions[0]["type"] == "single")
        here = Workshop()
        for box, module_id in zip(here.modules, here._module_ids):
            box.value = module_id == module
        here.count.value, here.seed.value = count, group
        here.begin()
        first = here.quiz.items[0]
        right = next(o for o in first.question["options"] if o["id"] == first.question["key"])
        first.set_response(right["id"])
        first.check.click()
        here.end("finished")
        expected = here.text()
        assert f"{count} questions" in expected and "1/" in expected
        return cls(module, count, group, here, first.question, right, expected)

    def play(self, workshop) -> None:
        """Play the round in ``workshop`` (the page's ``.course-workshop``) and check its summary."""
        modules = workshop.get_by_role("checkbox")
        expect(modules).to_have_count(len(self.here.modules))
        for n, box in enumerate(self.here.modules):
            target = modules.nth(n)
            (target.check if box.value else target.uncheck)()
        # the kernel has taken the ticks when it shows their pool; only then set the count, so no late reply
        # to a tick can land after it (the count's bound moves with the pool)
        expect(workshop.get_by_text(self.here.pool_note.value, exact=True)).to_be_visible()
        for label, value in (("Questions", self.count), ("Group number", self.group)):
            workshop.get_by_label(label).fill(str(value))
            workshop.get_by_label(label).press("Enter")
        # Start names what it draws from the kernel's values: click it only once it names this count and
        # group (a click is sent at once, a typed number may still be on its way: the widget's race)
        start = workshop.get_by_role("button", name=re.compile(
            rf"^\W*Start \({self.count} questions?, group {self.group}\)$"))
        expect(start).to_be_enabled()
        start.click()

        questions = workshop.locator(".quiz-question")
        expect(questions).to_have_count(self.count)
        question = questions.first
        assert norm(plain(self.first["prompt"])) in norm(question.inner_text())
        question.get_by_role("radio", name=plain(self.right["text"]), exact=True).check()
        question.get_by_role("button", name="Check").click()
        expect(question.locator(".quiz-verdict")).to_have_class(re.compile(r"\bquiz-correct\b"))
        workshop.get_by_role("button", name="Finish").click()

        summary = workshop.get_by_label("Summary to copy")
        expect(summary).to_be_visible()
        assert summary.input_value() == self.expected
        table = workshop.locator("table.workshop-summary")
        expect(table.locator("tfoot")).to_contain_text("Total")
        assert [c.strip() for c in table.locator("tfoot td").all_inner_texts()][:3] == [str(self.count), "1", "1"]
        expect(question.get_by_role("button", name="Check")).to_be_disabled()
