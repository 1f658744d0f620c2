"""Sphinx glue: the ``{fact}`` role, the ``course-glossary`` directive, and fresh pages.

* ``{fact}`id``` / ``{fact}`id.field``` prints a value from ``content/`` in prose, so a page never
  retypes a date, a count or a symbol. An unknown id or field is a build warning (an error under -W).
* Staleness: jupyter-cache keys a notebook on its code, not on the YAML (or the renderers) its code
  reads. A page declares the content files its code reads (front matter ``course: reads: [...]``;
  course.yml and sources.yml always count; undeclared means all). Sphinx re-reads the page when one
  of those, a file whose fact a ``{fact}`` role prints, or this package changes; and a text notebook
  gets a hidden last cell holding a fingerprint of its inputs, so its cache key changes exactly when
  its tables can. ``tests/test_pages.py`` checks the declarations against what the code really reads.
* The content is loaded and checked once per build; a content problem stops the build, listed as
  ``FILE:LINE: ID: message``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from course.content import Content
from course.content.load import content_files, load
from course.content.model import Conference, Count, ListFact, Term
from course.problems import ProblemsFound
from course.content.vocab import EVIDENCE_LABELS
from course.render.kit import REFERENCES_PAGE

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
FINGERPRINT_CODE = (
    "# Added at build time by course.sphinx_ext: a fingerprint of the data this page reads and of the\n"
    "# code that renders it, so that jupyter-cache re-executes this page whenever either changes.\n"
    "COURSE_CONTENT_FINGERPRINT = {fingerprint!r}\n"
)
FINGERPRINT_CELL = "\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n" + FINGERPRINT_CODE + "```\n"
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
ALWAYS_READ = ("course", "sources")  # every page shows objectives and citations
COURSE = Path(__file__).resolve().parents[1]
PACKAGE_FILES = sorted([*COURSE.glob("*.py"), *(COURSE / "content").rglob("*.py"), *(COURSE / "render").rglob("*.py")])  # the code the pages call
TEXT_NOTEBOOK = re.compile(r"\A---\s*\n(?:.*\n)*?(?:jupytext|kernelspec):", re.MULTILINE)


def _content(app: Sphinx) -> Content:
    return app.env.course_content  # type: ignore[attr-defined]


def load_content(app: Sphinx) -> None:
    folder = Path(app.srcdir) / app.config.course_content_dir
    try:
        app.env.course_content = load(folder)  # type: ignore[attr-defined]
    except ProblemsFound as exc:
        raise ExtensionError("content/ has problems:\n" + "\n".join(map(str, exc.problems))) from None
    app.env.course_folder = folder  # type: ignore[attr-defined]
    # The pages' kernels inherit this, so a book copied elsewhere (tests, benchmarks) reads its own data.
    os.environ["COURSE_CONTENT_DIR"] = str(folder.resolve())


def _digest(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _ipynb(source: str) -> dict | None:
    """The notebook, when a page's source is an .ipynb (JSON), else None."""
    if not source.lstrip().startswith("{"):
        return None
    try:
        nb = json.loads(source)
    except ValueError:
        return None
    return nb if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else None


def page_reads(source: str) -> list[str] | None:
    """The content files a page's code declares it reads (front matter ``course: reads: [...]``, or
    for an .ipynb page the same in the notebook's metadata)."""
    nb = _ipynb(source)
    if nb is not None:
        reads = ((nb.get("metadata") or {}).get("course") or {}).get("reads")
        return list(reads) if isinstance(reads, list) else None
    match = FRONT_MATTER.match(source)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return None
    reads = (meta.get("course") or {}).get("reads") if isinstance(meta, dict) else None
    return list(reads) if isinstance(reads, list) else None


def read_path(app: Sphinx, name: str) -> Path:
    """A declared read: ``01-work-programme`` is content/01-work-programme.yml; ``bank/NAME`` is a
    question-bank file (in ``course_bank_dir``, set by the quizzes extension)."""
    if name.startswith("bank/") and app.config.course_bank_dir:
        return Path(app.config.course_bank_dir) / f"{name.removeprefix('bank/')}.yml"
    return app.env.course_folder / f"{name}.yml"  # type: ignore[attr-defined]


def code_files(app: Sphinx) -> list[Path]:
    """The code the pages call: this package, and any folder another extension adds."""
    extra = [p for folder in app.config.course_code_dirs for p in sorted(Path(folder).rglob("*.py"))]
    return PACKAGE_FILES + extra


def keyed_source(app: Sphinx, text: str, docname: str = "") -> tuple[str, list[Path]]:
    """The page's source as Sphinx will parse it (a text notebook or an .ipynb gets the hidden
    fingerprint cell), and the files it depends on.

    A page depends on the pages' code, on course.yml and sources.yml, and on the files its code
    declares it reads (all content files when it declares nothing). ``course.prefetch`` calls this
    too, so the notebook it executes ahead is the one myst-nb will look up in the cache.
    """
    folder: Path = app.env.course_folder  # type: ignore[attr-defined]
    declared = page_reads(text)
    if declared is None:
        inputs = content_files(folder)
    else:
        paths = {name: read_path(app, name) for name in [*ALWAYS_READ, *declared]}
        unknown = [name for name, path in paths.items() if not path.is_file()]
        if unknown and docname:
            logger.warning("course.reads names files that do not exist: %s", ", ".join(unknown),
                           location=docname, type="course", subtype="reads")
        inputs = [path for path in paths.values() if path.is_file()]
    depends = inputs + code_files(app)
    fingerprint = _digest(depends)
    nb = _ipynb(text)
    if nb is not None:  # an .ipynb page: the same hidden cell, added to the notebook's JSON
        nb["cells"].append({
            "cell_type": "code", "execution_count": None, "id": "course-fingerprint",
            "metadata": {"tags": ["remove-cell"]}, "outputs": [],
            "source": FINGERPRINT_CODE.format(fingerprint=fingerprint),
        })
        text = json.dumps(nb, ensure_ascii=False)
    elif TEXT_NOTEBOOK.match(text):
        text = text.rstrip("\n") + FINGERPRINT_CELL.format(fingerprint=fingerprint)
    return text, depends


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Declare what the page depends on, and key a text notebook's execution on it, so an edit to
    one file re-reads, and re-executes, only the pages it can change; ``{fact}`` adds the file of
    each fact it prints."""
    source[0], depends = keyed_source(app, source[0], docname)
    for path in depends:
        app.env.note_dependency(str(path))


# -- {fact} ---------------------------------------------------------------------------------------
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
        content = _content(self.env.app)
        ident = self.text.strip().partition(".")[0]
        if ident in content.file_of:  # the page now depends on the file this fact lives in
            self.env.note_dependency(str(content.file_of[ident]))
        try:
            text = fact_text(content, self.text)
        except ValueError as exc:
            logger.warning("{fact}`%s`: %s", self.text, exc, location=self.get_location(), type="course", subtype="fact")
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
        content = _content(self.env.app)
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


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_content_dir", "content", "env")
    app.add_config_value("course_bank_dir", "", "env")  # set by quizzes.sphinx_ext
    app.add_config_value("course_code_dirs", [], "env")  # more code the pages call (quizzes/)
    app.connect("builder-inited", load_content)
    app.connect("source-read", on_source_read)
    app.add_role("fact", FactRole())
    app.add_directive("course-glossary", CourseGlossary)
    app.connect("config-inited", _static)
    app.add_css_file("course.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _static(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))
