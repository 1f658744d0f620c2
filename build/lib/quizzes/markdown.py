"""Safe Markdown for text from the bank: markdown-it-py with raw HTML turned off.

Every renderer and export that shows a prompt, an option, feedback, a hint or an explanation goes
through here, so ``<script>`` or ``<img onerror=...>`` in the YAML is shown as text and runs nothing.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark without html; links are kept but javascript: and data: URLs are refused by
    # markdown-it's validateLink; tables and strikethrough are handy in explanations.
    # Images are off: a remote image would load from another host, and the book works offline.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    ).disable("image")


def block(text: str | None) -> str:
    """Markdown paragraphs to HTML."""
    return _md().render(text or "").strip()


def inline(text: str | None) -> str:
    """One line of Markdown to inline HTML (no <p>), for option texts and titles."""
    return _md().renderInline(text or "").strip()


def plain(text: str | None) -> str:
    """The text without Markdown markup, for places that take no HTML (exports, plain text)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", inline(text)))
