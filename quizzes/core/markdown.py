"""Safe Markdown for text from the bank: markdown-it-py with raw HTML turned off.

Every renderer and export that shows a prompt, an option, feedback, a hint or an explanation goes
through here, so ``<script>`` or ``<img onerror=...>`` in the YAML is shown as text and runs nothing.

**Bounded cost, whatever reaches it.** markdown-it-py is pinned at 3.0 (Jupyter Book 1's myst-parser 3
needs ~=3.0), whose two token-joining rules are quadratic: ``fragments_join`` (inline) grows each
text token of a run by the whole run so far and keeps every intermediate string, and ``text_join``
(core) copies the run so far on each join. A run of unmatched emphasis delimiters (``a_a_a_…``,
``**a **a …``) or of escapes makes one token per character, so 60,000 characters took 1.8 GB and
120,000 took 7 GB. Both rules are replaced here by linear ones that make the same tokens (the same
HTML, byte for byte: tests/test_markdown_bounds.py checks every text of the real bank). As a backstop
for any other superlinear path, a text longer than :data:`MAX_MARKDOWN` characters is not read as
Markdown: it is shown escaped, as plain paragraphs. The validator refuses far shorter fields
(quizzes/core/model.py), so only text from Python callers can be that long.

**Plain text stays inert.** :func:`plain` is for places that take no HTML (Kahoot cells, Moodle's
matching answers, widget labels); some of them may still be shown as HTML by the program that reads
them, so a ``<`` that would open a tag there (``<script>``, ``</b>``, ``<!--``) becomes the full-width
``＜``: the text reads the same and no markup can come back out of it.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Longer texts are shown escaped, not parsed: 2.5 times the longest field the validator accepts
# (an explanation, 4,000 characters), and cheap for markdown-it whatever the text (the worst case
# at this length, a run of emphasis delimiters, took 0.1 s and 90 MB before the linear joins).
MAX_MARKDOWN = 10_000


def _fragments_join(state) -> None:
    """markdown-it's ``fragments_join`` in linear time: recompute the levels after emphasis, and
    merge each run of adjacent text tokens into its last token (as the original does), joining the
    run's contents once instead of growing a string token by token."""
    tokens = state.tokens
    kept, run, level = [], [], 0
    for i, token in enumerate(tokens):
        if token.nesting < 0:
            level -= 1  # closing tag
        token.level = level
        if token.nesting > 0:
            level += 1  # opening tag
        if token.type == "text":
            run.append(token.content)
            if i + 1 < len(tokens) and tokens[i + 1].type == "text":
                continue  # merged into the next one
            if len(run) > 1:
                token.content = "".join(run)
            run = []
        kept.append(token)
    tokens[:] = kept


def _text_join(state) -> None:
    """markdown-it's ``text_join`` in linear time: escapes (``text_special``) become text, and each
    run of adjacent text tokens is merged into its first token, joined once."""
    for inline_token in state.tokens:
        if inline_token.type != "inline":
            continue
        joined: list[Token] = []
        run: list[str] = []
        for child in inline_token.children or []:
            if child.type == "text_special":
                child.type = "text"
            if child.type == "text" and joined and joined[-1].type == "text":
                run.append(child.content)
                continue
            if len(run) > 1:
                joined[-1].content = "".join(run)
            joined.append(child)
            run = [child.content] if child.type == "text" else []
        if len(run) > 1:
            joined[-1].content = "".join(run)
        inline_token.children = joined


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark without html; links are kept but javascript: and data: URLs are refused by
    # markdown-it's validateLink; tables and strikethrough are handy in explanations.
    # Images are off: a remote image would load from another host, and the book works offline.
    # Reference definitions ("[a]: url" lines) are off: a field is one short text that writes its
    # links inline, and markdown-it 3.0 scans every later line for each definition (quadratic: 10,000
    # characters of definitions took 14 s).
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    ).disable(["image", "reference"])
    md.inline.ruler2.at("fragments_join", _fragments_join)
    md.core.ruler.at("text_join", _text_join)
    return md


def _escaped_block(text: str) -> str:
    """A text too long to parse, as markdown-it would show it if it had no markup: escaped paragraphs."""
    paragraphs = (p.strip() for p in re.split(r"\n[ \t]*\n", text))
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def block(text: str | None) -> str:
    """Markdown paragraphs to HTML."""
    text = text or ""
    if len(text) > MAX_MARKDOWN:
        return _escaped_block(text)
    return _md().render(text).strip()


# :func:`block`'s output when it is one paragraph and nothing else: group 1 is the paragraph's inline HTML.
ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.DOTALL)


def inline(text: str | None) -> str:
    """One line of Markdown to inline HTML (no <p>), for option texts and titles."""
    text = text or ""
    if len(text) > MAX_MARKDOWN:
        return html.escape(text.strip(), quote=False)
    return _md().renderInline(text).strip()


# A "<" that opens markup in HTML: a tag (<b, </b), a comment or declaration (<!), a processing
# instruction (<?). Any other "<" (a < b, <5) is text in HTML too.
_MARKUP_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def plain(text: str | None) -> str:
    """The text without Markdown markup, for places that take no HTML (exports, plain text); a
    ``<`` that would open a tag is the full-width ``＜``, so the text is inert even where it is
    later read as HTML."""
    words = html.unescape(re.sub(r"<[^>]+>", "", inline(text)))
    return _MARKUP_OPEN.sub("\uff1c", words)
