"""course/sphinx/light.py on small inputs: which CSS rules a site keeps, which icon glyphs a font keeps.

The built book is checked in a browser by tests/test_page_weight.py; these pin the rules of the purge
itself, so a change to it shows here first, with the rule that broke.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from course.sphinx.light import _theme_fonts, icon_codepoints, purge_css, subset_font, used_words

WORDS = {"html", "body", "a", "bd-content", "show", "dropdown-menu", "data-theme", "fa-github", "fab", "pulse-me"}


def test_a_rule_stays_when_all_it_names_is_used():
    css = ".bd-content a{color:red}.unused a{color:blue}.bd-content .unused{margin:0}"
    assert purge_css(css, WORDS) == ".bd-content a{color:red}"


def test_only_the_used_selectors_of_a_rule_stay():
    assert (purge_css(".show,.hide,.dropdown-menu.show{display:block}", WORDS)
            == ".show,.dropdown-menu.show{display:block}")


def test_pseudo_classes_and_what_they_hold_are_not_required():
    css = "a:hover{x:1}a:not(.unused){x:2}.bd-content::before{x:3}:root{--v:1}"
    assert purge_css(css, WORDS) == css


def test_attribute_selectors_need_their_attribute():
    css = "html[data-theme=dark] a{x:1}html[data-mode=dark] a{x:2}"
    assert purge_css(css, WORDS) == "html[data-theme=dark] a{x:1}"


def test_media_blocks_are_purged_inside_and_dropped_when_empty():
    css = "@media (max-width:10px){.show{x:1}.unused{x:2}}@media print{.unused{x:3}}"
    assert purge_css(css, WORDS) == "@media (max-width:10px){.show{x:1}}"


def test_font_faces_and_keyframes_stay_only_when_a_kept_rule_names_them():
    css = ('@font-face{font-family:"Used Font";src:url(u.woff2)}@font-face{font-family:"Gone Font";src:url(g.woff2)}'
           "@keyframes pulse-me{to{opacity:0}}@keyframes fade-away{to{opacity:0}}"
           '.show{font-family:"Used Font";animation:pulse-me 1s}'
           '.unused{font-family:"Gone Font";animation:fade-away 1s}')
    light = purge_css(css, WORDS)
    assert "Used Font" in light and "pulse-me" in light
    assert "Gone Font" not in light and "fade-away" not in light


def test_a_purge_of_a_purged_sheet_changes_nothing():
    css = ".show{x:1}.unused{x:2}@media print{.bd-content{x:3}}"
    once = purge_css(css, WORDS)
    assert purge_css(once, WORDS) == once


def test_used_words_come_from_pages_and_scripts_but_not_the_icon_script(tmp_path: Path):
    (tmp_path / "page.html").write_text('<div class="bd-content show">x</div>', encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_text('el.classList.add("collapsing")', encoding="utf-8")
    (tmp_path / "_static" / "fontawesome.js").write_text('"fa-every-icon"', encoding="utf-8")
    words = used_words(tmp_path)
    assert {"bd-content", "show", "collapsing"} <= words and "fa-every-icon" not in words


def test_icon_code_points_are_read_escaped_or_written():
    assert (icon_codepoints('.a:before{content:"\\f09b"}.b:before{content:"\uf002"}.c:before{content:"x"}')
            == {0xF09B, 0xF002})


@pytest.mark.parametrize("name", ["fa-solid-900.woff2", "fa-brands-400.ttf"])
def test_a_cut_font_keeps_exactly_the_glyphs_asked_for(tmp_path: Path, name):
    source = _theme_fonts() / name
    wanted = {0xF09B} if "brands" in name else {0xF002, 0xF0C9}  # github; magnifying glass, bars
    subset_font(source, tmp_path / name, wanted)
    kept = set(TTFont(io.BytesIO((tmp_path / name).read_bytes())).getBestCmap())
    assert kept == wanted
    assert (tmp_path / name).stat().st_size < source.stat().st_size / 10
