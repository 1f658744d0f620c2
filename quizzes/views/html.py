"""The static book's quiz: self-contained HTML, checked in the browser by ``quizzes/views/static/quiz.js``.

No kernel and no network: the page loads ``quiz.js`` and ``quiz.css`` once (quizzes.sphinx
registers them) and the script wires up every ``section.course-quiz`` it finds.

Three rules:

- **Deterministic.** The same quiz gives the same bytes: element ids come from the quiz id and the
  question (and option) ids, never from a counter of the process, a clock or a random number. A
  notebook stores this output and nbval compares it strictly.
- **Bank text becomes markup only through** :mod:`quizzes.core.markdown` (markdown-it with raw HTML off):
  prompts, options, feedback, hints, explanations, units, ordering dates. Other strings (the title,
  source authors, ids in attributes) go through :func:`course.render.kit.esc`.
- **The script never turns a string into markup.** Everything it may have to show (each option's
  feedback and text, true/false feedback, the ordering items and their dates, matching feedback) is
  rendered here, into a hidden ``.cq-fragments`` block; quiz.js grades from the JSON data (mirroring
  :mod:`quizzes.present.grade` rule for rule), then builds the feedback from text nodes of its own fixed
  strings and *clones* of those fragments. No ``innerHTML``, no ``eval``.

Progress survives a reload: quiz.js keeps a learner's answers in ``localStorage``, one entry per quiz
and page (the format is described in quiz.js). Each question's fieldset carries a ``data-fingerprint``
(:func:`fingerprint`) that changes when what the question asks or how it is graded changes; a stored
answer with another fingerprint is dropped. The "Reset answers" control (and its inline confirmation:
never a browser dialog) is rendered here, hidden until the script runs.

The grading data is one ``<script type="application/json" class="course-quiz-data">`` per quiz: the
presented questions with their keys (a self-check quiz), escaped so nothing in it can end the script
element (``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\uXXXX``).

Element ids (each ID part is the id itself when it is a bank id, ``[a-z0-9]+(-[a-z0-9]+)*``, else
``_`` and its UTF-8 in hex; so no part contains ``--``, which separates the parts, and the number of
parts and the fixed words tell every kind of id apart: two different ids never give the same element id)::

    cq--QUIZ                              the section (also cq--QUIZ--title, --progress, --summary,
                                          --reset-question)
    cq--QUIZ--q--QUESTION                 a question's fieldset (also --instructions, --items)
    cq--QUIZ--q--QUESTION--opt--OPTION    a radio or checkbox (true-false: opt--true, opt--false)
    cq--QUIZ--q--QUESTION--answer         the numeric input (and the radio or checkbox group's name)
    cq--QUIZ--q--QUESTION--pos--N         the ordering select for position N (from 1)
    cq--QUIZ--q--QUESTION--match--LEFT    the matching select for a left-hand item
    cq--QUIZ--q--QUESTION--feedback       the live feedback region
    cq--QUIZ--q--QUESTION--explanation    the explanation and sources, hidden until answered
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping

from course.render.kit import REFERENCES_PAGE, esc
from quizzes.core.markdown import ONE_PARAGRAPH, block, inline, plain
from quizzes.present.types import Presented, PresentedItem

_BANK_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TYPE_INSTRUCTIONS = {
    "single": "Choose one answer.",
    "multiple": "Choose every answer that applies.",
    "true-false": "Choose true or false.",
    "numeric": "Type a number.",
    "ordering": "Choose an item for each position, earliest first.",
    "matching": "Choose a match for each item.",
}


def id_part(value: object) -> str:
    """A bank id as it is; anything else as ``_`` + UTF-8 hex (so the mapping is one-to-one)."""
    text = str(value)
    return text if _BANK_ID.fullmatch(text) else "_" + text.encode("utf-8").hex()


def script_json(data) -> str:
    """JSON that is safe inside ``<script type="application/json">`` and still parses to ``data``."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


# What a stored answer does not depend on: texts shown only after answering (or beside the question),
# and the bank's own metadata. Every other field, present or future, goes into the fingerprint.
_NOT_FINGERPRINTED = frozenset({"short", "hint", "explanation", "sources", "feedback", "misses", "dates", "module",
                                "difficulty", "skill", "objective", "facts"})
_CHOICES = ("options", "items", "lefts", "rights")


def fingerprint(q: Presented) -> str:
    """A short, deterministic hash of what a presented question asks and how it is graded.

    It covers the id, type, prompt, key, tolerance, unit, variants, and every choice's id and text
    (in id order: the seeded shuffle, which moves when a module gains a question, does not count);
    not the feedback, hint, explanation, sources or dates, which the script shows afresh from the
    page when it re-grades a stored answer. A changed fingerprint makes quiz.js drop the answer.
    """
    data: dict[str, object] = {k: v for k, v in q.items() if k not in _NOT_FINGERPRINTED}
    for name in _CHOICES:
        choices = data.get(name)
        if isinstance(choices, list):
            data[name] = sorted(({"id": c["id"], "text": c["text"]} for c in choices), key=lambda c: str(c["id"]))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# What quiz.js grades from and words its feedback lines with. The prompt, explanation, hint and sources
# are in the page's HTML already (rendered there), and the bank's metadata and the Kahoot short forms
# are read by no script: carried in the data they would double a quiz page's weight for nothing.
PAGE_FIELDS = ("id", "type", "key", "options", "feedback", "tolerance", "unit", "variants", "misses", "items",
               "lefts", "rights", "dates")
OPTION_FIELDS = ("id", "text", "feedback")


def _pick(fields: Mapping[str, object], names: Iterable[str]) -> dict[str, object]:
    """Those of ``names`` that ``fields`` has, in the order of ``names``."""
    return {k: fields[k] for k in names if k in fields}


def page_data(q: Presented) -> dict[str, object]:
    """The question as the page's script needs it (see PAGE_FIELDS)."""
    data = _pick(q, PAGE_FIELDS)
    if q["type"] == "single" or q["type"] == "multiple":  # the types with options
        data["options"] = [_pick(o, OPTION_FIELDS) for o in q["options"]]
    return data


def _prompt(text: str) -> str:
    """A legend holds phrasing content: a one-paragraph prompt goes in as inline HTML; a prompt
    with several blocks (a list, two paragraphs) keeps its blocks, which browsers show correctly."""
    rendered = block(text)
    single = ONE_PARAGRAPH.fullmatch(rendered)
    if single:
        return f'<span class="cq-prompt">{single.group(1)}</span>'
    return f'<span class="cq-prompt cq-prompt-blocks">{rendered}</span>'


class _Ids:
    """The element ids of one question."""

    def __init__(self, quiz_id: str, question_id: str):
        self.base = f"cq--{id_part(quiz_id)}--q--{id_part(question_id)}"

    def __call__(self, *parts: object) -> str:
        return "--".join([self.base, *(id_part(p) if i % 2 else str(p) for i, p in enumerate(parts))])


def render_quiz(quiz) -> str:
    questions = list(quiz.questions)
    total = len(questions)
    root = f"cq--{id_part(quiz.quiz_id)}"
    one = bool(getattr(quiz, "one_at_a_time", False))
    out = [
        f'<section class="course-quiz" id="{root}" data-quiz-id="{esc(quiz.quiz_id)}" '
        f'data-one-at-a-time="{"true" if one else "false"}" aria-labelledby="{root}--title">',
        f'<h3 class="cq-title" id="{root}--title">{esc(quiz.title)}</h3>',
        '<p class="cq-nojs">This quiz checks answers with the book\'s quiz script, which has not run here. '
        "Open the page in the course book, or run it as a notebook in Jupyter.</p>",
        '<div class="cq-progress">'
        f'<span class="cq-progress-text" id="{root}--progress">Answered 0 of {total}</span> '
        f'<progress class="cq-progress-bar" max="{total}" value="0" aria-labelledby="{root}--progress"></progress> '
        f'<span class="cq-score">Score: 0 of {total}</span>'
        "</div>",
    ]
    for number, q in enumerate(questions, 1):
        out.append(_question(quiz.quiz_id, q, number, total))
    if one:  # below the question: after Check, Tab goes from Try again to Next
        out.append(
            f'<div class="cq-nav" hidden><button type="button" class="cq-prev">Previous</button> '
            f'<span class="cq-position" aria-live="polite">Question 1 of {total}</span> '
            f'<button type="button" class="cq-next">Next</button></div>'
        )
    out.append(f'<p class="cq-summary" id="{root}--summary" role="status" aria-live="polite"></p>')
    out.append(_reset(root))
    data = {"quiz_id": quiz.quiz_id, "one_at_a_time": one, "questions": [page_data(q) for q in questions]}
    out.append(f'<script type="application/json" class="course-quiz-data">{script_json(data)}</script>')
    out.append("</section>")
    return "\n".join(out)


def _reset(root: str) -> str:
    """Where the script says whether answers are kept, and the quiz's "Reset answers" control: one
    click shows an inline confirmation (Clear answers / Cancel), never a browser dialog."""
    return (
        '<div class="cq-persist" hidden>'
        '<p class="cq-persist-note"></p>'
        '<div class="cq-reset-controls">'
        '<button type="button" class="cq-reset">Reset answers</button>'
        f'<span class="cq-reset-confirm" role="group" aria-labelledby="{root}--reset-question" hidden>'
        f'<span class="cq-reset-question" id="{root}--reset-question">Clear all your answers to this quiz?</span> '
        '<button type="button" class="cq-reset-yes">Clear answers</button> '
        '<button type="button" class="cq-reset-no">Cancel</button>'
        "</span>"
        '<span class="cq-reset-status" role="status" aria-live="polite"></span>'
        "</div></div>"
    )


def _question(quiz_id: str, q: Presented, number: int, total: int) -> str:
    ids = _Ids(quiz_id, q["id"])
    kind = q["type"]
    parts = [
        f'<fieldset class="cq-question" id="{ids.base}" data-question-id="{esc(q["id"])}" '
        f'data-type="{esc(kind)}" data-fingerprint="{fingerprint(q)}" aria-describedby="{ids.base}--instructions">',
        f'<legend class="cq-legend"><span class="cq-number">Question {number} of {total}</span> '
        f'{_prompt(q["prompt"])}</legend>',
        f'<p class="cq-instructions" id="{ids.base}--instructions">{TYPE_INSTRUCTIONS[kind]}</p>',
        _inputs(q, ids),
    ]
    hint = q.get("hint")
    if hint:
        parts.append(f'<details class="cq-hint"><summary>Hint</summary><div class="cq-hint-body">'
                     f'{block(hint)}</div></details>')
    parts.append(
        '<div class="cq-actions">'
        '<button type="button" class="cq-check">Check</button> '
        '<button type="button" class="cq-retry" hidden>Try again</button>'
        "</div>"
    )
    parts.append(f'<div class="cq-feedback" id="{ids("feedback")}" role="status" aria-live="polite"></div>')
    parts.append(_explanation(q, ids))
    parts.append(_fragments(q))
    parts.append("</fieldset>")
    return "\n".join(parts)


def _choice(ids: _Ids, kind: str, option_id: str, label_html: str) -> str:
    input_id = ids("opt", option_id)
    return (
        f'<div class="cq-option"><input type="{kind}" name="{ids("answer")}" id="{input_id}" '
        f'value="{esc(option_id)}">'
        f'<label for="{input_id}">{label_html}</label></div>'
    )


def _select(select_id: str, label_html: str, choices: list[PresentedItem]) -> str:
    options = "".join(f'<option value="{esc(c["id"])}">{esc(plain(c["text"]))}</option>' for c in choices)
    return (
        f'<div class="cq-row"><label for="{select_id}">{label_html}</label>'
        f'<select id="{select_id}" name="{select_id}"><option value="">Choose\u2026</option>{options}</select></div>'
    )


def _inputs(q: Presented, ids: _Ids) -> str:
    kind = q["type"]
    if q["type"] == "single" or q["type"] == "multiple":
        input_type = "radio" if kind == "single" else "checkbox"
        rows = [_choice(ids, input_type, o["id"], inline(o["text"])) for o in q["options"]]
        return f'<div class="cq-options">{"".join(rows)}</div>'
    if q["type"] == "true-false":
        rows = [_choice(ids, "radio", "true", "True"), _choice(ids, "radio", "false", "False")]
        return f'<div class="cq-options">{"".join(rows)}</div>'
    if q["type"] == "numeric":
        input_id = ids("answer")
        unit = f' <label class="cq-unit" for="{input_id}">{inline(q["unit"])}</label>' if q.get("unit") else ""
        return (
            f'<div class="cq-numeric"><label class="cq-numeric-label" for="{input_id}">Your answer</label> '
            f'<span class="cq-numeric-field"><input type="text" inputmode="decimal" id="{input_id}" '
            f'name="{input_id}" autocomplete="off" spellcheck="false" aria-describedby="{ids("feedback")}">'
            f"{unit}</span></div>"
        )
    if q["type"] == "ordering":
        # the items in full first: a closed <select> cuts a long text short, on a phone especially
        items = "".join(f"<li>{inline(item['text'])}</li>" for item in q["items"])
        rows = [_select(ids("pos", n), f"Position {n}", q["items"]) for n in range(1, len(q["items"]) + 1)]
        return (f'<p class="cq-items-label" id="{ids("items")}">The items:</p>'
                f'<ul class="cq-items" aria-labelledby="{ids("items")}">{items}</ul>'
                f'<div class="cq-selects">{"".join(rows)}</div>')
    if q["type"] == "matching":
        rows = [_select(ids("match", left["id"]), inline(left["text"]), q["rights"]) for left in q["lefts"]]
        return f'<div class="cq-selects">{"".join(rows)}</div>'
    raise ValueError(f"unknown question type {kind!r}")


def _explanation(q: Presented, ids: _Ids) -> str:
    sources = ""
    if q.get("sources"):
        links = "; ".join(
            f'<a href="{REFERENCES_PAGE}#src-{esc(s["id"])}" title="{esc(s.get("title") or "")}">'
            f'[{esc(s["number"])}] {esc(s.get("short") or s["author"])}</a>'
            for s in q["sources"]
        )
        sources = f'<p class="cq-sources">Sources: {links}</p>'
    return (
        f'<div class="cq-explanation" id="{ids("explanation")}" hidden>'
        f'<p class="cq-explanation-label">Explanation</p>{block(q["explanation"])}{sources}</div>'
    )


def _fragments(q: Presented) -> str:
    """What quiz.js may show as feedback, rendered here; it clones these, by ``data-fragment``."""
    pieces: list[tuple[str, str]] = []
    if q["type"] == "single" or q["type"] == "multiple":
        for o in q["options"]:
            pieces.append((f"option-feedback:{o['id']}", o["feedback"]))
            pieces.append((f"option-text:{o['id']}", o["text"]))
    elif q["type"] == "true-false":
        pieces += [("feedback:true", q["feedback"]["true"]), ("feedback:false", q["feedback"]["false"])]
    elif q["type"] == "ordering":
        for item in q["items"]:
            pieces.append((f"item-text:{item['id']}", item["text"]))
            pieces.append((f"item-date:{item['id']}", q["dates"][item["id"]]))
    elif q["type"] == "matching":
        for left, text in q["feedback"].items():
            pieces.append((f"match-feedback:{left}", text))
    elif q["type"] == "numeric":
        for miss in q.get("misses") or []:  # keyed as quiz.js writes the number: String(76) is "76"
            pieces.append((f"miss:{miss['value']:g}", miss["feedback"]))
    if not pieces:
        return ""
    spans = "".join(f'<span data-fragment="{esc(key)}">{inline(text)}</span>' for key, text in pieces)
    return f'<div class="cq-fragments" hidden>{spans}</div>'
