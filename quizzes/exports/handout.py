"""Handout export: one self-contained HTML file a trainer prints: the paper, then the answer key.

Self-contained because it is handed around by e-mail or USB stick and printed from any browser:
inline CSS, no script, nothing loaded from another host, system fonts. The paper's letters (A, B,
C...) and numbers are the ones the key uses, so a trainer marks a sheet against the key directly.

Printing gives the paper alone by default: a screen-only checkbox, "Include the answer key when
printing", shows the key in print when ticked (CSS ``:has``, no script), and the key then starts
on a new page, so the pages handed to learners never carry an answer. On screen the key is always
shown, after the questions.

The page is rendered from Jinja2 templates in ``quizzes/exports/templates/`` (``handout.html.j2``,
which includes ``question.html.j2`` and ``key.html.j2`` for each question, and inlines ``handout.css``),
with autoescape on and undefined names an error. Bank text (prompts, options, units, dates,
explanations) becomes markup only through :mod:`quizzes.core.markdown` (raw HTML off), whose output
the ``block`` and ``inline`` filters mark safe; every other value is escaped by the autoescape.
This module decides what goes on the page (letters, the key); the templates only lay it out.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from course.content.model import PartialDate
from quizzes.core.markdown import ONE_PARAGRAPH, block, inline
from quizzes.present.draw import Paper, letter, lettered
from quizzes.present.grade import show_number
from quizzes.present.present import key_ids
from quizzes.present.types import Presented

INSTRUCTIONS = {
    "single": "Choose one.",
    "multiple": "Choose all that apply.",
    "true-false": "Tick true or false.",
    "numeric": "Write a number.",
    "ordering": "Write a position in each box: 1 for the first, then 2, 3\u2026 in the order the question asks.",
    "matching": "Write the letter of its match in each blank; a letter may be used more than once, or not at all.",
}


def by_id(choices: list[dict]) -> dict[str, tuple[str, dict]]:
    """Each choice's id -> (its letter, the choice)."""
    return {choice["id"]: (label, choice) for label, choice in lettered(choices)}


def one_paragraph(rendered: Markup) -> Markup | None:
    """The inside of a block of markup that is one paragraph (a prompt usually is), so the question's
    number sits on the prompt's line; None for anything longer."""
    single = ONE_PARAGRAPH.fullmatch(rendered)
    return Markup(single.group(1)) if single else None


def key_in_letters(q: Presented) -> str:
    """The key as the paper labels it: "B", "A, C", "True", "71", "A 2, B 4, C 1" (each ordering
    item's position), "1 C, 2 A" (each numbered item's letter)."""
    kind = q["type"]
    if q["type"] == "single":
        return next(letter(i) for i, o in enumerate(q["options"]) if o["id"] == q["key"])
    if q["type"] == "multiple":
        return ", ".join(letter(i) for i, o in enumerate(q["options"]) if o["id"] in key_ids(q))
    if q["type"] == "true-false":
        return "True" if q["key"] else "False"
    if q["type"] == "numeric":
        return show_number(q["key"])
    if q["type"] == "ordering":
        return ", ".join(f"{letter(i)} {q['key'].index(item['id']) + 1}" for i, item in enumerate(q["items"]))
    if q["type"] == "matching":
        rights = [r["id"] for r in q["rights"]]
        return ", ".join(f"{i} {letter(rights.index(q['key'][left['id']]))}" for i, left in enumerate(q["lefts"], 1))
    raise ValueError(f"unknown question type {kind!r}")


_TEMPLATES = Environment(loader=PackageLoader("quizzes.exports", "templates"), autoescape=True,
                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_TEMPLATES.filters.update(block=lambda text: Markup(block(text)), inline=lambda text: Markup(inline(text)),
                          one_paragraph=one_paragraph)
_TEMPLATES.globals.update(instructions=INSTRUCTIONS, key_ids=key_ids, lettered=lettered, by_id=by_id,
                          show_number=show_number, key_in_letters=key_in_letters)


def export(paper: Paper) -> tuple[str, list]:
    """The handout's HTML page; nothing is skipped (every question type has a paper form)."""
    for q in paper.questions:
        if q["type"] not in INSTRUCTIONS:
            raise ValueError(f"unknown question type {q['type']!r}")
    seed = _seed(paper)
    page = _TEMPLATES.get_template("handout.html.j2").render(
        paper=paper, questions=list(enumerate(paper.questions, 1)), seed=seed,
        seed_sentence=seed[0].upper() + seed[1:], as_of=PartialDate(paper.as_of).human())
    return page, []


def _seed(paper: Paper) -> str:
    """The seed the paper was made with, printed on its cover and above its key, so it can be made again."""
    if paper.seed is None:
        return "bank order, options as given"
    if paper.drawn:
        return f"Seed {paper.seed}"
    return f"Seed {paper.seed}, every question in bank order"
