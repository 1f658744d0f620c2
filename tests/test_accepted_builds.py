"""Whatever `course check` accepts, `make book` builds (issue 19, class 2).

`make book` runs `course check`, then Jupyter Book, whose pages call the renderers of ``course.render``
and ``course.timeline`` (book/*.md), print facts with the ``{fact}`` role (``course.sphinx.fact_text``),
show quizzes (``quizzes.quiz.Quiz``: ``for_module`` on each module's page, ``practice``), the trainer's
guide's bank table (``quizzes.guide.bank_table``) and write the trainer downloads
(``quizzes.sphinx.trainer.trainer_files`` through ``quizzes.present.draw.draw`` and ``quizzes.exports.export``). This
test calls the same functions in-process, without Sphinx, over:

* every folder of ``tests/content_cases/`` that the loader accepts (today ``valid/``; a bad case the
  checker stops reporting would show up here as content the renderers must then build);
* ``VARIANTS``: accepted content on the edges of what the checker allows (dollar signs in the text the
  timeline draws, a count of zero and one of 1.0e+300, items standing for facts of every kind, the year
  0001, no dated event at all), written into a tmp copy of ``valid/``. They cannot be folders of
  ``content_cases``: every folder there but ``valid/`` must hold the lines of a refused case
  (tests/test_content.py);
* the real ``content/`` with the real bank.

A count's questions come from the ``count-value`` template, run by a small bank written for the content
(the real bank asks about the real content's facts).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

import course
from course import render, timeline
from course.content.model import Count, Discrepancy, Event, Grouping, ListFact, Snapshot
from course.problems import ProblemsFound
from course.sphinx import fact_text
from quizzes.core.load import load_bank
from quizzes.exports import FORMATS, export
from quizzes.guide import bank_table
from quizzes.present.draw import PaperError, draw
from quizzes.present.present import present
from quizzes.quiz import Quiz
from quizzes.sphinx.trainer import trainer_files

from .corpus import CONTENT_CASES

CASES = CONTENT_CASES.folder
VALID = CASES / "valid"
DOLLARS = "US$5 million and US$10 million"
MATHTEXT = r"A fee of $\notamacro{1}$ and $x^2$"  # an unknown macro: mathtext would fail the figure


def _accepted_folders() -> list[str]:
    accepted = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        try:
            course.load(folder)
        except ProblemsFound:
            continue
        accepted.append(folder.name)
    return accepted


ACCEPTED = _accepted_folders()

# name -> (replacements in valid/mod.yml, an extra content file for module `mod`)
EXTRA_FACTS = f"""\
module: mod
facts:
  - id: dollar-event
    kind: event
    title: "{DOLLARS}"
    date: 2001-11
    date_text: "November 2001 (the $ month)"
    summary: "Pledges of US$5 million and US$10 million."
    source: [deck]
    evidence: deck
  - id: macro-event
    kind: event
    title: '{MATHTEXT}'
    date: "0001"
    source: [deck]
    evidence: deck
  - id: mc1
    kind: conference
    number: 1
    place: "Singa$pore"
    date: 1996-12
    source: [deck]
    evidence: deck
  - id: mor-mc1
    kind: moratorium
    at: mc1
    date: 1996-12-13
    outcome: declared
    summary: "A $-free summary."
    source: [deck]
    evidence: deck
  - id: zero-count
    kind: count
    value: 0
    variants: [0.5, 1.0e+300]
    qualifier: about
    unit: participants
    of: "participants paying US$5"
    as_of: 2024
    objective: mod-objective
    source: [deck]
    evidence: deck
  - id: share-count
    kind: count
    value: 1.0e+300
    qualifier: over
    unit: percent of world trade
    of: "share of world trade of the $ group"
    as_of: 2024-01
    objective: mod-objective
    source: [deck]
    evidence: deck
  - id: every-ref
    kind: list
    title: "Items standing for facts of every kind ($)"
    complete: false
    items:
      - {{id: ref-event, ref: dollar-event, quote: "US$5 million"}}
      - {{id: ref-conference, ref: mc1}}
      - {{id: ref-decision, ref: mor-mc1}}
      - {{id: ref-count, ref: zero-count}}
      - {{id: ref-topic, ref: spam}}
      - {{id: ref-list, ref: every-ref}}
      - {{id: ref-snapshot, ref: dollar-snapshot}}
      - {{id: plain-text, text: "$5 and $10"}}
    source: [deck]
    evidence: deck
  - id: dollar-snapshot
    kind: snapshot
    title: "Stages ($)"
    short: "The $ view"
    date: 2024-01
    as_of: 2024-01
    stages:
      - {{id: stage-one, label: "Stage $1$", topics: [spam], complete: false}}
      - {{id: stage-two, label: "Stage $2$", topics: [data-flows]}}
    source: [deck]
    evidence: deck
  - id: dollar-diff
    kind: discrepancy
    topic: "US$5 or US$10"
    deck: "$5"
    record: "$10"
    teach: "Both, with $ signs"
    facts: [zero-count, ref-event]
    source: [deck]
    evidence: deck
"""

VARIANTS: dict[str, tuple[dict[str, str], str | None]] = {
    "dollars-and-edges": ({"title: Something happened": f'title: "{DOLLARS}"',
                           "    value: 164\n": "    value: 164\n    objective: mod-objective\n"}, EXTRA_FACTS),
    "no-dated-event": ({"""  - id: some-event
    kind: event
    title: Something happened
    date: 1998-05-20
    source: [wto-page]
    evidence: official
    support: {wto-page: "the words of the page that bear the fact out"}
""": ""}, None),
}


def _variant(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(VALID, folder)
    replacements, extra = VARIANTS[name]
    text = (folder / "mod.yml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"{name}: valid/mod.yml no longer contains {old!r}"
        text = text.replace(old, new)
    (folder / "mod.yml").write_text(text, encoding="utf-8")
    if extra:
        (folder / "extra.yml").write_text(extra, encoding="utf-8")
    return folder


class _Tags(HTMLParser):
    """Fails on a fragment whose tags do not nest (a renderer that let text break out of its markup)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else ''}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def html_text(fragment: str) -> str:
    parser = _Tags()
    parser.feed(str(fragment))
    parser.close()
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    return "".join(parser.text)


def svg_text(svg: str) -> list[str]:
    """The text elements of the figure, as a reader (and a screen reader) gets them."""
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def render_pages(content) -> dict[str, str]:
    """Every table, list, figure and printed fact the book's pages can show of this content."""
    out: dict[str, str] = {"objectives": render.objectives(content), "events": render.events(content),
                           "moratorium": render.moratorium(content), "discrepancies": render.discrepancies(content),
                           "bibliography": render.bibliography(content), "timeline-table": timeline.table(content),
                           "page-sources": render.page_sources(content, fact_ids=list(content.facts))}
    for module in content.course.modules:
        out[f"objectives-{module.id}"] = render.objectives(content, module.id)
        out[f"page-sources-{module.id}"] = render.page_sources(content, module.id)
    events = [e.id for e in content.of_kind(Event)]
    if events:
        out["events-chosen"] = render.events(content, events, caption="Chosen")
    counts = [c.id for c in content.of_kind(Count)]
    if counts:
        out["counts"] = render.counts(content, counts)
    lists = [f.id for f in content.of_kind(ListFact)]
    for list_id in lists:
        out[f"items-{list_id}"] = render.items(content, list_id)
        out[f"items-quoted-{list_id}"] = render.items(content, list_id, with_quotes=True)
    groupings = [g.id for g in content.of_kind(Grouping)]
    for grouping_id in groupings:
        out[f"themes-{grouping_id}"] = render.themes(content, grouping_id)
        out[f"themes-described-{grouping_id}"] = render.themes(content, grouping_id, described=True)
        for other in groupings:
            for list_id in lists:
                out[f"kept-{grouping_id}-{other}-{list_id}"] = render.kept_and_left_out(
                    content, grouping_id, other, list_id, list_id)
    snapshots = [s.id for s in content.of_kind(Snapshot)]
    for snapshot_id in snapshots:
        out[f"stages-{snapshot_id}"] = render.stages(content, snapshot_id)
    if snapshots:
        out["progress"] = render.topic_progress(content, snapshots)
    for discrepancy in content.of_kind(Discrepancy):
        out[f"discrepancies-{discrepancy.id}"] = render.discrepancies(content, [discrepancy.id])
    for name, html in out.items():
        assert isinstance(html, str), name
        html_text(html)  # the fragment nests
    svg = timeline.figure_svg(content)
    ET.fromstring(svg)
    out["timeline-svg"] = svg
    # the {fact} role: every fact and item, whole and by field (a field a fact lacks is a warning, by design)
    fields = {"", "date", "as_of", "year", "value", "count", "quote", "short", "label", "text", "summary"}
    for ident in [*content.facts, *content.items, "course"]:
        fact = content.facts.get(ident)
        for field in sorted(fields | set(type(fact).model_fields if fact is not None else ())):
            spec = f"{ident}.{field}" if field else ident
            try:
                out[f"fact-{spec}"] = fact_text(content, spec)
            except ValueError:
                pass
    return out


def _write_bank(content, folder: Path) -> bool:
    """A bank that runs the count template in each module with counts. The template files a question
    under its fact's objective: a count without one is given its module's first, in memory only (the
    question, not the objective, is what this test is after)."""
    folder.mkdir()
    for module in content.course.modules:
        counts = content.of_kind(Count, module.id)
        for count in counts:
            if count.objective is None:
                content.facts[count.id] = count.model_copy(update={"objective": module.objectives[0].id})
        if counts:
            (folder / f"{module.id}.yml").write_text(
                f"module: {module.id}\ngenerate:\n  - {{template: count-value}}\n", encoding="utf-8")
    return any(folder.iterdir())


def build_quizzes(bank) -> dict[str, str | bytes]:
    """The quiz pages' HTML, the trainer's guide's table and the trainer downloads, as the book makes them."""
    out: dict[str, str | bytes] = {"bank-table": str(bank_table(bank))}
    for module in bank.content.course.modules:
        if bank.module(module.id):
            out[f"quiz-{module.id}"] = Quiz.for_module(module.id, most=40, bank=bank).html()
    out["practice"] = Quiz.practice(count=min(15, len(bank.questions)), seed=2026, bank=bank).html()
    for name in ("bank-table", *(k for k in out if k.startswith(("quiz-", "practice")))):
        html_text(out[name])
    # the same digest the book takes of the presented questions before it writes the downloads
    json.dumps([bank.content.course.model_dump(mode="json"), [present(bank, q) for q in bank.questions]],
               sort_keys=True, ensure_ascii=False, allow_nan=False)
    for name, (fmt, args) in trainer_files(bank).items():
        try:
            paper = draw(bank, args.get("modules"), seed=args.get("seed"), count=args.get("count"))
        except PaperError:
            if args.get("count") and args["count"] > len(bank.questions):
                continue  # the ready-made 20-question paper needs a bank of 20: a small bank has fewer
            raise
        data = export(fmt, paper)[0]
        assert isinstance(data, bytes if FORMATS[fmt][1] == ".xlsx" else str), name
        if fmt == "json":
            json.loads(data, parse_constant=lambda c, name=name: pytest.fail(f"{name}: {c} in the JSON"))
        elif fmt == "kahoot":
            openpyxl.load_workbook(io.BytesIO(data))
        elif fmt == "moodle-xml":
            ET.fromstring(data.encode("utf-8"))
        elif fmt == "handout":
            html_text(re.sub(r"(?is)<!doctype[^>]*>", "", data))
        out[name] = data
    return out


def test_the_cases_folder_has_accepted_content():
    assert "valid" in ACCEPTED


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_case_builds(name, tmp_path):
    content = course.load(CASES / name)
    pages = render_pages(content)
    assert pages["timeline-svg"]
    bank_dir = tmp_path / "bank"
    if _write_bank(content, bank_dir):
        build_quizzes(load_bank(bank_dir, content=content))


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_accepted_variant_builds(name, tmp_path):
    content = course.load(_variant(name, tmp_path))  # `course check` accepts it ...
    render_pages(content)  # ... so every page's renderer builds it
    bank_dir = tmp_path / "bank"
    if name == "dollars-and-edges":
        assert _write_bank(content, bank_dir)
        built = build_quizzes(load_bank(bank_dir, content=content))
        assert any(k.startswith("quiz-") for k in built) and "all-modules.json" in built


def test_timeline_draws_dollar_signs_literally(tmp_path):
    """Matplotlib reads text between two dollar signs as mathtext: the figure must show what the data says."""
    content = course.load(_variant("dollars-and-edges", tmp_path))
    texts = svg_text(timeline.figure_svg(content))
    assert f"20 May 1998: {DOLLARS}" in texts
    assert f"November 2001 (the $ month): {DOLLARS}" in texts
    assert f"0001: {MATHTEXT}" in texts
    assert "13 December 1996: MC1, Singa$pore: moratorium declared" in texts
    # and the text alternative beside the figure says the same
    table = html_text(timeline.table(content))
    assert DOLLARS in table and MATHTEXT in table


def test_list_items_print_the_facts_they_stand_for(tmp_path):
    content = course.load(_variant("dollars-and-edges", tmp_path))
    cells = html_text(render.items(content, "every-ref"))
    for words in (DOLLARS, "MC1, Singa$pore", "Participants paying US$5", "Spam", "$5 and $10"):
        assert words in cells


def test_real_content_and_bank_build(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)
    monkeypatch.delenv("QUIZ_BANK_DIR", raising=False)
    content = course.load()
    pages = render_pages(content)
    assert len(svg_text(pages["timeline-svg"])) > len(content.events())
    built = build_quizzes(load_bank(content=content))
    assert set(trainer_files(load_bank(content=content))) <= set(built)
