"""Moodle XML export: the paper as Moodle's question import reads it (question/format/xml/format.php).

The mapping to Moodle's types is shared with the GIFT export (``moodle.moodle_question``): multiple select
gives partial credit in Moodle (all-or-nothing in the book), ordering becomes matching of each item to
its position, matching pair feedback joins the general feedback. What XML adds over GIFT: the
question's ``<idnumber>`` (its id, so a re-import is recognisable), hints, numerical units, and
``<shuffleanswers>`` per question: 1 for a choice question (its options are already shuffled with the
paper's seed, printed in the file's comment; Moodle shuffles again per attempt when the quiz allows it),
0 when its options are a scale (numbers, years, conferences, stages), which stays in ascending order.

Built with ElementTree, so every text is escaped by the serializer; texts are the safe HTML of
``quizzes.core.markdown`` (format="html") and the plain right-hand side of matching. Characters XML 1.0
cannot hold (C0 controls but tab and newlines) are dropped, or the file would not parse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from quizzes.exports.moodle import CannotExport, MoodleQuestion, category_path, moodle_question
from quizzes.present.draw import Paper

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = _clean(text)
    return element


def _text(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    """``<tag ...><text>text</text></tag>``, Moodle's shape for every text field."""
    element = _sub(parent, tag, **attrib)
    _sub(element, "text", text)
    return element


def _category(quiz: ET.Element, path: str) -> None:
    question = _sub(quiz, "question", type="category")
    _text(question, "category", path)


def _answer(question: ET.Element, fraction: str, text: str, feedback: str, *, answer_format: str | None,
            tolerance: str | None = None) -> None:
    attrib = {"fraction": fraction} | ({"format": answer_format} if answer_format else {})
    answer = _text(question, "answer", text, **attrib)
    _text(answer, "feedback", feedback, format="html")
    if tolerance is not None:
        _sub(answer, "tolerance", tolerance)


def _question(quiz: ET.Element, m: MoodleQuestion) -> None:
    question = _sub(quiz, "question", type=m.qtype)
    _text(question, "name", m.id)
    _text(question, "questiontext", m.text, format="html")
    _text(question, "generalfeedback", m.general, format="html")
    _sub(question, "defaultgrade", "1")
    # Moodle's own true/false form and GIFT import fix the penalty at 1 (two choices: a retry is a giveaway)
    _sub(question, "penalty", "1" if m.qtype == "truefalse" else "0.3333333")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", m.id)
    if m.qtype == "multichoice":
        _sub(question, "single", "true" if m.single else "false")
        _sub(question, "shuffleanswers", "1" if m.shuffle else "0")
        _sub(question, "answernumbering", "abc")
        for a in m.answers:
            _answer(question, a.fraction, a.text, a.feedback, answer_format="html")
    elif m.qtype == "truefalse":
        for a in m.answers:  # "true" then "false": Moodle matches them by this text
            _answer(question, a.fraction, a.text, a.feedback, answer_format=None)
    elif m.qtype == "numerical":
        for a in m.answers:
            _answer(question, a.fraction, a.text, a.feedback, answer_format=None, tolerance=a.tolerance)
        if m.unit:
            unit = _sub(_sub(question, "units"), "unit")
            _sub(unit, "multiplier", "1")
            _sub(unit, "unit_name", m.unit)
            _sub(question, "unitgradingtype", "0")  # the unit is optional: "71" and "71 members" both count
            _sub(question, "unitpenalty", "0.1000000")
            _sub(question, "showunits", "0")  # typed in the answer box, after the number
            _sub(question, "unitsleft", "0")
    elif m.qtype == "matching":
        _sub(question, "shuffleanswers", "0")  # Moodle always shuffles the choices; the stems keep the paper's order
        for left, right in m.pairs:  # a distractor is a choice with no stem
            subquestion = _text(question, "subquestion", left, format="html")
            _text(subquestion, "answer", right)
    if m.hint:
        _text(question, "hint", m.hint, format="html")


def _comment(text: str) -> ET.Element[Any]:  # an Element whose tag is the Comment factory
    """An XML comment cannot hold "--" (nor end in "-"): runs of hyphens become one."""
    return ET.Comment(" " + re.sub(r"-{2,}", "-", " ".join(_clean(text).split())).rstrip("-") + " ")


def export(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    quiz = ET.Element("quiz")
    quiz.append(_comment(f"{paper.course}: {paper.title}"))
    quiz.append(_comment(f"Moodle XML: {paper.describe()}; facts as of {paper.as_of}. Seed: "
                         f"{paper.seed if paper.seed is not None else 'none'} ({paper.shuffle_note()}; Moodle "
                         "may shuffle choices again, except where shuffleanswers is 0). Import: Question bank > "
                         "Import > Moodle XML format, with Get category from file ticked (one category per "
                         "module). Multiple-select questions give partial credit in Moodle (all-or-nothing "
                         "in the book); ordering questions are matching questions here."))
    skipped: list[tuple[str, str]] = []
    for module, questions in paper.by_module():
        forms = []
        for q in questions:
            try:
                forms.append(moodle_question(q))
            except CannotExport as exc:
                skipped.append((q["id"], str(exc)))
        if forms:
            _category(quiz, category_path(paper.course, module))
        for m in forms:
            _question(quiz, m)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n", skipped
