"""The pages' sources, without building: the table of contents, the declared reads, the prose roles.

A page's execution is cached on the content files it declares it reads; if it read an undeclared
file, an edit there would leave the built page stale. So each page's code is run here with read
tracking and compared with its declaration.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.index import Content
from course.sphinx import ALWAYS_READ, TEXT_NOTEBOOK, fact_text, page_read_facts, page_reads

from .book_build import page_outputs, toc_files
from .corpus import ROOT

PAGES = sorted([*(ROOT / "book").glob("*.md"), *(ROOT / "book").glob("*.ipynb")])
NOTEBOOK_PAGES = [p for p in PAGES if p.suffix == ".ipynb" or TEXT_NOTEBOOK.match(p.read_text(encoding="utf-8"))]


def test_every_page_is_in_the_toc_and_every_toc_entry_exists():
    toc = toc_files()
    assert sorted(toc) == sorted(f"book/{p.stem}" for p in PAGES)


def test_every_module_in_course_yml_has_its_page_in_the_toc(content):
    toc = toc_files()
    assert [m.page for m in content.course.modules if m.page not in toc] == []
    # the modules come first, in course order
    module_pages = [m.page for m in content.course.modules]
    assert [f for f in toc if f in module_pages] == module_pages


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.stem)
def test_declared_reads_match_what_the_code_reads(page, content, monkeypatch):
    """The files, and of a file declared as ``{file: [ids]}`` the facts (a list item or a stage counts as
    its fact): an edit to another fact of that file does not re-run the page, so it must read no other."""
    text = page.read_text(encoding="utf-8")
    declared = page_reads(text)
    assert declared is not None, f"{page.name}: declare `course: reads: [...]` in the front matter"
    facts: dict[str, set[str]] = {}
    look_up = Content._read

    def tracked(self, ident):
        if self.reads is not None and ident in self.where:
            owner = (self.items[ident][0].id if ident in self.items else
                     self.stages[ident][0].id if ident in self.stages else ident)
            facts.setdefault(Path(self.where[ident][0]).stem, set()).add(owner)
        return look_up(self, ident)

    monkeypatch.setattr(Content, "_read", tracked)
    outputs, read = page_outputs(page, ROOT / "content")
    assert outputs, f"{page.name} displays nothing"
    assert read - set(ALWAYS_READ) == set(declared), (
        f"{page.name}: its code reads {sorted(read)}; the front matter declares {sorted(declared)}"
    )
    for name, ids in page_read_facts(text).items():
        assert facts.get(name, set()) == set(ids), (
            f"{page.name}: of {name}.yml its code reads {sorted(facts.get(name, set()))}; the front matter "
            f"declares {sorted(ids)} (declare the file whole, or these facts: `- {name}: [...]`)"
        )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_fact_role_resolves(page, content):
    text = page.read_text(encoding="utf-8")
    specs = re.findall(r"\{fact\}`([^`]+)`", text)
    for spec in specs:
        assert fact_text(content, spec), spec


def test_fact_role_prints_values_from_the_data(content):
    assert fact_text(content, "geneva-declaration") == "20 May 1998"
    assert fact_text(content, "jsi-2017-members") == "71 members"
    assert fact_text(content, "jsi-2017-trade") == "about 77% of world trade"
    assert fact_text(content, "davos-2019-trade") == "over 90% of world trade"
    assert fact_text(content, "wt-l-274") == "WT/L/274"
    assert fact_text(content, "mc14.place") == "Yaoundé"
    assert fact_text(content, "mc11.short") == "MC11"
    assert fact_text(content, "jsi-coconvenors") == "Australia, Japan and Singapore"
    assert fact_text(content, "reinvigorate-2009.year") == "2009"
    assert fact_text(content, "ecommerce-definition.quote").startswith("\u201cthe production, distribution")
    assert fact_text(content, "convenor-japan") == "Japan"
    assert fact_text(content, "course.as_of") == content.course.as_of.human() == "December 2026"


@pytest.mark.parametrize("spec, reason", [
    ("no-such-fact", "unknown fact id 'no-such-fact'"),
    ("mc14.value", "has no printable field 'value'"),
    ("convenor-japan.year", "list items have only .text"),
    ("geneva-declaration.id", "has no printable field 'id'"),
])
def test_fact_role_refuses_what_it_cannot_print(content, spec, reason):
    with pytest.raises(ValueError, match=re.escape(reason)):
        fact_text(content, spec)


def test_every_page_names_its_sources():
    """Each page ends with its sources (or is the bibliography, the glossary that cites per term, or
    the practice test and the workshop, whose every question names its sources after it is answered)."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        assert ("## Sources for this page" in text or "render.bibliography" in text
                or "course-glossary" in text or "Quiz.practice" in text or "Workshop()" in text), page.name
