"""The built book, as a reader gets it: every page there, no warnings, tables equal to the data,
nothing loaded from another host, and no stale page after a content edit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

import course
from course.content.model import Term
from course.sphinx import page_read_facts, page_reads
from quizzes.sphinx.bank import template_kinds

from .book_build import build, copy_book, page_outputs, toc_files

pytestmark = pytest.mark.build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_page(folder: Path, docname: str) -> Path:
    return folder / "_build" / "html" / f"{docname}.html"


def tables(node) -> dict[str, list[list[str]]]:
    """Every generated table or list (``data-table``), as rows of cell texts."""
    found = {}
    for element in node.select("[data-table]"):
        rows = element.select("tr") if element.name != "ul" and element.name != "ol" else element.select("li")
        found[element["data-table"]] = [
            [" ".join(c.get_text(" ", strip=True).split()) for c in (r.select("th, td") or [r])] for r in rows
        ]
    return found


def test_build_is_clean(built_book):
    log = (built_book / "build.log").read_text(encoding="utf-8")
    assert re.findall(r".*WARNING: .*", log.replace("[IPKernelApp] WARNING", "")) == []
    assert "build succeeded" in log or "build finished" not in log


def test_every_toc_entry_is_a_page(built_book):
    missing = [f for f in toc_files() if not html_page(built_book, f).is_file()]
    assert missing == []
    index = (built_book / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "book/intro.html" in index


@pytest.mark.parametrize("docname", [f for f in toc_files()])
def test_generated_tables_equal_the_data(built_book, docname):
    """Each table in the built page equals what the page's code renders from content/ now."""
    source = built_book / f"{docname}.md"
    if not source.is_file():
        source = source.with_suffix(".ipynb")  # book/workshop.ipynb
    built = tables(soup(html_page(built_book, docname)))
    expected: dict = {}
    if "kernelspec" in source.read_text(encoding="utf-8"):
        outputs, _ = page_outputs(source, built_book / "content")
        for output in outputs:
            if hasattr(output, "_repr_mimebundle_"):
                expected.update(tables(BeautifulSoup(output._repr_mimebundle_()["text/html"], "html.parser")))
    if "{quiz-bank-table}" in source.read_text(encoding="utf-8"):  # made by a directive, not a code cell
        from quizzes.core.load import load_bank
        from quizzes.guide import bank_table

        bank = load_bank(content_dir=built_book / "content")
        expected.update(tables(BeautifulSoup(str(bank_table(bank)), "html.parser")))
    assert expected.keys() == built.keys()
    for name in expected:
        assert built[name] == expected[name], f"{docname}: table {name!r} differs from the data"


def test_themes_table_shows_each_topic_under_its_deck_theme(built_book):
    """Checked from the data directly, not through the renderer."""
    content = course.load(built_book / "content")
    page = soup(html_page(built_book, "book/03-themes"))
    rows = {tr["data-id"]: tr for tr in page.select('[data-table="deck-themes"] tr[data-id]')}
    for theme in content.themes_of("deck-themes"):
        cells = rows[theme.id].select("th, td")
        assert cells[0].get_text(strip=True) == theme.name
        assert [t.strip() for t in cells[1].get_text().split(";")] == [content.fact(t).name for t in theme.topics]


def test_prose_shows_values_from_the_data(built_book):
    text = soup(html_page(built_book, "book/02-jsi-launch")).get_text(" ")
    text = " ".join(text.split())
    assert "13 December 2017" in text and "WT/MIN(17)/60" in text
    assert "71 members" in text and "about 77% of world trade" in text
    assert "Australia, Japan and Singapore" in text


def test_glossary_has_every_term_and_pages_link_to_it(built_book):
    content = course.load(built_book / "content")
    glossary = soup(html_page(built_book, "book/glossary"))
    for link in glossary.select("dl.glossary dt a.headerlink"):
        link.decompose()
    terms = {dt.get_text(" ", strip=True) for dt in glossary.select("dl.glossary dt")}
    assert {t.term for t in content.of_kind(Term)} <= terms
    module = soup(html_page(built_book, "book/01-work-programme"))
    links = [a["href"] for a in module.select("a.reference.internal") if "glossary.html#term-" in a.get("href", "")]
    assert len(links) >= 5


def test_citations_point_at_bibliography_entries(built_book):
    html = built_book / "_build" / "html"
    anchors = {li["id"] for li in soup(html / "book" / "references.html").select("ol.course-bibliography li[id]")}
    content = course.load(built_book / "content")
    assert anchors == {f"src-{s}" for s in content.sources}
    for page in (html / "book").glob("*.html"):
        for link in soup(page).select('a[href^="references.html#"]'):
            assert link["href"].split("#", 1)[1] in anchors, (page.name, link["href"])


def test_timeline_figure_is_a_local_svg(built_book):
    page = soup(html_page(built_book, "book/timeline"))
    images = page.select("figure img")
    assert images, "the timeline figure is missing"
    src = images[0]["src"]
    assert not urlparse(src).netloc and src.endswith(".svg")
    svg = (html_page(built_book, "book/timeline").parent / src).resolve().read_text(encoding="utf-8")
    assert "13 December 2017" in svg  # text kept as text: searchable, sharp on a phone
    references = re.findall(r'(?:href|src)="([^"]*)"|url\(([^)]*)\)', svg)
    assert [r for pair in references for r in pair if r and not r.startswith("#")] == []
    assert images[0].get("alt", "").startswith("A vertical timeline")


def _external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) or parsed.scheme in ("http", "https")


def test_nothing_is_loaded_from_another_host(built_book):
    """Offline: no script, stylesheet, image, font or frame from another host, on any page."""
    html = built_book / "_build" / "html"
    offenders = []
    for page in html.rglob("*.html"):
        doc = soup(page)
        for tag, attr in [("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src")]:
            for element in doc.find_all(tag):
                url = element.get(attr)
                if (tag == "link" and "stylesheet" not in (element.get("rel") or [])
                        and "preload" not in (element.get("rel") or []) and "icon" not in (element.get("rel") or [])):
                    continue
                if url and _external(url):
                    offenders.append((str(page.relative_to(html)), tag, url))
    for css in html.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _external(url):
                offenders.append((str(css.relative_to(html)), "css", url))
        for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\");]+)",
                              css.read_text(encoding="utf-8", errors="replace")):
            if _external(url):
                offenders.append((str(css.relative_to(html)), "@import", url))
    assert offenders == []


EDITED = "convergence-2021-12-articles"  # the count the next test edits


def test_a_content_edit_shows_at_the_next_build(tmp_path, bank):
    """jupyter-cache keys a page on its code; an edit to content/ must still reach the built page.

    The edit is to a figure no hand-written question repeats (questions resting on a changed fact
    fail validation, by design, and stop the build): the count of articles with good convergence."""
    folder = copy_book(tmp_path / "book")
    first = build(folder)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    page = html_page(folder, "book/04-negotiations")
    assert "8 articles" in page.read_text(encoding="utf-8")

    def exported_key() -> object:  # the trainer's ready-made files are made again from the new data
        questions = json.loads(
            (folder / "_build" / "html" / "trainer" / "all-modules.json").read_text(encoding="utf-8"))
        return next(q["key"] for q in questions["questions"] if q["id"] == "gen-count-convergence-2021-12-articles")

    assert exported_key() == 8
    module = folder / "content" / "04-negotiations.yml"
    text = module.read_text(encoding="utf-8")
    old = "    value: 8\n    unit: articles\n"
    assert text.count(old) == 1
    module.write_text(text.replace(old, "    value: 9\n    unit: articles\n"), encoding="utf-8")
    second = build(folder)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]

    html = page.read_text(encoding="utf-8")
    assert ">9 articles<" in html and ">8 articles<" not in html  # the prose ({fact} role) and the counts table
    assert exported_key() == 9
    counts = tables(soup(page))["counts-participants-2021-12"]
    assert any("9 articles" in " ".join(row) for row in counts)
    # the execution cache served the pages the edit cannot change: they were not re-run. A page re-runs when
    # it reads the edited fact: the whole file, the fact among the few it declares (``file: [ids]``), or a
    # bank file whose templates choose among counts (a count question's distractors are other counts).
    executed = re.findall(r"(\S+\.(?:md|ipynb)): Executing notebook", second.stdout + second.stderr)
    kinds = template_kinds(bank)  # the bank files are the repository's: the edit is to content/

    def reruns(page: Path) -> bool:
        source = page.read_text(encoding="utf-8")
        declared = page_reads(source)
        if declared is None:
            return True  # undeclared: reads everything
        partly = page_read_facts(source)
        if "04-negotiations" in declared and EDITED in partly.get("04-negotiations", [EDITED]):
            return True
        return any({"count", "*"} & set(kinds.get(name, [])) for name in declared if name.startswith("bank/"))

    pages = [p for p in [*(folder / "book").glob("*.md"), *(folder / "book").glob("*.ipynb")]
             if "kernelspec" in p.read_text(encoding="utf-8")]
    readers = {p.stem for p in pages if reruns(p)}
    assert {Path(e).stem for e in executed} == readers
    spared = {p.stem for p in pages if "04-negotiations" in (page_reads(p.read_text(encoding="utf-8")) or [])} - readers
    assert spared, "some page reads other facts of the file and is not re-run"
    assert "references" not in readers and "intro" not in readers  # pages that run code and read other files
