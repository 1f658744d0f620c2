"""The Sphinx extensions (course.sphinx, quizzes.sphinx) in this process, on a tiny book: no jupyter-book,
no kernel, a few seconds.

The book (tests/sphinx_books/course/: five short MyST pages, read by MyST-NB with execution off) uses
the repository's real content/ and question bank. Checked here:

* the ``{fact}`` role prints a fact's words; a sentence of the record carries its citations, numbered
  as the references page numbers them; an unknown fact or field is a warning located at its line;
* the ``course-glossary`` directive lists every term (and its short form), sorted case-blind, each
  with its sources and its evidence badge; ``{term}`` links to it;
* what a page depends on (its declared reads, the file of each fact it prints, the pages' code), and
  the hidden fingerprint cell of a text notebook, which changes exactly when those inputs do;
* the bank's table (``quiz-bank-table``), and the trainer's ready-made files, as the exports make
  them, and not made again when nothing changed;
* a content or bank problem stops the build with its located lines.

The whole book's build (tests/test_build.py, tests/test_record.py, tests/test_trainer_book.py) checks the
same on the real pages, with their code run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from course.content.model import Term
from course.content.vocab import EVIDENCE_LABELS
from course.render.kit import REFERENCES_PAGE
from course.sphinx import FINGERPRINT_CODE, code_closure, fact_text, keyed_source
from quizzes.exports import export
from quizzes.present.draw import draw
from quizzes.sphinx.trainer import TRAINER_DIR, trainer_files

from .corpus import BANK_CASES, CONTENT, CONTENT_CASES, check_bank_table

BOOK = Path(__file__).resolve().parent / "sphinx_books" / "course"
COLOURS = re.compile(r"\x1b\[[0-9;]*m")
PLAIN_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
FINGERPRINT = re.compile(r"COURSE_CONTENT_FINGERPRINT = '([0-9a-f]{16})'")
ENV = ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")  # course.sphinx sets the first for the pages' kernels


@pytest.fixture(scope="module")
def kept_environ():
    """The build sets COURSE_CONTENT_DIR (for the pages' kernels): put it back as it was."""
    saved = {name: os.environ.get(name) for name in ENV}
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def make_app(builddir: Path, **overrides) -> SphinxTestApp:
    return SphinxTestApp("html", srcdir=BOOK, builddir=builddir, confoverrides=overrides)


@pytest.fixture(scope="module")
def built(tmp_path_factory, kept_environ):
    """The book built once: (the app, the source of each page as Sphinx parsed it)."""
    app = make_app(tmp_path_factory.mktemp("sphinx-book"))
    sources: dict[str, str] = {}
    app.connect("source-read", lambda _app, docname, source: sources.__setitem__(docname, source[0]),
                priority=900)  # after course.sphinx's handler (500) has keyed the page
    try:
        app.build()
        yield app, sources
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def app(built):
    return built[0]


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def warnings(app) -> list[str]:
    return [line for line in COLOURS.sub("", app.warning.getvalue()).splitlines() if line.strip()]


# -- the build ----------------------------------------------------------------------------------------
def test_the_book_builds_with_exactly_the_authors_mistakes_as_warnings(app):
    mistakes = str(BOOK / "mistakes.md")
    assert warnings(app) == [
        f"{mistakes}: WARNING: course.reads names files that do not exist: no-such-file",
        f"{mistakes}:8: WARNING: {{fact}}`no-such-fact`: unknown fact id 'no-such-fact'",
        f"{mistakes}:10: WARNING: {{fact}}`mc2.colour`: fact 'mc2' (a conference) has no printable field 'colour'",
    ]


def test_the_build_reads_the_real_content_and_bank(app, content, bank):
    assert Path(app.env.course_folder).resolve() == CONTENT.resolve()
    assert os.environ["COURSE_CONTENT_DIR"] == str(CONTENT.resolve())  # what the pages' kernels read
    assert [q.id for q in app.env.quiz_bank.questions] == [q.id for q in bank.questions]
    assert set(app.env.course_content.facts) == set(content.facts)


# -- {fact} -------------------------------------------------------------------------------------------
def test_fact_prints_the_facts_words(app, content):
    spans = page(app, "index").select("span.course-fact")
    specs = re.findall(r"\{fact\}`([^`]+)`", (BOOK / "index.md").read_text(encoding="utf-8"))
    assert [s.get_text() for s in spans] == [fact_text(content, spec) for spec in specs]
    assert spans[0].get_text() == "Geneva" and spans[1].get_text() == "MC2"  # mc2.place, mc2.short
    assert spans[3].get_text() == content.course.as_of.human()


def test_a_sentence_of_the_record_carries_its_sources(app, content):
    sentence = page(app, "index").select_one("span.course-fact-sentence")
    assert sentence.get_text() == fact_text(content, "consensus-rule.text")
    cite = sentence.find_next_sibling("span")
    assert "course-fact-cite" in cite["class"]
    numbers = list(content.sources)
    assert [(a.get_text(), a["href"], a["title"]) for a in cite.select("a.course-cite")] == [
        (f"[{numbers.index(s) + 1}]", f"{REFERENCES_PAGE}#src-{s}",
         content.sources[s].short or content.sources[s].author)
        for s in content.facts["consensus-rule"].source]
    assert page(app, "index").select("span.course-fact-cite") == [cite]  # only a whole sentence is cited


def test_an_unknown_fact_or_field_is_shown_as_a_problem(app):
    problems = [p.get_text() for p in page(app, "mistakes").select(".problematic")]
    assert [re.sub(r"^\W*fact\W*`", "", p) for p in problems] == ["no-such-fact`", "mc2.colour`"]
    assert not page(app, "mistakes").select("span.course-fact")


# -- the glossary -------------------------------------------------------------------------------------
def test_the_glossary_lists_every_term_with_its_sources_and_evidence(app, content):
    glossary = page(app, "glossary")
    for link in glossary.select("dl.glossary dt a.headerlink"):
        link.decompose()
    terms = sorted(content.of_kind(Term), key=lambda t: t.term.lower())  # case-blind
    entries = [(e.name, e.get_text(" ", strip=True)) for e in glossary.select("dl.glossary > dt, dl.glossary > dd")]
    assert [(name, text if name == "dt" else None) for name, text in entries] == [
        item for t in terms for item in [("dt", t.term), *([("dt", t.short)] if t.short else []), ("dd", None)]]
    definitions = glossary.select("dl.glossary > dd")
    numbers = list(content.sources)
    for term, dd in zip(terms, definitions, strict=True):
        shown = dd.get_text(" ", strip=True).translate(PLAIN_QUOTES)  # Sphinx's smart quotes, undone
        assert shown.startswith(" ".join(term.definition.split())), term.id
        badge = dd.select("span.evidence")
        assert [(b["class"], b.get_text()) for b in badge] == [
            (["evidence", f"evidence-{term.evidence}"], EVIDENCE_LABELS[term.evidence])], term.id
        assert dd.select_one("span.course-term-source").get_text(" ", strip=True).startswith("Sources:")
        assert [a["href"] for a in dd.select("a.course-cite")] == [f"{REFERENCES_PAGE}#src-{s}" for s in term.source]
        assert [a.get_text() for a in dd.select("a.course-cite")] == [f"[{numbers.index(s) + 1}]" for s in term.source]


def test_term_links_to_its_glossary_entry(app):
    links = [a for a in page(app, "index").select("a.reference.internal") if "glossary.html#term-" in a["href"]]
    assert [a.get_text() for a in links] == ["Ministerial Conference"]
    target = links[0]["href"].split("#", 1)[1]
    assert page(app, "glossary").find(id=target).name == "dt"


# -- what a page depends on, and the fingerprint cell ----------------------------------------------------
def depends(app, docname: str) -> set[Path]:
    return {Path(app.srcdir, d).resolve() for d in app.env.dependencies[docname]}


def test_a_page_depends_on_what_it_declares_and_the_facts_it_prints(app, content):
    files = {p.stem: p.resolve() for p in CONTENT.glob("*.yml")}
    notebook = depends(app, "notebook")
    assert {p for p in notebook if p.suffix == ".yml"} == {files["course"], files["sources"], files["03-themes"]}
    assert {p for p in notebook if p.suffix == ".py"} == set()  # its cells import none of the project's code
    index = depends(app, "index")  # declares nothing: every content file, and each printed fact's file
    assert set(files.values()) <= index
    assert {p.resolve() for p in code_closure(["course.sphinx"])} <= index  # the code of its {fact} roles
    assert content.file_of["consensus-rule"].resolve() in index
    assert files["glossary"] in depends(app, "glossary")


def test_a_text_notebook_gets_the_hidden_fingerprint_cell(built):
    _, sources = built
    cells = FINGERPRINT.findall(sources["notebook"])
    assert len(cells) == 1 and sources["notebook"].rstrip().endswith("```")
    assert ":tags: [remove-cell]" in sources["notebook"].split("# A text notebook")[1]
    for plain in ("index", "glossary", "bank", "mistakes"):  # not notebooks: left as written
        assert "COURSE_CONTENT_FINGERPRINT" not in sources[plain], plain
        assert sources[plain] == (BOOK / f"{plain}.md").read_text(encoding="utf-8")


def test_the_fingerprint_changes_exactly_when_what_the_page_reads_changes(app, tmp_path, monkeypatch):
    copy = shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.setattr(app.env, "course_folder", copy)
    text = (BOOK / "notebook.md").read_text(encoding="utf-8")

    def key() -> str:
        return FINGERPRINT.findall(keyed_source(app, text)[0])[0]

    first = key()
    assert key() == first
    with (copy / "04-negotiations.yml").open("a", encoding="utf-8") as f:
        f.write("# an edit to a file the page does not read\n")
    assert key() == first
    for name in ("03-themes", "course", "sources"):  # what it declares, and what every page reads
        with (copy / f"{name}.yml").open("a", encoding="utf-8") as f:
            f.write("# an edit\n")
        changed = key()
        assert changed != first, name
        first = changed


def test_an_ipynb_page_gets_the_same_cell_in_its_json(app):
    nb = {"cells": [{"cell_type": "code", "source": "1 + 1", "metadata": {}, "outputs": [], "execution_count": None}],
          "metadata": {"course": {"reads": ["03-themes"]}}, "nbformat": 4, "nbformat_minor": 5}
    keyed, _ = keyed_source(app, json.dumps(nb))
    cells = json.loads(keyed)["cells"]
    assert len(cells) == 2 and cells[-1]["metadata"] == {"tags": ["remove-cell"]}
    same_reads = FINGERPRINT.findall(keyed_source(app, (BOOK / "notebook.md").read_text(encoding="utf-8"))[0])[0]
    assert cells[-1]["source"] == FINGERPRINT_CODE.format(fingerprint=same_reads)  # the same inputs, the same key


# -- quizzes.sphinx: the bank's table and the trainer's files -------------------------------------------
def test_the_bank_table_counts_the_bank(app, bank):
    """As tests/test_trainer_book.py checks the trainer's guide, here without building the book."""
    check_bank_table(page(app, "bank").find("table", attrs={"data-table": "trainer-bank"}), bank)


def sheet_rows(data: bytes) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(BytesIO(data)).worksheets[0].iter_rows(values_only=True)]


def test_the_trainers_files_are_the_exports(app, bank):
    folder = Path(app.outdir) / TRAINER_DIR
    files = trainer_files(bank)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*files, ".inputs"])
    for name, (fmt, args) in files.items():
        paper = draw(bank, args.get("modules"), seed=args.get("seed"), count=args.get("count"))
        data = export(fmt, paper)[0]
        if fmt == "kahoot":  # a workbook carries its save time: its rows are compared
            assert sheet_rows((folder / name).read_bytes()) == sheet_rows(data), name
        else:
            assert (folder / name).read_bytes() == (data if isinstance(data, bytes) else data.encode("utf-8")), name


def test_the_trainers_files_are_made_again_only_when_needed(app):
    folder = Path(app.outdir) / TRAINER_DIR
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    app.emit("build-finished", None)  # nothing changed: nothing written
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    (folder / "all-modules.gift").unlink()
    app.emit("build-finished", None)  # a file missing: all made again
    assert (folder / "all-modules.gift").is_file()
    assert (folder / ".inputs").stat().st_mtime_ns != before[".inputs"]


# -- problems stop the build ----------------------------------------------------------------------------
def test_a_content_problem_stops_the_build_with_its_located_lines(tmp_path, monkeypatch, kept_environ):
    name = "unknown-source"
    monkeypatch.chdir(CONTENT_CASES.folder)
    with pytest.raises(ExtensionError) as info:
        make_app(tmp_path, course_content_dir=str(CONTENT_CASES.folder / name))
    assert str(info.value).splitlines()[1:] == CONTENT_CASES.expected_lines(name)
    assert "content/ has problems:" in str(info.value).splitlines()[0]


def test_a_bank_problem_stops_the_build_with_its_located_lines(tmp_path, monkeypatch, kept_environ):
    name = "duplicate-id"
    monkeypatch.chdir(BANK_CASES.folder)
    monkeypatch.setenv("QUIZ_BANK_DIR", name)
    with pytest.raises(ExtensionError) as info:
        make_app(tmp_path)
    assert str(info.value).splitlines()[1:] == BANK_CASES.expected_lines(name)
    assert "the question bank has problems:" in str(info.value).splitlines()[0]
