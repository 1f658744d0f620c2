"""The ``{fact}`` role and the ``course-glossary`` directive.

* ``{fact}`id``` / ``{fact}`id.field``` prints a value from ``content/`` in prose, so a page never
  retypes a date, a count or a symbol. An unknown id or field is a build warning (an error under -W).
  A whole sentence of the record (``.text``, ``.summary``) carries its sources, numbered as on the
  references page.
* ``course-glossary`` is a Sphinx glossary built from the ``term`` facts; ``{term}`` roles link to its
  entries.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from course.content import Content
from course.content.model import Conference, Count, ListFact, Term
from course.content.vocab import EVIDENCE_LABELS
from course.render.kit import REFERENCES_PAGE
from course.sphinx.env import course_env

logger = logging.getLogger(__name__)


def fact_text(content: Content, spec: str) -> str:
    """The words for ``id`` or ``id.field``; raises ValueError with a reason a writer can act on."""
    ident, _, field = spec.strip().partition(".")
    if ident == "course" and field in ("as_of", "title"):
        return content.course.as_of.human() if field == "as_of" else content.course.title
    if ident in content.items:
        fact, item = content.items[ident]
        if field not in ("", "text"):
            raise ValueError(f"list items have only .text, not .{field}")
        return content.item_text(item)
    if ident not in content.facts:
        raise ValueError(f"unknown fact id {ident!r}")
    fact = content.facts[ident]
    if not field:
        if hasattr(fact, "when"):
            return fact.when()
        if isinstance(fact, Count):
            return fact.human()
        if isinstance(fact, ListFact):
            return _join([content.item_text(i) for i in fact.items])
        return content.label(fact)
    if field == "date" and getattr(fact, "date", None):
        return fact.date.human()
    if field == "as_of" and fact.as_of:
        return fact.as_of.human()
    if field == "year" and getattr(fact, "date", None):
        return str(fact.date.year)
    if field == "value" and isinstance(fact, Count):
        return f"{fact.value:g}"
    if field == "count" and isinstance(fact, ListFact):
        return str(len(fact.items))
    if field == "quote" and getattr(fact, "quote", None):
        return f"\u201c{fact.quote}\u201d"
    if field == "short" and isinstance(fact, Conference):
        return fact.short
    if field == "label":
        return content.label(fact)
    value = getattr(fact, field, None)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and field != "id":
        return str(value)
    raise ValueError(f"fact {ident!r} (a {fact.kind}) has no printable field {field!r}")


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class FactRole(SphinxRole):
    def run(self):
        content = course_env(self.env).course_content
        ident = self.text.strip().partition(".")[0]
        if ident in content.file_of:  # the page now depends on the file this fact lives in
            self.env.note_dependency(str(content.file_of[ident]))
        try:
            text = fact_text(content, self.text)
        except ValueError as exc:
            logger.warning("{fact}`%s`: %s", self.text, exc, location=self.get_location(), type="course",
                           subtype="fact")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        field = self.text.strip().partition(".")[2]
        # a whole sentence dropped into prose (a statement's text, an event's summary): tests check
        # that it starts a sentence, so it never follows a colon or runs on from lower-case words
        sentence = field in ("text", "summary")
        classes = ["course-fact"] + (["course-fact-sentence"] if sentence else [])
        result = [nodes.inline(text, text, classes=classes)]
        if sentence:  # a sentence of the record carries its sources, numbered as on the references page
            result.append(_citations(self.env, content, content.facts[ident]))
        return result, []


def _citations(env, content: Content, fact, prefix: str = "", classes: tuple = ("course-fact-cite",)) -> nodes.Node:
    """Links to the bibliography entries of the fact's sources (" [3] [7]"), numbered as the references
    page numbers them: after a sentence of the record in prose, and after a glossary definition."""
    cites = nodes.inline("", prefix, classes=list(classes))
    for source_id in fact.source:
        env.note_dependency(str(content.file_of[source_id]))
        number = list(content.sources).index(source_id) + 1
        source = content.sources[source_id]
        cites += nodes.Text(" ")
        cites += nodes.reference("", f"[{number}]", refuri=f"{REFERENCES_PAGE}#src-{source_id}",
                                 reftitle=source.short or source.author, classes=["course-cite"])
    return cites


# -- the glossary -------------------------------------------------------------------------------
class CourseGlossary(SphinxDirective):
    """A Sphinx glossary built from the ``term`` facts; ``{term}`` roles link to its entries."""

    has_content = False

    def run(self):
        content = course_env(self.env).course_content
        terms = sorted(content.of_kind(Term), key=lambda t: t.term.lower())
        for term in terms[:1]:
            self.env.note_dependency(str(content.file_of[term.id]))
        node = addnodes.glossary()
        node.document = self.state.document
        node["sorted"] = False  # already sorted here, case-blind
        items = []
        for term in terms:
            labels = [term.term] + ([term.short] if term.short else [])
            termnodes = [
                make_glossary_term(self.env, [nodes.Text(label)], None, self.env.docname, self.lineno,
                                   node_id=None, document=self.state.document)
                for label in labels
            ]
            para = nodes.paragraph()
            para += nodes.Text(term.definition + " ")
            para += _citations(self.env, content, term, prefix="Sources:", classes=("course-term-source",))
            # The entry's evidence, as on the pages: a definition that states a secondary-only fact says so.
            para += nodes.Text(" ")
            para += nodes.inline("", EVIDENCE_LABELS[term.evidence], classes=["evidence", f"evidence-{term.evidence}"])
            items.append(nodes.definition_list_item("", *termnodes, nodes.definition("", para),
                                                    ids=[f"term-id-{term.id}"]))
        dlist = nodes.definition_list("", *items, classes=["glossary"])
        node += dlist
        return [node]
