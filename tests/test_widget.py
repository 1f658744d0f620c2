"""The live quiz widget (quizzes/views/widget.py), driven as a learner drives it: set the inputs,
click Check, Try again, Previous and Next. Every verdict must be grade()'s, for every question in the
bank; bank text must never become markup; the Quiz's mime bundle must carry the widget view.
"""

from __future__ import annotations

import html
import random

import ipywidgets as w
import pytest
from bs4 import BeautifulSoup

from quizzes.core import markdown
from quizzes.present.grade import grade
from quizzes.quiz import Quiz
from quizzes.views.widget import STYLE, QuestionItem, QuizWidget

from .corpus import HOSTILE, ROOT, SCRIPT
from .quiz_widget import correct, invalid, shown, walk, wrong

KINDS = ["single", "multiple", "true-false", "numeric", "ordering", "matching"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
IMG = HOSTILE[1]


# -- presented questions made by hand (types the bank may not have yet, and hostile text) -------------
def _hand(qid: str, kind: str, prompt: str, **extra) -> dict:
    q = {"id": qid, "module": "test", "type": kind, "prompt": prompt, "hint": f"A hint for {qid}.",
         "explanation": f"Why: the **answer** to {qid}.", "difficulty": "medium", "skill": "recall",
         "objective": "test-objective", "facts": [],
         "sources": [{"id": "src-a", "number": 3, "author": "World Trade Organization",
                      "title": "WTO page", "url": "https://www.wto.org/"},
                     {"id": "src-b", "number": 7, "author": "Asian Trade Centre", "title": "[Slides]", "url": ""}]}
    q.update(extra)
    return q


HAND = {
    "single": _hand("h-single", "single", "Which body adopted the *Work Programme*?", options=[
        {"id": "a", "text": "The *General Council*", "feedback": "Yes: the General Council, 1998."},
        {"id": "b", "text": "The TRIPS Council", "feedback": "Not this one: it only reports."},
        {"id": "c", "text": "The CTD", "feedback": "Not this one: it only reports."}], key="a"),
    "multiple": _hand("h-multiple", "multiple", "Which are JSI themes in the deck?", options=[
        {"id": "a", "text": "Openness", "feedback": "Yes: a theme."},
        {"id": "b", "text": "`Trust`", "feedback": "Yes: a theme."},
        {"id": "c", "text": "Agriculture", "feedback": "Not this one: not an e-commerce theme."},
        {"id": "d", "text": "Fisheries", "feedback": "Not this one: not an e-commerce theme."}], key=["a", "b"]),
    "true-false": _hand("h-tf", "true-false", "True or false: the moratorium was declared at MC2.", hint=None,
                        key=True, feedback={"true": "Yes: MC2, Geneva, 1998.", "false": "It was: MC2, 1998."}),
    "numeric": _hand("h-numeric", "numeric", "How many members joined the 2017 statement?",
                     key=71, tolerance=0, unit="members"),
    "ordering": _hand("h-ordering", "ordering", "Put these in order, earliest first.", items=[
        {"id": "i2", "text": "MC11, Buenos Aires"}, {"id": "i3", "text": "MC12, Geneva"},
        {"id": "i1", "text": "MC2, Geneva"}], key=["i1", "i2", "i3"],
        dates={"i1": "May 1998", "i2": "December 2017", "i3": "June 2022"}),
    "matching": _hand("h-matching", "matching", "Match each topic to its theme.", lefts=[
        {"id": "l1", "text": "**Data flows**"}, {"id": "l2", "text": "Spam"}],
        rights=[{"id": "r1", "text": "Openness"}, {"id": "r2", "text": "Trust"}, {"id": "r3", "text": "Market access"}],
        key={"l1": "r1", "l2": "r2"}, feedback={"l1": "Data flows are under Openness",
                                                "l2": "Spam is under Trust"}),
}


def hand_quiz(questions, *, seed=None, **options) -> Quiz:
    return Quiz.of_presented(list(questions), quiz_id="hand", seed=seed, **options)


def sample(bank, kind: str) -> dict:
    """A question of this type from the real bank, through Quiz.for_module; hand-made if there is none."""
    found = sorted((q for q in bank.questions if q.type == kind), key=lambda q: q.id)
    if not found:
        return HAND[kind]
    quiz = Quiz([found[0]], quiz_id=f"quiz-{found[0].module}", seed=0, bank=bank)
    return quiz.questions[0]


def enter(item: QuestionItem, response) -> None:
    """What a learner does: pick labels, tick boxes, type, choose in dropdowns (not set_response)."""
    q, kind = item.question, item.question["type"]
    if kind == "single":
        if response is None:
            assert item.input.value is None
        else:
            item.input.label = markdown.plain(next(o["text"] for o in q["options"] if o["id"] == response))
    elif kind == "true-false":
        if response is not None:
            item.input.label = "True" if response else "False"
    elif kind == "numeric":
        item.input.value = response
    elif kind == "multiple":
        for option, box in zip(q["options"], item.controls):
            box.value = option["id"] in response
    elif kind == "ordering":
        texts = {i["id"]: markdown.plain(i["text"]) for i in q["items"]}
        for position, item_id in enumerate(response):
            item.controls[position].label = texts[item_id]
    elif kind == "matching":
        texts = {r["id"]: markdown.plain(r["text"]) for r in q["rights"]}
        for left, box in zip(q["lefts"], item.controls):
            if left["id"] in response:
                box.label = texts[response[left["id"]]]


def one_question_widget(q, **options) -> tuple[QuizWidget, QuestionItem]:
    widget = QuizWidget(hand_quiz([q], **options))
    return widget, widget.items[0]


# -- per type, as a learner --------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_a_correct_answer_is_marked_explained_and_scored(bank, kind):
    q = sample(bank, kind)
    widget, item = one_question_widget(q)
    assert widget.points == 0 and widget.progress.value == 0 and not shown(item.explanation)
    enter(item, correct(q))
    item.check.click()
    assert item.result == grade(q, correct(q)) and item.result.correct
    assert shown(item.feedback) and "Correct." in item.feedback.value
    assert shown(item.explanation) and markdown.block(q["explanation"]) in item.explanation.value
    for source in q["sources"]:
        assert html.escape(f"[{source['number']}] {source.get('short') or source['author']}") in item.explanation.value
    assert "Sources: " in item.explanation.value
    assert widget.points == 1 and widget.answered == 1 and widget.progress.value == 1
    assert widget.score.value.startswith("Score: 1 of 1 answered")
    # answered: the inputs are locked until Try again
    assert all(c.disabled for c in item.controls) and item.check.disabled and shown(item.retry)
    assert widget.complete and shown(widget.summary) and "You scored 1 of 1" in widget.summary.value


@pytest.mark.parametrize("kind", KINDS)
def test_a_wrong_answer_gets_grades_feedback(bank, kind):
    q = sample(bank, kind)
    response = wrong(q)
    assert response is not None
    widget, item = one_question_widget(q)
    enter(item, response)
    assert item.response() == grade_form(q, response)
    item.check.click()
    expected = grade(q, response)
    assert item.result == expected and expected.valid and not expected.correct
    assert "Not quite." in item.feedback.value and "Correct." not in item.feedback.value
    assert expected.feedback, "grade() explains a wrong answer"
    for line in expected.feedback:
        assert markdown.block(line) in item.feedback.value
    assert shown(item.explanation)
    assert widget.points == 0 and widget.answered == 1 and widget.progress.value == 1
    assert "You scored 0 of 1" in widget.summary.value


def grade_form(q, response):
    """The response as the widget reports it (multiple: in option order)."""
    if q["type"] == "multiple":
        return [o["id"] for o in q["options"] if o["id"] in response]
    return response


@pytest.mark.parametrize("kind", KINDS)
def test_an_invalid_answer_shows_the_message_keeps_the_input_and_counts_nothing(bank, kind):
    q = sample(bank, kind)
    widget, item = one_question_widget(q)
    enter(item, invalid(q))
    before = item.response()
    item.check.click()
    assert not item.result.valid and item.result == grade(q, before)
    assert shown(item.feedback) and html.escape(item.result.message) in item.feedback.value
    assert not shown(item.explanation) and item.explanation.value == ""
    assert item.response() == before  # kept, to fix
    if kind == "numeric":
        assert item.input.value == "abc"
    assert widget.answered == 0 and widget.points == 0 and widget.progress.value == 0
    assert not any(c.disabled for c in item.controls) and not item.check.disabled and not shown(item.retry)
    assert not shown(widget.summary)
    # fixing it then works
    item.set_response(correct(q))
    item.check.click()
    assert item.result.correct and widget.points == 1


@pytest.mark.parametrize("kind", KINDS)
def test_try_again_clears_the_answer_and_the_verdict(bank, kind):
    q = sample(bank, kind)
    widget, item = one_question_widget(q)
    empty = item.response()
    item.set_response(correct(q))
    item.check.click()
    assert widget.points == 1
    item.retry.click()
    assert item.result is None and item.response() == empty
    assert not shown(item.feedback) and item.feedback.value == ""
    assert not shown(item.explanation) and item.explanation.value == ""
    assert widget.points == 0 and widget.answered == 0 and widget.progress.value == 0
    assert not shown(widget.summary) and widget.score.value.startswith("Score: 0 of 0 answered")
    assert not any(c.disabled for c in item.controls) and not item.check.disabled and not shown(item.retry)
    item.set_response(wrong(q))
    item.check.click()
    assert item.result == grade(q, item.response()) and widget.points == 0 and widget.answered == 1


def test_a_click_on_check_while_answered_changes_nothing():
    widget, item = one_question_widget(HAND["single"])
    item.set_response("a")
    item.check.click()
    item.input.value = "b"  # the radio buttons are disabled; a program could still set them
    item.check.click()
    assert item.result.correct and widget.points == 1


def test_hint_toggles():
    widget, item = one_question_widget(HAND["single"])
    assert item.hint_toggle is not None and not shown(item.hint)
    assert markdown.block(HAND["single"]["hint"]) in item.hint.value
    item.hint_toggle.value = True
    assert shown(item.hint) and item.hint_toggle.description == "Hide hint"
    item.hint_toggle.value = False
    assert not shown(item.hint)
    _, no_hint = one_question_widget(HAND["true-false"])
    assert no_hint.hint_toggle is None and no_hint.hint is None


def test_numeric_shows_the_unit_and_reads_what_was_typed():
    widget, item = one_question_widget(HAND["numeric"])
    assert "members" in item.input.description
    for typed, right in [("71", True), (" 71 members", True), ("72", False), ("7,1", False)]:
        item.input.value = typed
        item.check.click()
        assert item.result == grade(HAND["numeric"], typed) and item.result.correct is right
        item.retry.click()


# -- the whole quiz ----------------------------------------------------------------------------------
def test_progress_score_and_summary_follow_the_answers():
    quiz = hand_quiz(HAND.values())
    widget = QuizWidget(quiz)
    assert widget.total == 6 and widget.progress.max == 6 and not shown(widget.summary)
    plan = [True, False, True, True, False, True]  # right or wrong, question by question
    for n, (item, right) in enumerate(zip(widget.items, plan), 1):
        assert not widget.complete
        item.set_response(correct(item.question) if right else wrong(item.question))
        item.check.click()
        assert widget.progress.value == n and widget.answered == n
        assert widget.points == sum(plan[:n])
        assert widget.score.value.startswith(f"Score: {sum(plan[:n])} of {n} answered")
    assert widget.complete and shown(widget.summary)
    assert "You scored 4 of 6" in widget.summary.value and widget.progress.bar_style == "success"
    widget.items[1].retry.click()
    assert not widget.complete and not shown(widget.summary) and widget.progress.value == 5
    widget.items[1].set_response(correct(widget.items[1].question))
    widget.items[1].check.click()
    assert "You scored 5 of 6" in widget.summary.value


def test_all_at_once_shows_every_question_without_navigation():
    widget = QuizWidget(hand_quiz(HAND.values()))
    assert all(shown(item) for item in widget.items)
    assert widget.previous is None and widget.next is None and widget.position is None


def test_one_at_a_time_shows_one_question_with_previous_and_next():
    widget = QuizWidget(hand_quiz(HAND.values(), one_at_a_time=True))

    def visible():
        return [i for i, item in enumerate(widget.items) if shown(item)]

    assert visible() == [0] and widget.previous.disabled and not widget.next.disabled
    assert widget.position.value == "Question 1 of 6"
    widget.next.click()
    assert visible() == [1] and widget.current == 1 and not widget.previous.disabled
    assert widget.position.value == "Question 2 of 6"
    widget.previous.click()
    assert visible() == [0]
    for _ in range(10):
        widget.next.click()
    assert visible() == [5] and widget.next.disabled and widget.position.value == "Question 6 of 6"
    # answers survive navigation; the summary does not depend on which question is shown
    for item in widget.items:
        item.set_response(correct(item.question))
        item.check.click()
    widget.go(2)
    assert visible() == [2] and widget.items[0].result.correct and shown(widget.summary)
    assert "You scored 6 of 6" in widget.summary.value


def test_the_widget_keeps_the_quizs_seeded_order_and_draws_nothing():
    quiz = hand_quiz(HAND.values(), seed=11)
    random.seed(1)
    first = QuizWidget(quiz)
    random.seed(2)
    second = QuizWidget(quiz)
    assert [i.question["id"] for i in first.items] == [q["id"] for q in quiz.questions]
    for a, b, q in zip(first.items, second.items, quiz.questions):
        assert [getattr(c, "options", None) for c in a.controls] == [getattr(c, "options", None) for c in b.controls]
        assert [c.description for c in a.controls] == [c.description for c in b.controls]
        if q["type"] == "single":
            assert [v for _, v in a.input.options] == [o["id"] for o in q["options"]]


# -- every question in the bank ----------------------------------------------------------------------
def check_every_verdict(quiz: Quiz) -> list[str]:
    widget = QuizWidget(quiz)
    problems = []
    for item in widget.items:
        q = item.question
        for name, response in [("correct", correct(q)), ("wrong", wrong(q))]:
            if response is None:
                continue
            item.set_response(response)
            item.check.click()
            expected = grade(q, response)
            if item.result != expected or expected.correct != (name == "correct") or not expected.valid:
                problems.append(f"{q['id']} {name}: widget {item.result}, grade {expected}")
            missing = [f for f in expected.feedback if markdown.block(f) not in item.feedback.value]
            if missing or not item.feedback.value or not QuestionItem.shown(item.explanation):
                problems.append(f"{q['id']} {name}: feedback {missing} or the explanation not shown")
            item.retry.click()
    return problems


def test_the_widget_verdict_is_grades_for_every_bank_question(bank):
    assert bank.questions, "the bank is empty"
    quiz = Quiz(bank.questions, quiz_id="every-question", seed=5, bank=bank)
    assert check_every_verdict(quiz) == []


def test_module_and_practice_quizzes_build_and_grade(bank):
    modules = [m.id for m in bank.content.course.modules if bank.module(m.id)]
    for module in modules:
        quiz = Quiz.for_module(module, bank=bank, one_at_a_time=True)
        assert check_every_verdict(quiz) == []
    practice = Quiz.practice(bank=bank)
    assert len(QuizWidget(practice).items) == len(practice.questions) > 0
    assert check_every_verdict(practice) == []


def test_the_hand_made_questions_of_every_type_agree_with_grade():
    assert check_every_verdict(hand_quiz(HAND.values(), seed=3)) == []


# -- hostile text, accessibility, layout -------------------------------------------------------------
def hostile_hand_questions() -> list[dict]:
    """``HAND`` with markup and a ``javascript:`` link in its text (not tests/corpus.py's ``hostile_questions``:
    the labels asserted below are ``HAND``'s)."""
    evil = f"Evil {SCRIPT} and {IMG}"
    source = [{"id": "x", "number": 1, "author": f"Author {SCRIPT}", "title": f'Title "{IMG}',
               "url": "javascript:alert(1)"}]
    common = dict(prompt=evil, hint=evil, explanation=evil, sources=source)
    out = []
    for kind, q in HAND.items():
        q = {**q, **common}
        if kind in ("single", "multiple"):
            q["options"] = [{**o, "text": f"{o['text']} {SCRIPT}" if i == 0 else f"{o['text']} {IMG}",
                             "feedback": evil} for i, o in enumerate(q["options"])]
        if kind == "true-false":
            q["feedback"] = {"true": evil, "false": evil}
        if kind == "ordering":
            q["items"] = [{**i, "text": f"{i['text']} {SCRIPT}"} for i in q["items"]]
        if kind == "matching":
            q["lefts"] = [{**left, "text": f"{left['text']} {IMG}"} for left in q["lefts"]]
            q["rights"] = [{**r, "text": f"{r['text']} {SCRIPT}"} for r in q["rights"]]
            q["feedback"] = {k: evil for k in q["feedback"]}
        out.append(q)
    return out


def test_hostile_bank_text_is_escaped_in_html_and_plain_in_labels():
    quiz = hand_quiz(hostile_hand_questions())
    quiz.title = f"Quiz {SCRIPT}"
    widget = QuizWidget(quiz)
    for item in widget.items:
        item.hint_toggle.value = True
        item.set_response(wrong(item.question))  # wrong: every option's feedback can show
        item.check.click()
        assert item.result.valid
    htmls = [x for x in walk(widget) if isinstance(x, w.HTML) and x.value != STYLE]
    assert len(htmls) > 6 * 4
    for x in htmls:
        doc = BeautifulSoup(x.value, "html.parser")
        assert not doc.find_all(["script", "img", "svg", "iframe", "style"]), x.value
        assert not [a for tag in doc.find_all(True) for a in tag.attrs if a.lower().startswith("on")], x.value
        assert "javascript:" not in " ".join(str(t.get("href", "")) for t in doc.find_all("a"))
    text = " ".join(x.value for x in htmls)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "&lt;script&gt;" in widget.title.value
    for item in widget.items:
        assert "&lt;script&gt;" in item.prompt.value and "&lt;img" in item.explanation.value
        assert "&lt;script&gt;" in item.explanation.value  # the source's author
    # labels: plain text (ipywidgets shows them as text): Markdown markup dropped, HTML visible as characters
    single, multiple, _, _, ordering, matching = widget.items
    inert = {SCRIPT: SCRIPT.replace("<", "\uff1c"), IMG: IMG.replace("<", "\uff1c")}
    assert single.input.options[0][0] == f"The General Council {inert[SCRIPT]}"
    assert multiple.controls[1].description == f"Trust {inert[IMG]}"
    assert all(label.endswith(inert[SCRIPT]) for label, _ in ordering.controls[0].options[1:])
    assert matching.controls[0].description == f"Data flows {inert[IMG]}"
    assert all(not c.description_allow_html for c in walk(widget) if hasattr(c, "description_allow_html"))


INPUTS = (w.RadioButtons, w.Checkbox, w.Text, w.Dropdown, w.ToggleButton, w.ToggleButtons, w.IntProgress)


def test_every_input_is_labelled_every_button_has_text_and_nothing_has_a_fixed_width():
    widget = QuizWidget(hand_quiz(HAND.values(), one_at_a_time=True))
    everything = list(walk(widget))
    inputs = [x for x in everything if isinstance(x, INPUTS)]
    assert len(inputs) >= 6
    for x in inputs:
        assert x.description.strip() and x.tooltip and not x.description_allow_html, x
    buttons = [x for x in everything if isinstance(x, w.Button)]
    assert len(buttons) == 2 * 6 + 2
    assert all(b.description.strip() for b in buttons)
    for x in everything:
        for attr in ("width", "min_width", "height"):
            value = getattr(x.layout, attr)
            assert value in (None, "", "auto", "100%"), (x, attr, value)
    assert widget.layout.width == "100%"


# -- the Quiz's mime bundle ----------------------------------------------------------------------------
def test_the_mime_bundle_without_a_kernel(bank, monkeypatch):
    """Outside a kernel ipywidgets still makes the widget, on a DummyComm that reaches no front end:
    the bundle then offers no widget view (it would point at nothing), only text/html and text/plain."""
    made = []
    real_widget = Quiz.widget
    monkeypatch.setattr(Quiz, "widget", lambda self: made.append(real_widget(self)) or made[-1])
    quiz = Quiz.for_module(bank.questions[0].module, bank=bank)
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/html"] and bundle["text/plain"].startswith(quiz.title)
    assert isinstance(made[0], QuizWidget) and type(made[0].comm).__name__ == "DummyComm"
    assert WIDGET_VIEW not in bundle
    # when no widget can be made, the HTML still comes
    monkeypatch.setattr(Quiz, "widget", lambda self: 1 / 0)
    assert set(quiz._repr_mimebundle_()) == {"text/html", "text/plain"}


def test_the_mime_bundle_has_the_static_html(bank):
    quiz = Quiz.for_module(bank.questions[0].module, bank=bank)
    assert "<" in quiz._repr_mimebundle_()["text/html"]


def test_in_a_kernel_the_quiz_displays_as_a_live_widget_with_html_alongside(tmp_path):
    """A real kernel (nbclient, as jupyter-book and nbval run pages): the output has the widget view
    and text/html, and the widget's models reached the front end (the stored widget state)."""
    import nbformat
    from nbclient import NotebookClient

    source = ("from quizzes.quiz import Quiz, default_bank\n"
              + "Quiz.for_module(default_bank().questions[0].module)")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = nb.cells[0].outputs
    assert len(outputs) == 1 and outputs[0].output_type == "execute_result", outputs
    data = outputs[0]["data"]
    assert WIDGET_VIEW in data and "text/html" in data and "text/plain" in data
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    top = state[data[WIDGET_VIEW]["model_id"]]
    assert top["model_name"] == "VBoxModel" and "quiz-widget" in top["state"]["_dom_classes"]


def _sent_nones(monkeypatch) -> list:
    """Every trait a widget sends to the front end as None, from now on (what would be lost)."""
    from ipywidgets.widgets.widget import Widget

    nones, send = [], Widget.send_state

    def spy(self, key=None):
        nones.extend(f"{type(self).__name__}.{k}" for k, v in self.get_state(key=key).items() if v is None)
        return send(self, key)

    monkeypatch.setattr(Widget, "send_state", spy)
    return nones


def test_no_update_after_drawing_sends_none(monkeypatch, bank):
    """JupyterLite's kernel turns None into undefined, which its messages drop: a widget shown again
    would stay hidden, a cleared choice would stay ticked. A learner's every action on every question
    type, and a workshop round, must send no None."""
    from quizzes.workshop import Workshop

    items = [i for m in bank.content.course.modules for i in Quiz.for_module(m.id, bank=bank).widget().items]
    workshop = Workshop()
    nones = _sent_nones(monkeypatch)
    kinds = set()
    for item in items:
        kinds.add(item.question["type"])
        key = item.question.get("key")
        item.set_response(key if key is not None else item.response())
        item.check.click()
        item.retry.click()
        item.check.click()  # an empty answer: the "choose an answer" message
        if item.hint_toggle is not None:
            item.hint_toggle.value = True
            item.hint_toggle.value = False
    assert kinds >= {"single", "true-false", "multiple", "numeric", "ordering", "matching"}, kinds
    workshop.begin()
    workshop.quiz.items[0].check.click()
    workshop.end("finished")
    workshop.back_to_setup()
    assert nones == []
