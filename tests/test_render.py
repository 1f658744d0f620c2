"""The renderers: what each generated table says, and that no text from content/ becomes markup."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

import course
from course import render, timeline

from .corpus import ROOT
from .corpus import table_rows as cells

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "&lt;already escaped&gt; & friends",
]


def test_moratorium_table_runs_in_date_order_with_outcomes(content):
    rows = cells(render.moratorium(content), "moratorium")
    ids = list(rows)
    assert ids[0] == "mor-mc2" and ids[-1] == "mor-mc14"
    assert ids.index("mor-gc-2019") == ids.index("mor-mc11") + 1  # the General Council between MC11 and MC12
    assert rows["mor-mc2"][:3] == ["MC2, Geneva", "20 May 1998", "Declared: the practice begins"]
    assert rows["mor-mc14"][2] == "Lapsed: not extended" and rows["mor-mc14"][5].startswith("secondary sources")
    assert [rows[m][2] for m in ("mor-mc6", "mor-mc7", "mor-mc8")] == ["Extended"] * 3  # fact check 6.1
    assert rows["mor-mc3"][2] == "No declaration: no decision on the moratorium"
    assert rows["mor-mc5"][2] == "No declaration; a short statement reaffirmed Doha's terms"  # fact check 7.2


def test_counts_table_gives_figures_with_their_dates(content):
    rows = cells(render.counts(content, ["jsi-2017-members", "davos-2019-trade"]), "counts-jsi-2017-members")
    assert rows["jsi-2017-members"][1:3] == ["71 members (also reported: 70)", "13 December 2017"]
    assert rows["davos-2019-trade"][1] == "over 90% of world trade"


def test_stages_and_progress_follow_the_snapshots(content):
    rows = cells(render.stages(content, "deck-stages-2021"), "deck-stages-2021")
    assert rows["stage-early"] == ["Early stage", "Electronic contracts"]
    progress = cells(render.topic_progress(content, ["deck-stages-2021", "wto-status-2021-07"]), "progress")
    assert progress["e-contracts"] == ["Electronic contracts", "Early stage", "Cleaned"]
    assert progress["telecom-services"][2] == "\u2014"  # not named by the July 2021 news


def test_objectives_cover_every_module(content):
    rows = cells(render.objectives(content), "objectives")
    expected = [o.id for m in content.course.modules for o in m.objectives]
    assert list(rows) == expected


def test_bibliography_numbers_match_citations(content):
    doc = BeautifulSoup(render.bibliography(content), "html.parser")
    numbered = {li["id"]: int(li["value"]) for li in doc.select("li[id]")}
    cite = BeautifulSoup(render.cite(content, content.fact("geneva-declaration")), "html.parser").a
    assert cite["href"] == "references.html#src-wto-mindec1"
    assert cite.get_text() == f"[{numbered['src-wto-mindec1']}]"


def test_timeline_lists_every_event_and_decision_once(content):
    ids = [row["id"] for row in timeline.entries(content)]
    assert len(ids) == len(set(ids))
    assert "geneva-declaration" in ids and "mor-mc2" not in ids  # the same day, shown once
    assert {e.id for e in content.events()} <= set(ids)
    svg = timeline.figure_svg(content)
    assert svg == timeline.figure_svg(content), "the figure must be byte-for-byte reproducible"


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory):
    """A copy of content/ whose free text is replaced by script-injection strings."""
    folder = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(ROOT / "content", folder)
    for path in folder.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for n, (field, old) in enumerate([
            ("02-jsi-launch.yml", "title: Co-convenors of the JSI"),
            ("02-jsi-launch.yml", "text: Australia"),
            ("01-work-programme.yml", "summary: Extended to the Tenth Session (MC10)."),
            ("03-themes.yml", "name: Cryptography"),
            ("sources.yml",
             "author: Digital Watch Observatory\n    short: Digital Watch\n    title: \"[Digital Watch update"),
            ("04-negotiations.yml", "of: participants in the JSI\n    as_of: 2021-12-14"),
        ]):
            if path.name == field:
                key, _, rest = old.partition(": ")
                evil = HOSTILE[n % len(HOSTILE)].replace('"', '\\"')
                new = f'{key}: "{evil}"' + ("\n" + rest.split("\n", 1)[1] if "\n" in rest else "")
                assert old in text, (field, old)
                text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return course.load(folder)


def test_no_content_text_becomes_markup(hostile_content):
    c = hostile_content
    outputs = [
        render.items(c, "jsi-coconvenors"), render.moratorium(c), render.themes(c, "deck-themes"),
        render.counts(c, ["participants-2021-12"]), render.bibliography(c), render.events(c),
        render.discrepancies(c), render.page_sources(c, "negotiations"), timeline.table(c),
    ]
    for html in outputs:
        doc = BeautifulSoup(html, "html.parser")
        assert doc.find_all(["script", "img", "svg", "iframe"]) == []
        assert not any(attr.startswith("on") for tag in doc.find_all(True) for attr in tag.attrs)
    text = " ".join(BeautifulSoup(o, "html.parser").get_text(" ") for o in outputs)
    assert "<script>alert('x')</script>" in text  # shown as text, not dropped
    assert '<img src=x onerror="alert(1)">' in text
    assert "&lt;already escaped&gt; & friends" in text  # escaped once, not twice
    svg = timeline.figure_svg(c)
    assert "<script" not in svg
