"""Handout export: one self-contained HTML file a trainer prints: the paper, then the answer key.

Self-contained because it is handed around by e-mail or USB stick and printed from any browser:
inline CSS, no script, nothing loaded from another host, system fonts. The paper's letters (A, B,
C...) and numbers are the ones the key uses, so a trainer marks a sheet against the key directly.

Printing gives the paper alone by default: a screen-only checkbox, "Include the answer key when
printing", shows the key in print when ticked (CSS ``:has``, no script), and the key then starts
on a new page, so the pages handed to learners never carry an answer. On screen the key is always
shown, after the questions.

Bank text (prompts, options, units, explanations) becomes markup only through
:mod:`quizzes.markdown` (raw HTML off); every other string goes through ``html.escape``.
"""

from __future__ import annotations

import re
from html import escape

from course.content.model import PartialDate

from quizzes.present.grade import show_number
from quizzes.core.markdown import block, inline
from quizzes.present.draw import Paper

INSTRUCTIONS = {
    "single": "Choose one.",
    "multiple": "Choose all that apply.",
    "true-false": "Tick true or false.",
    "numeric": "Write a number.",
    "ordering": "Write a position in each box: 1 for the first, then 2, 3\u2026 in the order the question asks.",
    "matching": "Write the letter of its match in each blank; a letter may be used more than once, or not at all.",
}
_ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.DOTALL)

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; color: #111; background: #fff; line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: .2rem 0 .8rem; line-height: 1.2; }
h2 { font-size: 1.3rem; }
p { margin: .4rem 0; }
.print-controls { border: 2px dashed #555; border-radius: 6px; padding: .6rem .9rem; margin-bottom: 1.2rem;
  background: #f4f4f4; }
.print-controls label { font-weight: 600; }
.print-controls input { width: 1.1rem; height: 1.1rem; vertical-align: -.15rem; margin-right: .4rem; }
.cover { border-bottom: 2px solid #111; padding-bottom: .8rem; margin-bottom: 1.2rem; }
.course { font-size: 1rem; margin: 0; color: #333; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .6rem 0; }
.cover dt { font-weight: 600; }
.cover dd { margin: 0; }
.cover dd ul { margin: 0; padding-left: 1.1rem; }
.fill-in { display: flex; flex-wrap: wrap; gap: .6rem 2rem; margin-top: 1rem; }
.fill-in span { flex: 1 1 14rem; }
.line { display: inline-block; min-width: 10rem; border-bottom: 1px solid #111; height: 1.1em; vertical-align: baseline; }
.fill-in .line { width: calc(100% - 4rem); }
.question { padding: .5rem 0 .7rem; border-bottom: 1px solid #ccc; }
.q-prompt { font-weight: 600; margin: .2rem 0; }
.q-number { font-weight: 700; }
.q-instructions { font-style: italic; color: #333; font-size: .92rem; margin: .1rem 0 .35rem; }
.choices { list-style: none; margin: 0; padding: 0 0 0 .3rem; }
.choices li { margin: .3rem 0; display: flex; align-items: baseline; gap: .45rem; }
.choice-text { flex: 1; min-width: 0; }
.box { display: inline-block; width: 1em; height: 1em; border: 1.5px solid #111; border-radius: 2px;
  flex: none; align-self: center; }
.box.wide { width: 2.2em; }
.letter { flex: none; min-width: 1.2em; font-weight: 700; }
.blank { flex: none; width: 2.6em; height: 1.2em; border-bottom: 1.5px solid #111; align-self: flex-start; }
.numeric .line { min-width: 12rem; margin-right: .4rem; }
.matching { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1.2rem; }
.column-label { font-size: .9rem; font-weight: 600; margin: .2rem 0 0; }
.answer-key { margin-top: 2rem; border-top: 3px double #111; }
.key-item { padding: .45rem 0 .6rem; border-bottom: 1px solid #ccc; }
.key-line { margin: .1rem 0; }
.key-answer { font-weight: 700; }
.key-detail { list-style: none; margin: .1rem 0 .2rem 1.2rem; padding: 0; }
.key-explanation p { margin: .2rem 0; }
.key-sources { font-size: .88rem; margin: .2rem 0 0; padding-left: 1.2rem; }
.url { overflow-wrap: anywhere; }
.key-id { color: #555; font-size: .8rem; }
@page { margin: 15mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; font-variant-ligatures: none; }
  .screen-only { display: none !important; }
  .question, .key-item, .cover { break-inside: avoid; }
  .question { border-bottom-color: #999; }
  .answer-key { break-before: page; margin-top: 0; border-top: 0; }
  h1, h2 { break-after: avoid; }
  body:has(#include-key:not(:checked)) .answer-key { display: none; }
}
"""


def letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the paper's label of a choice."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(65 + rest) + label
    return label


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def export(paper: Paper) -> tuple[str, list]:
    numbered = list(enumerate(paper.questions, 1))
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(paper.title)} \u2014 {esc(paper.course)}</title>",
        f"<style>{CSS}</style>\n</head>\n<body>",
        _controls(),
        _cover(paper),
        '<main class="paper">',
        *(_question(n, q) for n, q in numbered),
        "</main>",
        '<section class="answer-key" id="answer-key" aria-labelledby="answer-key-title">',
        f'<h2 id="answer-key-title">Answer key</h2>\n<p class="key-intro">{esc(paper.title)}: '
        f"{esc(_seed(paper))}, {paper.count} questions.</p>",
        *(_key(n, q) for n, q in numbered),
        "</section>\n</body>\n</html>\n",
    ]
    return "\n".join(parts), []


def _seed(paper: Paper) -> str:
    """The seed the paper was made with, printed on its cover and above its key, so it can be made again."""
    if paper.seed is None:
        return "bank order, options as given"
    if paper.drawn:
        return f"Seed {paper.seed}"
    return f"Seed {paper.seed}, every question in bank order"


def _controls() -> str:
    return (
        '<div class="print-controls screen-only">'
        "<p>A handout to print. Printing gives the questions alone; the answer key, below the "
        "questions on screen, is left out of print unless you tick this box, and then starts on a new page.</p>"
        '<p><label><input type="checkbox" id="include-key">Include the answer key when printing</label></p>'
        "</div>"
    )


def _cover(paper: Paper) -> str:
    modules = "".join(f"<li>Module {esc(m['number'])}: {esc(m['title'])}</li>" for m in paper.modules)
    seed = _seed(paper)
    return (
        '<header class="cover">'
        f'<p class="course">{esc(paper.course)}</p>'
        f"<h1>{esc(paper.title)}</h1>"
        "<dl>"
        f"<dt>Modules</dt><dd><ul>{modules}</ul></dd>"
        f"<dt>Paper</dt><dd>{esc(seed[0].upper() + seed[1:])}</dd>"
        f"<dt>Questions</dt><dd>{paper.count} questions</dd>"
        f"<dt>Facts</dt><dd>As of {esc(PartialDate(paper.as_of).human())}</dd>"
        "</dl>"
        '<div class="fill-in"><span>Name: <span class="line"></span></span>'
        '<span>Group: <span class="line"></span></span></div>'
        "</header>"
    )


def _numbered_prompt(number: int, prompt: str) -> str:
    """The number and the prompt on one line when the prompt is one paragraph, as it usually is."""
    rendered = block(prompt)
    head = f'<span class="q-number">{number}.</span> '
    single = _ONE_PARAGRAPH.fullmatch(rendered)
    if single:
        return f'<p class="q-prompt">{head}{single.group(1)}</p>'
    return f'<div class="q-prompt">{head}{rendered}</div>'


BOX = '<span class="box"></span>'


def _choice(mark: str, label: str, text_html: str, *, label_first: bool = False) -> str:
    """One row: a box or blank to write in, the choice's letter (or number), its text."""
    label_html = f'<span class="letter">{label}</span> ' if label else ""
    head = label_html + mark if label_first else mark + label_html
    return f'<li>{head}<span class="choice-text">{text_html}</span></li>'


def _question(number: int, q: dict) -> str:
    kind = q["type"]
    body = [
        f'<article class="question" id="q-{number}" data-question-id="{esc(q["id"])}" data-type="{esc(kind)}">',
        _numbered_prompt(number, q["prompt"]),
        f'<p class="q-instructions">{INSTRUCTIONS[kind]}</p>',
    ]
    if kind in ("single", "multiple"):
        rows = "".join(_choice(BOX, letter(i), inline(o["text"])) for i, o in enumerate(q["options"]))
        body.append(f'<ul class="choices">{rows}</ul>')
    elif kind == "true-false":
        body.append(f'<ul class="choices">{_choice(BOX, "", "True")}{_choice(BOX, "", "False")}</ul>')
    elif kind == "numeric":
        unit = f" {inline(q['unit'])}" if q.get("unit") else ""
        body.append(f'<p class="numeric">Answer: <span class="line"></span>{unit}</p>')
    elif kind == "ordering":
        rows = "".join(_choice('<span class="box wide"></span>', letter(i), inline(item["text"]))
                       for i, item in enumerate(q["items"]))
        body.append(f'<ul class="choices">{rows}</ul>')
    elif kind == "matching":
        lefts = "".join(_choice('<span class="blank"></span>', f"{i}.", inline(left["text"]), label_first=True)
                        for i, left in enumerate(q["lefts"], 1))
        rights = "".join(_choice("", letter(i), inline(right["text"])) for i, right in enumerate(q["rights"]))
        body.append(f'<div class="matching"><div><p class="column-label">Items</p><ul class="choices">{lefts}</ul></div>'
                    f'<div><p class="column-label">Choices</p><ul class="choices">{rights}</ul></div></div>')
    else:
        raise ValueError(f"unknown question type {kind!r}")
    body.append("</article>")
    return "\n".join(body)


def key_in_letters(q: dict) -> str:
    """The key as the paper labels it: "B", "A, C", "True", "71", "A 2, B 4, C 1" (each ordering
    item's position), "1 C, 2 A" (each numbered item's letter)."""
    kind = q["type"]
    if kind == "single":
        return next(letter(i) for i, o in enumerate(q["options"]) if o["id"] == q["key"])
    if kind == "multiple":
        return ", ".join(letter(i) for i, o in enumerate(q["options"]) if o["id"] in q["key"])
    if kind == "true-false":
        return "True" if q["key"] else "False"
    if kind == "numeric":
        return show_number(q["key"])
    if kind == "ordering":
        return ", ".join(f"{letter(i)} {q['key'].index(item['id']) + 1}" for i, item in enumerate(q["items"]))
    if kind == "matching":
        rights = [r["id"] for r in q["rights"]]
        return ", ".join(f"{i} {letter(rights.index(q['key'][left['id']]))}" for i, left in enumerate(q["lefts"], 1))
    raise ValueError(f"unknown question type {kind!r}")


def _key_detail(q: dict) -> str:
    """What the letters stand for, so the key can be read without the paper beside it."""
    kind = q["type"]
    if kind in ("single", "multiple"):
        key = {q["key"]} if kind == "single" else set(q["key"])
        rows = [f"<li>{letter(i)}: {inline(o['text'])}</li>" for i, o in enumerate(q["options"]) if o["id"] in key]
    elif kind == "numeric":
        rows = []
        if q.get("tolerance"):
            rows.append(f"<li>Within {esc(show_number(q['tolerance']))} of it is right.</li>")
        for variant in q.get("variants") or []:
            rows.append(f"<li>Also accept {esc(show_number(variant))}: another figure the sources report.</li>")
    elif kind == "ordering":
        letters = {item["id"]: letter(i) for i, item in enumerate(q["items"])}
        texts = {item["id"]: item["text"] for item in q["items"]}
        dates = {i: f" ({inline(d)})" if d else "" for i, d in (q.get("dates") or {}).items()}
        rows = [f"<li>{n}. {letters[i]}: {inline(texts[i])}{dates.get(i, '')}</li>" for n, i in enumerate(q["key"], 1)]
    elif kind == "matching":
        rights = {r["id"]: (letter(i), r["text"]) for i, r in enumerate(q["rights"])}
        rows = [f"<li>{n}. {inline(left['text'])} \u2192 {rights[q['key'][left['id']]][0]}: "
                f"{inline(rights[q['key'][left['id']]][1])}</li>" for n, left in enumerate(q["lefts"], 1)]
    else:
        rows = []
    return f'<ul class="key-detail">{"".join(rows)}</ul>' if rows else ""


def _key(number: int, q: dict) -> str:
    unit = f" {inline(q['unit'])}" if q["type"] == "numeric" and q.get("unit") else ""
    sources = "".join(
        f'<li>[{esc(s["number"])}] {esc(s.get("short") or s.get("author") or "")}: {esc(s.get("title") or "")}'
        + (f' <span class="url">{esc(s["url"])}</span>' if s.get("url") else "") + "</li>"
        for s in q.get("sources") or []
    )
    return (
        f'<div class="key-item" id="key-{number}" data-question-id="{esc(q["id"])}">'
        f'<p class="key-line"><span class="q-number">{number}.</span> '
        f'<span class="key-answer">{esc(key_in_letters(q))}</span>{unit} '
        f'<span class="key-id">({esc(q["id"])})</span></p>'
        f"{_key_detail(q)}"
        f'<div class="key-explanation">{block(q.get("explanation"))}</div>'
        + (f'<p class="column-label">Sources</p><ul class="key-sources">{sources}</ul>' if sources else "")
        + "</div>"
    )
