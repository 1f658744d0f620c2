"""The one HTML kit for views of the data: escaping, the ``Html`` fragment Jupyter shows, tables, citations.

Every string from YAML passes through ``html.escape`` once, in :func:`esc`, so no text in ``content/`` can
inject markup. It has no dependency beyond the standard library, so it also runs in the browser's Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from course.content import Content
from course.content.vocab import EVIDENCE_LABELS

REFERENCES_PAGE = "references.html"


class Html(str):
    """A fragment that Jupyter and MyST-NB show as HTML, with a plain-text fallback."""

    def __new__(cls, html: str, plain: str = ""):
        obj = super().__new__(cls, html)
        obj.plain = plain or "(HTML table)"
        return obj

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": str(self), "text/plain": self.plain}


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def table_html(table_id: str, caption: str, headers: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]]) -> Html:
    """``rows`` are (row id, cells); cells are already-escaped HTML."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = []
    count = 0
    for row_id, cells in rows:
        count += 1
        tds = "".join(
            (f'<th scope="row">{c}</th>' if i == 0 else f"<td>{c}</td>") for i, c in enumerate(cells)
        )
        body.append(f'<tr data-id="{esc(row_id)}">{tds}</tr>')
    # The wrapper scrolls sideways when the table is wider than the screen (a phone): it is a
    # focusable region named by the caption, so the keyboard can scroll it too (axe:
    # scrollable-region-focusable).
    caption_id = f"course-table--{esc(table_id)}--caption"
    html = (
        f'<div class="course-table-wrap" role="region" tabindex="0" aria-labelledby="{caption_id}">'
        f'<table class="table course-table" data-table="{esc(table_id)}">'
        f'<caption id="{caption_id}">{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    return Html(html, f"{caption} ({count} rows)")


def source_number(content: Content, source_id: str) -> int:
    return list(content.sources).index(source_id) + 1


def cite(content: Content, fact) -> str:
    """Evidence badge and numbered links to the bibliography, e.g. 'official record [3] [4]'."""
    links = " ".join(
        f'<a class="course-cite" href="{REFERENCES_PAGE}#src-{esc(s)}" '
        f'title="{esc(content.source(s).short or content.source(s).author)}">[{source_number(content, s)}]</a>'
        for s in fact.source
    )
    badge = f'<span class="evidence evidence-{esc(fact.evidence)}">{esc(EVIDENCE_LABELS[fact.evidence])}</span>'
    as_of = f' <span class="as-of">as of {esc(fact.as_of.human())}</span>' if fact.as_of else ""
    return f"{badge}{as_of} {links}"
