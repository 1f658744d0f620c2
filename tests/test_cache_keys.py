"""The pages' execution keys follow the code they run and the facts they read, and nothing else.

A page's key (the fingerprint course.sphinx writes into its hidden last cell, which jupyter-cache keys
its execution on) covers the project's code its cells import, as an import closure read from the source,
and the content it declares it reads: a whole file, or of a file declared ``{file: [ids]}`` only its
outline and those facts. So an edit to an exporter or a lint rule re-runs no page, an edit to the
presented form re-runs the pages that show a quiz, and an edit to one fact re-runs the pages that read
it. Checked here without a build: ``keyed_source`` is called on every page of book/ with a stub app,
on temporary copies of the code and of content/ that the tests edit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import course.sphinx
import quizzes.sphinx
from course.content.index import Content
from course.content.model import Count, Term
from course.sphinx import code_closure, keyed_source, page_modules
from quizzes.core import generate
from quizzes.core.load import default_bank_dir
from quizzes.core.model import Generate
from quizzes.sphinx.bank import TEMPLATE_KINDS, template_kinds
from quizzes.sphinx.trainer import trainer_code

from .corpus import CONTENT, ROOT

PAGES = sorted([*(ROOT / "book").glob("*.md"), *(ROOT / "book").glob("*.ipynb")])
FINGERPRINT = re.compile(r"COURSE_CONTENT_FINGERPRINT = '([0-9a-f]{16})'")
QUIZ_PAGES = {"01-work-programme", "02-jsi-launch", "03-themes", "04-negotiations", "05-structured-discussion",
              "practice", "workshop"}
TABLE_PAGES = {"01-work-programme", "02-jsi-launch", "03-themes", "04-negotiations", "05-structured-discussion",
               "deck-and-record", "intro", "references", "timeline"}  # their cells import course.render


@pytest.fixture(scope="module")
def code_copy(tmp_path_factory) -> Path:
    """A copy of the project's packages (made once: each test edits a file of its own, and compares
    the keys before and after)."""
    root = tmp_path_factory.mktemp("code")
    for package in ("course", "quizzes"):
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__", "bank", "static"))
    return root


@pytest.fixture
def code(code_copy, monkeypatch) -> Path:
    """The keys computed from the copy of the code."""
    monkeypatch.setattr(course.sphinx.closure, "CODE_ROOT", code_copy)
    return code_copy


@pytest.fixture
def app(tmp_path, bank):
    """What keyed_source reads of Sphinx's app, on a copy of content/ (the real bank's files)."""
    content = shutil.copytree(CONTENT, tmp_path / "content")
    env = SimpleNamespace(course_folder=content, course_template_kinds=template_kinds(bank))
    config = SimpleNamespace(course_bank_dir=str(default_bank_dir()),
                             course_markup_code={**course.sphinx.MARKUP_CODE, **quizzes.sphinx.MARKUP_CODE})
    return SimpleNamespace(env=env, config=config)


def keys(app) -> dict[str, str]:
    """Each notebook page's execution key."""
    found = {}
    for page in PAGES:
        keyed, _ = keyed_source(app, page.read_text(encoding="utf-8"), page.stem)
        if match := FINGERPRINT.search(keyed):
            found[page.stem] = match.group(1)
    return found


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {page for page in before if before[page] != after[page]}


def edit(path: Path, line: str = "\n# an edit\n") -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line)


# -- code ----------------------------------------------------------------------------------------------
def test_every_page_with_code_has_a_key(app, code):
    assert set(keys(app)) == QUIZ_PAGES | TABLE_PAGES


def test_the_pages_import_what_the_closure_starts_from():
    modules = {page.stem: set(page_modules(page.read_text(encoding="utf-8"))) for page in PAGES}
    assert {"course", "course.render", "quizzes.quiz"} <= modules["01-work-programme"]
    assert "course.timeline" in modules["timeline"]
    assert "quizzes.workshop" in modules["workshop"]
    assert modules["glossary"] == modules["trainers-guide"] == set()  # no code cells: directives only


@pytest.mark.parametrize("module", ["quizzes/exports/gift.py", "quizzes/exports/kahoot.py", "quizzes/lint/rules.py",
                                    "quizzes/lint/__init__.py", "quizzes/__main__.py", "quizzes/report.py"])
def test_an_exporter_or_the_linter_re_runs_no_page(app, code, module):
    before = keys(app)
    edit(code / module)
    assert changed(before, keys(app)) == set()
    for page in PAGES:  # nor is any page read again for it, but the trainer's guide for the Kahoot fit
        _, depends = keyed_source(app, page.read_text(encoding="utf-8"))
        if not (page.stem == "trainers-guide" and module.endswith("kahoot.py")):
            assert code / module not in depends, page.stem


def test_the_presented_form_re_runs_the_quiz_pages(app, code):
    before = keys(app)
    edit(code / "quizzes/present/present.py")
    assert changed(before, keys(app)) == QUIZ_PAGES


def test_the_tables_re_run_the_pages_that_render_them(app, code):
    """course.render's tables: the pages that import course.render, and the quiz pages, whose HTML kit
    (course.render.kit) runs the package's __init__, which imports the tables."""
    before = keys(app)
    edit(code / "course/render/tables.py")
    assert changed(before, keys(app)) == TABLE_PAGES | QUIZ_PAGES


def test_the_timeline_module_re_runs_the_timeline_only(app, code):
    before = keys(app)
    edit(code / "course/timeline.py")
    assert changed(before, keys(app)) == {"timeline"}


def test_a_directive_s_code_re_reads_its_page(app, code):
    """The trainer's guide runs no kernel; its bank table is made in Sphinx's process: it is read again."""
    page = ROOT / "book" / "trainers-guide.md"
    _, depends = keyed_source(app, page.read_text(encoding="utf-8"))
    assert code / "quizzes" / "guide.py" in depends
    assert code / "quizzes" / "present" / "present.py" in depends
    assert code / "quizzes" / "lint" / "rules.py" not in depends


def test_the_closure_follows_function_level_imports(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("def f():\n    from pkg import b\n    import json\n")
    (tmp_path / "pkg" / "b.py").write_text("from .c import x\n")
    (tmp_path / "pkg" / "c.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "d.py").write_text("")
    found = {p.name for p in code_closure(["pkg.a"], tmp_path)}
    assert found == {"__init__.py", "a.py", "b.py", "c.py"}


def test_the_trainer_files_follow_the_exporters_not_the_linter():
    used = {p.relative_to(ROOT).as_posix() for p in trainer_code()}
    assert {"quizzes/exports/gift.py", "quizzes/exports/moodle_xml.py", "quizzes/exports/kahoot.py",
            "quizzes/exports/handout.py", "quizzes/present/present.py", "quizzes/present/draw.py"} <= used
    assert not any(p.startswith(("quizzes/lint/", "quizzes/views/")) for p in used)
    assert "quizzes/__main__.py" not in used


# -- content -------------------------------------------------------------------------------------------
def declaring(name: str, fact_id: str | None = None) -> set[str]:
    """The pages that declare they read the file ``name`` (with ``fact_id``: whole, or that fact of it)."""
    found = set()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        partly = course.sphinx.page_read_facts(text)
        if name in (course.sphinx.page_reads(text) or []) and (fact_id is None or name not in partly
                                                              or fact_id in partly[name]):
            found.add(page.stem)
    return found


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_to_one_fact_re_runs_the_pages_that_read_it(app, code):
    before = keys(app)
    replace(app.env.course_folder / "02-jsi-launch.yml", "trade-related aspects of electronic commerce.\n",
            "trade-related aspects of electronic commerce. An edit.\n")  # jsi-statement-2017's summary
    assert changed(before, keys(app)) == {"02-jsi-launch", "practice", "timeline"}
    assert declaring("02-jsi-launch", "jsi-statement-2017") == {"02-jsi-launch", "practice", "timeline",
                                                                "trainers-guide"}  # no kernel: read again


def test_a_comment_re_runs_only_the_pages_that_read_the_whole_file(app, code):
    before = keys(app)
    edit(app.env.course_folder / "02-jsi-launch.yml")
    assert changed(before, keys(app)) == {"02-jsi-launch"}


def test_a_fact_added_re_runs_every_page_that_reads_the_file(app, code):
    """A page that lists the facts of a kind (the timeline's events) would show it: the file's outline changed."""
    before = keys(app)
    edit(app.env.course_folder / "02-jsi-launch.yml",
         "  - id: added-statement\n    kind: statement\n    text: An added statement.\n"
         "    source: [wto-news-2017-12-13]\n    evidence: official\n")
    reading = declaring("02-jsi-launch") & set(before)
    assert changed(before, keys(app)) == reading
    assert {"01-work-programme", "04-negotiations", "timeline", "practice"} <= reading


def test_a_count_re_runs_the_pages_whose_templates_choose_among_counts(app, code):
    """count-value (module 4's bank) words a numeric question's misses from every count of the course:
    a page that shows module 4's questions (the practice test and the workshop draw from every module)
    depends on every count, read by its code or not, in whichever file."""
    before = keys(app)
    replace(app.env.course_folder / "02-jsi-launch.yml", "    note: Some sources count 70.\n",
            "    note: Some sources count 70; an edit.\n")  # jsi-2017-members
    assert not {"practice", "workshop"} & declaring("02-jsi-launch", "jsi-2017-members")
    assert changed(before, keys(app)) == {"02-jsi-launch", "04-negotiations", "practice", "workshop"}


@pytest.mark.parametrize("template", sorted(generate.TEMPLATES))
def test_each_template_reads_only_the_kinds_it_is_keyed_on(template, content, monkeypatch):
    """quizzes.sphinx.bank.TEMPLATE_KINDS: what each template chooses among. A template that looked at a fact
    of another kind could change its questions when that fact changes, re-running no page."""
    kinds = {"term": Term, "count": Count}
    assert template in TEMPLATE_KINDS
    read: set[str] = set()
    look_up = Content._read
    monkeypatch.setattr(Content, "_read", lambda self, ident: (read.add(ident), look_up(self, ident))[1])
    for module in content.course.modules:
        generate.run(content, module.id, Generate(template=template))
    facts = [content.facts[i] for i in sorted(read) if i in content.facts]
    assert facts, template
    assert all(isinstance(f, tuple(kinds[k] for k in TEMPLATE_KINDS[template])) for f in facts), \
        sorted({f.kind for f in facts})
    assert read - {f.id for f in facts} <= set(content.sources)  # sources.yml: every page reads it whole


def test_a_page_is_read_again_when_its_key_changes_and_only_then(app, code):
    """A file read in part is no Sphinx dependency of the page (an edit to another fact there must not
    read it again): ``outdated`` compares each page's key with the one it was last read with."""
    docs = {page.stem: page for page in PAGES}
    app.env.found_docs = set(docs)
    app.env.doc2path = lambda docname: str(docs[docname])
    app.env.course_keys = {name: course.sphinx.content_key(app, page.read_text(encoding="utf-8"))
                           for name, page in docs.items()}
    assert course.sphinx.outdated(app, app.env, set(), set(), set()) == []
    _, depends = keyed_source(app, docs["04-negotiations"].read_text(encoding="utf-8"))
    assert app.env.course_folder / "02-jsi-launch.yml" not in depends  # read in part
    assert app.env.course_folder / "04-negotiations.yml" in depends  # read whole
    replace(app.env.course_folder / "02-jsi-launch.yml", "trade-related aspects of electronic commerce.\n",
            "trade-related aspects of electronic commerce. An edit.\n")
    assert course.sphinx.outdated(app, app.env, set(), set(), set()) == ["02-jsi-launch", "practice", "timeline",
                                                                       "trainers-guide"]
    # the module 2 page and the trainer's guide read the whole file: Sphinx finds them changed itself
    whole = {"02-jsi-launch", "trainers-guide"}
    assert course.sphinx.outdated(app, app.env, set(), whole, set()) == ["practice", "timeline"]
