"""The book's copies of theme components (_templates/) still fit the installed themes.

Each file in _templates/ replaces a pydata-sphinx-theme component of the same name, and says in its
header which versions of pydata-sphinx-theme and sphinx-book-theme it was written for. A theme
upgrade fails here, at once, instead of silently keeping an old copy of a changed template: compare
the theme's new template with ours, carry our change over, and record the new versions. Each copy
must also keep every element, class and data- attribute of the theme's template (the theme's
scripts and CSS find the buttons by them): only the attributes that make the accessible name may
differ.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pydata_sphinx_theme
import pytest
import yaml
from bs4 import BeautifulSoup

from .corpus import ROOT

TEMPLATES = ROOT / "_templates"
THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
COMPONENTS = THEME / "components"
WRITTEN_FOR = re.compile(r"Written for: pydata-sphinx-theme (?P<pydata>\S+), sphinx-book-theme (?P<book>\S+?)\s")
# What a copy may change: the attributes that make (or must stay out of) the accessible name.
NAME_ATTRIBUTES = {"aria-label", "aria-hidden", "title"}
LAYOUTS = ["layout.html", "static/webpack-macros.html"]  # the page's frame and the theme's asset links
OVERRIDES = sorted(p.name for p in TEMPLATES.glob("*.html") if p.name not in LAYOUTS)  # components


def test_the_templates_folder_is_in_the_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["templates_path"] == ["_templates"]
    assert OVERRIDES == ["search-button-field.html", "theme-switcher.html"]
    assert sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")) == sorted(LAYOUTS + OVERRIDES)


@pytest.mark.parametrize("name", OVERRIDES + LAYOUTS)
def test_override_was_written_for_the_installed_themes(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    written = WRITTEN_FOR.search(text)
    assert written, f"_templates/{name} does not say which theme versions it was written for"
    installed = {"pydata": version("pydata-sphinx-theme"), "book": version("sphinx-book-theme")}
    assert written.groupdict() == installed, (
        f"_templates/{name} was written for pydata-sphinx-theme {written['pydata']} and sphinx-book-theme "
        f"{written['book']}; installed: {installed['pydata']} and {installed['book']}. Compare it with "
        f"{COMPONENTS / name}, then record the new versions.")


def _elements(html: str) -> list[tuple[str, tuple[str, ...], dict[str, str]]]:
    """Each element: its tag, its classes and its other attributes (Jinja comments dropped)."""
    html = re.sub(r"\{#.*?#\}", "", html, flags=re.DOTALL)
    return [(el.name, tuple(el.get("class", [])), {k: v for k, v in el.attrs.items() if k != "class"})
            for el in BeautifulSoup(html, "html.parser").find_all(True)]


@pytest.mark.parametrize("name", OVERRIDES)
def test_override_keeps_what_the_theme_relies_on(name):
    upstream = COMPONENTS / name
    assert upstream.is_file(), f"the installed pydata-sphinx-theme has no {name}: _templates/{name} overrides nothing"
    ours, theirs = (_elements((TEMPLATES / name).read_text(encoding="utf-8")),
                    _elements(upstream.read_text(encoding="utf-8")))
    assert [(tag, classes) for tag, classes, _ in ours] == [(tag, classes) for tag, classes, _ in theirs]
    for (tag, _, mine), (_, _, original) in zip(ours, theirs):
        kept = {k: v for k, v in original.items() if k not in NAME_ATTRIBUTES}
        assert {k: v for k, v in mine.items() if k not in NAME_ATTRIBUTES} == kept, f"{name}: <{tag}> changed"


def _lines(text: str) -> list[str]:
    """The template's lines without Jinja comments, blank lines or indentation."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_asset_macros_differ_from_the_theme_only_by_the_icon_script():
    """The theme's webpack-macros.html, less its Font Awesome <script> (course/sphinx/light.py draws the
    icons from the theme's webfont CSS instead): the other links, with their digests, are the theme's."""
    theirs = [line for line in _lines((THEME / "static" / "webpack-macros.html").read_text(encoding="utf-8"))
              if "fontawesome.js" not in line and "custom icons" not in line]
    theirs = theirs[next(n for n, line in enumerate(theirs) if line.startswith("{% macro")):]  # less its header
    assert _lines((TEMPLATES / "static" / "webpack-macros.html").read_text(encoding="utf-8")) == theirs


def test_layout_changes_only_when_the_search_scripts_load():
    """Our extrahead block is the theme's, except that Sphinx's search scripts and index load only
    when search-as-you-type is on (it is off: the search field opens search.html, which loads them)."""
    block = re.compile(r"\{%-? block extrahead %\}(.*?)\{%-? endblock extrahead %\}", re.DOTALL)
    theirs = block.search((THEME / "layout.html").read_text(encoding="utf-8")).group(1)
    ours = block.search((TEMPLATES / "layout.html").read_text(encoding="utf-8")).group(1)
    assert _lines(ours.replace("{% elif theme_search_as_you_type|tobool %}", "{% else %}")) == _lines(theirs)
    assert "{% elif theme_search_as_you_type|tobool %}" in ours
