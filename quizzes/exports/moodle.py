"""Moodle's form of a presented question, shared by the GIFT and the Moodle XML exports.

Where Moodle differs from the book, the difference is made here once, for both formats:

* multiple select: Moodle gives partial credit (each right option 100/k %, each wrong one -100/m %,
  values from Moodle's grade list), where the book marks the question all-or-nothing;
* ordering has no Moodle type: it becomes matching of each item to its position ("1st", "2nd", ...);
* matching: Moodle shows no feedback per pair, so the book's pair feedback joins the general feedback;
* a matching question Moodle's form would refuse (fewer than 2 pairs or 3 answers) raises CannotExport;
* choice questions are shuffled again by Moodle on each attempt (``shuffle``), except those whose options
  are a scale (``ordered``: numbers, years, conferences, stages), which keep their ascending order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from quizzes.core import markdown
from quizzes.present.grade import show_number
from quizzes.present.present import key_ids
from quizzes.present.types import PaperModule, Presented, PresentedNumeric

QTYPES = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse",
          "numeric": "numerical", "matching": "matching", "ordering": "matching"}
# 100/n % for n = 1..10, as Moodle's grade list has them (question_bank::fraction_options_full).
GRADES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571", 8: "12.5",
          9: "11.11111", 10: "10"}


@dataclass
class Answer:
    fraction: str  # percent, as written in the file: "100", "0", "-33.33333"
    text: str  # HTML (choices, feedback), plain ("true", "false") or a number (numerical)
    feedback: str = ""
    tolerance: str = ""


@dataclass
class MoodleQuestion:
    """A question as Moodle holds it: what both Moodle exports write."""

    id: str
    qtype: str  # multichoice, truefalse, numerical, matching
    text: str  # HTML
    general: str  # HTML: explanation (with the pair feedback of matching), then sources
    hint: str = ""  # HTML (Moodle XML only: GIFT has no hints)
    single: bool = True
    shuffle: bool = True  # multichoice: Moodle may shuffle the choices (False: a scale, kept in order)
    answers: list[Answer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (HTML left or "" for a distractor, plain right)
    unit: str | None = None
    note: str = ""  # why the Moodle form differs from the book's (ordering), for a comment


class CannotExport(ValueError):
    """A question Moodle would refuse; the message says why."""


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def category_path(course: str, module: PaperModule) -> str:
    """``$course$/top/<course>/Module N: <title>``, each name escaped as Moodle's assemble_category_path."""
    def name(text: str) -> str:
        text = " ".join(str(text).split()).replace("/", "//")
        return (" " if text.startswith("/") else "") + text + (" " if text.endswith("/") else "")
    return "/".join(["$course$", "top", name(course), name(f"Module {module['number']}: {module['title']}")])


def unit_note(q: PresentedNumeric) -> str:
    """'(Answer as a number of members.)' unless the prompt already names the unit."""
    unit, prompt = q.get("unit"), markdown.plain(q["prompt"]).lower()
    if not unit:
        return ""
    if unit == "%":
        return "" if "percent" in prompt or "%" in prompt else "(Answer as a percentage.)"
    if re.search(rf"(?<!\w){re.escape(unit.lower())}(?!\w)", prompt):
        return ""
    return f"(Answer as a number of {unit}.)"


def _text(text: str) -> str:
    """Plain text (a date, a source's title) as HTML: escaped, never rendered.

    Not kit.esc: text nodes only, so quotes stay as typed (``quote=False``) and no ``&#x27;`` brings a ``#``
    that GIFT must escape; tests/test_export_moodle.py pins this form."""
    return html.escape(str(text), quote=False)


def general_feedback(q: Presented) -> str:
    parts = [markdown.block(q["explanation"])]
    if q["type"] == "matching":
        parts.append("<ul>" + "".join(f"<li>{markdown.inline(q['feedback'][left['id']])}</li>"
                                      for left in q["lefts"]) + "</ul>")
    if q["type"] == "ordering":
        texts = {item["id"]: item["text"] for item in q["items"]}
        parts.append("<p>The order is: " + "; ".join(
            f"{markdown.inline(texts[i])} ({_text(q['dates'][i])})" for i in q["key"]) + ".</p>")
    if q.get("sources"):
        parts.append("<p>Sources: " + "; ".join(
            f"[{s['number']}] {_text(s['short'])} \u2014 {_text(s['title'])}"
            + (f" ({_text(s['url'] or '')})" if s.get("url") else "") for s in q["sources"]) + "</p>")
    return "\n".join(p for p in parts if p)


def moodle_question(q: Presented) -> MoodleQuestion:
    """The Moodle form of a presented question; raises CannotExport when Moodle would refuse it."""
    kind = q["type"]
    m = MoodleQuestion(id=q["id"], qtype=QTYPES[kind], text=markdown.block(q["prompt"]),
                       general=general_feedback(q), hint=markdown.block(q.get("hint")))
    if q["type"] == "single" or q["type"] == "multiple":
        key = key_ids(q)
        m.single = kind == "single"
        m.shuffle = not q.get("ordered")
        right, wrong = len(key), len(q["options"]) - len(key)
        if not m.single and (right not in GRADES or (wrong and wrong not in GRADES)):
            raise CannotExport(f"{right} right and {wrong} wrong options: Moodle's grade list has no "
                               "100/n % for n above 10")
        for option in q["options"]:
            ok = option["id"] in key
            fraction = ("100" if ok else "0") if m.single else (GRADES[right] if ok else "-" + GRADES[wrong])
            m.answers.append(Answer(fraction, markdown.inline(option["text"]), markdown.block(option["feedback"])))
    elif q["type"] == "true-false":
        m.answers = [Answer("100" if q["key"] else "0", "true", markdown.block(q["feedback"]["true"])),
                     Answer("0" if q["key"] else "100", "false", markdown.block(q["feedback"]["false"]))]
    elif q["type"] == "numeric":
        m.unit = markdown.plain(q["unit"]) if q.get("unit") else None  # plain and inert, as Moodle shows it
        note = unit_note(q)
        if note:
            m.text += f"\n<p>{_text(note)}</p>"
        tolerance = show_number(q["tolerance"])
        m.answers = [Answer("100", show_number(q["key"]), "<p>Right.</p>", tolerance)] + [
            Answer("100", show_number(v), f"<p>Accepted: {show_number(v)} is also reported; the figure used "
                   f"here is {show_number(q['key'])}.</p>", tolerance) for v in q.get("variants") or []] + [
            # the usual confusions: no credit, and feedback naming the figure the learner gave
            Answer("0", show_number(miss["value"]), markdown.block(miss["feedback"]), tolerance)
            for miss in q.get("misses") or []]
    elif q["type"] == "matching":
        rights = {r["id"]: markdown.plain(r["text"]) for r in q["rights"]}
        m.pairs = [(markdown.inline(left["text"]), rights[q["key"][left["id"]]]) for left in q["lefts"]]
        m.pairs += [("", text) for rid, text in rights.items() if rid not in q["key"].values()]
    elif q["type"] == "ordering":
        place = {item_id: ordinal(n) for n, item_id in enumerate(q["key"], 1)}
        m.pairs = [(markdown.inline(item["text"]), place[item["id"]]) for item in q["items"]]
        m.note = "ordering exported as matching: each item to its position in the order (1st = first)"
        m.text += f"\n<p>Give each item its position in the order: 1st is first, {ordinal(len(q['key']))} last.</p>"
    if m.qtype == "matching":
        lefts = sum(1 for left, _ in m.pairs if left)
        if lefts < 2 or len(m.pairs) < 3:
            raise CannotExport(f"Moodle matching needs at least 2 pairs and 3 answers "
                               f"(this has {lefts} pair(s), {len(m.pairs)} answer(s))")
        if not all(right for _, right in m.pairs):
            raise CannotExport("a matching answer is empty as plain text, and Moodle needs one for each item")
    return m
