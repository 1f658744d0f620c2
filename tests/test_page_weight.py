"""Light pages (issue 11): every page of the book, as Chromium loads it, within its weight budget,
with every icon it shows drawn.

The budget is measured, not assumed: a page of Jupyter Book's own template (``jupyter-book create``),
built and loaded in the same run, weighs about 2.5 MB; each page of the book may weigh a quarter of
the template's lightest page, and never more than 650 KB. Every request counts (HTML, CSS, JS,
fonts, images), in a fresh browser context, uncompressed, as a USB copy or ``http.server`` gives them.
The times on a slow phone are measured by benchmarks/weight.py, not asserted here.

An icon is an element with a Font Awesome class (the theme's header buttons, the sidebar toggles,
the arrows...). Its glyph is drawn by the theme's webfont CSS from a font cut down to the icons the
site uses (course/sphinx/light.py): each icon must get a code point from the CSS, a Font Awesome family, and
that code point must be in the font file the browser downloaded for the family.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from .book_build import JUPYTER_BOOK
from .browser import serve
from .page_weight import weigh

BROWSER_TESTS = "page-weight tests"  # what a skip says when there is no browser (conftest's browser)
BUDGET_SHARE = 4  # a page of the book weighs at most a quarter of the template's
BUDGET_MAX = 650 * 1024  # and never more than 650 KB
ICONS = """() => Array.from(document.querySelectorAll('[class*="fa-"]'))
  .filter(el => /(^|\\s)(fa|fas|far|fab|fa-solid|fa-regular|fa-brands)(\\s|$)/.test(el.className))
  .map(el => { const s = getComputedStyle(el, '::before');
    return {html: el.outerHTML.slice(0, 120), content: s.content, family: s.fontFamily, weight: s.fontWeight}; })"""


def pages(site: Path) -> list[str]:
    """Every page a reader can open: the book's HTML, not the trainer's downloads or _static."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if not {"_static", "_sources", "trainer", "reports"} & set(p.relative_to(site).parts))


@pytest.fixture(scope="module")
def template_page_bytes(tmp_path_factory, browser) -> int:
    """The lightest page of Jupyter Book's template, built here with the same toolchain."""
    folder = tmp_path_factory.mktemp("template") / "book"
    for args in (["create", str(folder)], ["build", str(folder)]):
        result = subprocess.run([JUPYTER_BOOK, *args], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    site = folder / "_build" / "html"
    with serve(site) as base:
        return min(weigh(browser, base + page).bytes for page in pages(site))


@pytest.fixture(scope="module")
def book(built_book):
    site = built_book / "_build" / "html"
    with serve(site) as base:
        yield site, base


def test_every_page_is_within_its_budget(book, browser, template_page_bytes):
    site, base = book
    budget = min(template_page_bytes // BUDGET_SHARE, BUDGET_MAX)
    assert template_page_bytes > 1_000_000, "the template page is unexpectedly light: is it the template?"
    over, elsewhere = {}, {}
    for page in pages(site):
        weight = weigh(browser, base + page)
        if weight.bytes > budget:
            over[page] = (weight.bytes, [f"{url.replace(base, '')}: {size}" for url, size in weight.files[:5]])
        if weight.elsewhere:
            elsewhere[page] = weight.elsewhere
    assert over == {}, f"pages over {budget} bytes (a quarter of the template's {template_page_bytes})"
    assert elsewhere == {}, "a page asked another host for something"


def test_the_font_awesome_script_is_not_loaded(book, browser):
    site, base = book
    for page in ("index.html", "book/01-work-programme.html", "search.html"):
        files = [url for url, _ in weigh(browser, base + page).files]
        assert not [u for u in files if "fontawesome.js" in u], page
        assert any("fa-solid-900.woff2" in u for u in files), f"{page}: the icon font did not load"


def test_a_page_without_a_quiz_or_code_loads_neither_script(book, browser):
    site, base = book
    files = [url.replace(base, "") for url, _ in weigh(browser, base + "book/intro.html").files]
    for absent in ("quiz.js", "quiz.css", "copybutton.js", "clipboard.min.js", "sphinx-thebe.js", "searchindex.js",
                   "design-tabs.js"):
        assert not [f for f in files if absent in f], (absent, files)
    quiz_page = [url for url, _ in weigh(browser, base + "book/03-themes.html").files]
    assert [u for u in quiz_page if "quiz.js" in u] and [u for u in quiz_page if "quiz.css" in u]


def _fonts(site: Path) -> dict[tuple[str, str], set[int]]:
    """(family, weight) -> the code points of the icon font the built CSS gives for it."""
    fonts = {}
    webfonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    for family, weight, name in (("Font Awesome 6 Free", "900", "fa-solid-900"),
                                 ("Font Awesome 6 Free", "400", "fa-regular-400"),
                                 ("Font Awesome 6 Brands", "400", "fa-brands-400")):
        font = TTFont(io.BytesIO((webfonts / f"{name}.woff2").read_bytes()))
        fonts[(family, weight)] = set(font.getBestCmap())
    return fonts


def test_every_icon_is_drawn(book, browser):
    site, base = book
    fonts = _fonts(site)
    missing, seen = {}, 0
    for page in pages(site):
        if 'http-equiv="Refresh"' in (site / page).read_text(encoding="utf-8"):
            continue  # index.html sends the reader on to the introduction, which is checked itself
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(base + page)
        tab.evaluate("() => document.fonts.ready.then(() => true)")
        for icon in tab.evaluate(ICONS):
            seen += 1
            content = icon["content"].strip('"')
            family = icon["family"].split(",")[0].strip().strip('"')
            glyph = (ord(content) if len(content) == 1 else None)
            if glyph is None or glyph not in fonts.get((family, icon["weight"]), set()):
                missing.setdefault(page, []).append((icon["html"], icon["content"], family, icon["weight"]))
        context.close()
    assert seen > 100, "no icons found: is the selector still right?"
    assert missing == {}, "icons with no glyph in the font the browser loads for them"


def test_a_page_that_uses_the_course_styles_loads_them(book):
    """A stylesheet left out of a page that uses it would undo that page's look (the workshop page's
    dark-mode panel is styled in quiz.css, though the page has no quiz)."""
    site, _ = book
    for sheet in ("quiz.css", "course.css"):
        classes = set(re.findall(r"\.((?:course|cq)-[\w-]+)", (site / "_static" / sheet).read_text(encoding="utf-8")))
        assert classes, sheet
        for page in pages(site):
            soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
            used = {c for el in soup.find_all(class_=True) for c in el["class"]} & classes
            linked = any(sheet in link.get("href", "") for link in soup.find_all("link", rel="stylesheet"))
            assert linked or not used, f"{page} uses {sorted(used)[:3]} from {sheet} but does not load it"


def test_the_built_book_keeps_no_file_that_no_page_loads(book):
    """Source maps open only in a browser's developer tools, and the icon script is not loaded:
    on a USB stick or a phone they would be megabytes of nothing."""
    site, _ = book
    assert sorted(str(p.relative_to(site)) for p in (site / "_static").rglob("*.map")) == []
    assert not (site / "_static" / "scripts" / "fontawesome.js").exists()
