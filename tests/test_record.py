"""The course against the record: each correction of the fact check (section 6) and of the second
audit (section 7, which stands over all) as a reader would notice it, in the data, in the rendered
tables, in the questions and in the built book.

The data-level tests run in a second; the built-book ones (marked ``build``, named ``test_built_...``)
use the session's cold build once, through the module fixture ``pages``.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, NavigableString

from course import render, timeline
from course.content.model import Count, MoratoriumDecision, Statement, Term, Topic
from course.content.vocab import EVIDENCE_LABELS
from course.problems import ProblemsFound

from .corpus import ROOT
from .corpus import table_rows as rows_of

# The words a reader must see for each outcome, in the moratorium table and on the timeline.
OUTCOME_WORDS = {
    "declared": "declared",
    "extended": "extended",
    "no-declaration": "no declaration",
    "reaffirmed": "reaffirm",
    "lapsed": "lapse",
}

VAGUE = ["other decision", "not confirmed", "no agreement"]  # labels that do not say what happened

# How well a fact is established, strongest first: a glossary entry shows one badge for its whole
# definition, so where a fact it sends the reader to is weaker, the definition must say so in words.
EVIDENCE_ORDER = ["official", "own-page", "secondary", "deck"]

# The MC14 and 2026 facts: secondary sources only.
MC14_FACTS = {"mc14", "mor-mc14", "annex4-not-added", "interim-arrangement-2026"}

# Section 6.2: the areas the statement of 14 December 2021 reports as consolidated, still open.
CONSOLIDATED_2021 = [
    "customs-duties", "data-flows", "data-localization", "source-code", "e-transaction-frameworks",
    "cybersecurity", "e-invoicing",
]
SNAPSHOTS = ["deck-stages-2021", "wto-status-2021-07", "convergence-2021-12"]
SENTENCE_ENDS = (".", "!", "?", ")", '"', "\u201d")  # the text before a dropped-in sentence ends a sentence


def says(outcome: str, text: str) -> bool:
    """Whether a label tells the reader what happened; an outcome with no clear word never does."""
    return outcome in OUTCOME_WORDS and OUTCOME_WORDS[outcome] in text.lower()


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(str(html), "html.parser").get_text(" ").split())


# --- 1. the moratorium, conference by conference ------------------------------------------------
def decision_at(content, conference_id: str) -> MoratoriumDecision:
    found = [d for d in content.moratorium() if d.at == conference_id]
    assert len(found) == 1, f"expected one moratorium decision at {conference_id}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("conference, outcome", [
    ("mc3", "no-declaration"), ("mc5", "reaffirmed"),
    ("mc6", "extended"), ("mc7", "extended"), ("mc8", "extended"),
])
def test_moratorium_outcome_at_each_conference(content, conference, outcome):
    assert decision_at(content, conference).outcome == outcome


def test_every_moratorium_outcome_has_a_clear_label(content):
    unclear = [(d.id, d.outcome) for d in content.moratorium() if d.outcome not in OUTCOME_WORDS]
    assert unclear == [], "each decision must say what happened (declared, extended, no declaration, lapsed)"


def test_moratorium_table_says_what_happened_at_each_decision(content):
    html = render.moratorium(content)
    rows = rows_of(html, "moratorium")
    assert list(rows) == [d.id for d in content.moratorium()]
    for d in content.moratorium():
        where, _when, outcome = rows[d.id][:3]
        assert where == content.label(content.fact(d.at))
        assert says(d.outcome, outcome), (d.id, outcome)
    text = text_of(html).lower()
    assert [v for v in VAGUE if v in text] == []


def test_timeline_lists_every_moratorium_decision_with_what_happened(content):
    entries = timeline.entries(content)
    by_id = {e["id"]: e for e in entries}
    event_days = {e.date for e in content.events() if e.date.precision == "day"}
    for d in content.moratorium():
        if d.id not in by_id:  # shown once, by the event of the same day (the 1998 declaration)
            assert d.date.precision == "day" and d.date in event_days, f"{d.id} is missing from the timeline"
            continue
        label = by_id[d.id]["label"]
        assert content.label(content.fact(d.at)) in label, (d.id, label)
        assert says(d.outcome, label), (d.id, label)
    assert "mor-mc7" in by_id and "reinvigorate-2009" in by_id  # 2009: the extension and the restart
    labels = " ".join(e["label"] for e in entries).lower()
    assert [v for v in VAGUE if v in labels] == []


def test_timeline_table_says_what_happened(content):
    html = timeline.table(content)
    rows = rows_of(html, "timeline")
    assert list(rows) == [e["id"] for e in timeline.entries(content)]
    for d in content.moratorium():
        if d.id in rows:
            assert says(d.outcome, rows[d.id][1]), (d.id, rows[d.id])
    text = text_of(html).lower()
    assert [v for v in VAGUE if v in text] == []


# --- 2. the pace of the work ---------------------------------------------------------------------
def test_the_pace_as_the_record_dates_it(content):
    dedicated = content.fact("gc-dedicated-discussions")
    assert dedicated.evidence == "official" and "2002" in dedicated.text
    pause = content.fact("pause-2005-2009")
    assert pause.evidence == "official" and "2005" in pause.text and "2009" in pause.text
    restart = content.fact("reinvigorate-2009")
    assert restart.date.year == 2009 and restart.evidence == "official"
    diff = content.fact("diff-pace")
    assert {"deck-pace", "gc-dedicated-discussions", "pause-2005-2009", "reinvigorate-2009"} <= set(diff.facts)
    assert "2009" in diff.record and "2011" not in diff.record  # the record's restart, not the deck's


# --- 3. the lapse and what it leaves -------------------------------------------------------------
def test_the_lapse_at_mc14(content):
    """The sources differ on the day (30 or 31 March): the course prints the month, and files the row at
    MC14's close (30 March), after the arrangement of 28 March."""
    lapse = content.fact("mor-mc14")
    assert (lapse.outcome, str(lapse.date), lapse.evidence) == ("lapsed", "2026-03-30", "secondary")
    assert lapse.when() == "end of March 2026"
    assert "30" in lapse.note and "31 March" in lapse.note
    scope = content.fact("lapse-scope")
    assert scope.kind == "statement" and scope.reading
    open_env = content.fact("agreement-open")
    assert open_env.kind == "theme" and "customs-duties" in open_env.topics
    assert "prohibition of customs duties" in (open_env.note or "").lower()


def test_the_interim_arrangement_says_no_more_than_its_sources(content):
    """Section 7.3: 66 members announced a temporary implementation arrangement; no source gives from
    when, among whom or on what terms it applies, nor a share of world trade."""
    interim = content.fact("interim-arrangement-2026")
    assert str(interim.date) == "2026-03-28" and interim.evidence == "secondary"
    assert "temporary implementation arrangement" in interim.summary
    assert "participating members" in interim.summary  # among whom: the sources say so
    assert "None of the sources found gives the date from which it applies or the terms of its obligations" in " ".join(
        interim.summary.split())
    members = content.fact("interim-arrangement-members")
    assert (members.value, members.unit) == (66, "members")
    assert f"{members.value:g}" in interim.title  # the event's title agrees with the count
    assert "apply-own-laws-2026-trade" not in content.facts
    assert not [c.id for c in content.of_kind(Count)
                if c.as_of and c.as_of.year == 2026 and c.unit == "percent of world trade"]


def test_mc12_set_a_long_stop_not_a_lapse_date(content):
    """Section 7.2: MC12 kept the practice until MC13; 31 March 2024 applied only to a late MC13."""
    mc12 = " ".join(content.fact("mor-mc12").summary.split())
    assert "MC13" in mc12 and "31 March 2024" in mc12 and "never applied" in mc12
    assert not re.search(r"lapse on 31 March 2024", mc12)


def test_cancun_reaffirmed_doha_and_seattle_took_no_decision(content):
    cancun = content.fact("mor-mc5")
    assert cancun.outcome == "reaffirmed" and "wto-mc6-brief" in cancun.support
    assert "reaffirmed the elements agreed at Doha" in cancun.support["wto-mc6-brief"]
    assert content.fact("mor-mc3").outcome == "no-declaration"


def test_after_mc13_the_power_to_decide_is_the_courses_reading(content):
    reading = content.fact("mc13-reading")
    assert reading.reading and "course's reading" in reading.text
    assert "General Council" in reading.text and "consensus" in reading.text
    assert content.fact("wp-expired").as_of.sort_key() >= content.course.as_of.sort_key()


def test_consensus_is_taught_as_practice_not_arithmetic(content):
    assert content.fact("single-objection").evidence == "secondary"
    assert "Article IX:1" in content.fact("consensus-rule").text
    assert content.fact("consensus-rule").evidence == "official"


def test_mc14_impasse_was_over_duration(content):
    text = content.fact("mc14-positions").text
    assert "permanent" in text and "two years" in text and "Brazil" in text
    assert "tradeworldnews-mc14" in content.fact("mc14-positions").source  # India's position, with its page


def test_no_source_says_india_blocked_the_agreement(content):
    """Section 7.3: India's block is reported for the investment facilitation agreement only."""
    assert "annex4-blocked-2026" not in content.facts
    not_added = content.fact("annex4-not-added")
    assert "no source found" in not_added.text.lower() and not_added.as_of is not None
    assert "Investment Facilitation" in content.fact("ifd-blocked-2026").text
    symbol = content.fact("wt-gc-w-955")  # read from the address a trade newsletter links, and said so
    assert symbol.source == ["iut-2024-12-18"] and "did not read the document" in symbol.note


def test_a_stabilised_text_is_not_in_force(content):
    assert "binding rule" not in content.fact("agreement-prohibits-duties").text
    assert "once the Agreement is in force" in content.fact("stabilised-not-final").text
    assert content.fact("not-joining-2024").complete  # nine of 91: a complete list
    assert len(content.fact("not-joining-2024").items) == (
        content.fact("participants-2024").value - content.fact("joined-2024-statement").value)


def test_gats_neutrality_came_closer_and_was_not_decided(content):
    neutrality = content.fact("gats-neutrality")
    assert "closer" in neutrality.text and "common understanding" in neutrality.text
    assert "decided" not in neutrality.text
    # as S/L/74's own text names them
    assert [content.fact(d).symbol for d in neutrality.documents] == ["S/C/8", "S/L/74"]
    assert "S/C/W/8" in neutrality.note  # the GATS course's symbol, named as such and not taught
    reach = content.fact("neutrality-disputed")
    assert reach.reading and "would permit" in reach.text  # the GATS course's consequence, not a settled rule


def test_annex4_names_the_ministerial_conference_and_article_iv2(content):
    text = content.fact("annex4-article-x9").text
    assert "Article X:9" in text and "Article IV:2" in text and "Ministerial Conference" in text
    assert "sdr-schedules" in content.facts  # the other road, with its own page


def test_labels_raised_where_official_pages_support_them(content):
    for fact_id in ("decl-consensus", "decl-development", "gc-2019-structured", "mor-gc-2019", "mor-mc8"):
        assert content.fact(fact_id).evidence == "official", fact_id


def test_every_reading_says_so(content):
    """A statement that is the course's own inference says so in the words a page prints."""
    readings = [f for f in content.of_kind(Statement) if f.reading]
    assert readings, "no statement is marked as the course's reading: the test has nothing to check"
    assert [f.id for f in readings if "course's reading" not in " ".join(f.text.split())] == []


# Claims section 7 withdraws: none may stand anywhere a reader or a trainer meets the course.
WITHDRAWN = [
    r"remain(s)? bound", r"binding rule\b", r"through their own laws", r"about 70\s?%",
    r"no majority to outvote", r"India block", r"blocked by India", r"lapse on 31 March 2024",
    r"every conference from MC4", r"General Council's term", r"once between conferences",
]


def shipped_texts() -> dict[str, str]:
    files = [*ROOT.glob("content/*.yml"), *ROOT.glob("quizzes/bank/*.yml"), *ROOT.glob("book/*.md"),
             *ROOT.glob("notebooks/*.ipynb"), ROOT / "book" / "workshop.ipynb"]
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in files}


def withdrawn_in(name: str, text: str) -> list[str]:
    """'name: pattern' for each withdrawn claim the text makes, whitespace folded."""
    folded = " ".join(text.split())
    return [f"{name}: {pattern}" for pattern in WITHDRAWN if re.search(pattern, folded, re.IGNORECASE)]


def test_no_withdrawn_claim_ships():
    assert [hit for name, text in shipped_texts().items() for hit in withdrawn_in(name, text)] == []


def test_no_later_decision_and_the_mc13_wording(content):
    later = content.fact("no-later-decision")
    assert later.evidence == "secondary" and later.as_of is not None
    assert later.as_of.sort_key() >= content.course.as_of.sort_key(), "say it as of the course's date"
    wording = content.fact("mc13-wording")
    assert wording.evidence == "secondary" and "expire on that date" in wording.quote


# --- 4. the 2017 joint statement -------------------------------------------------------------------
def test_the_2017_statement_is_official_and_its_points_are_read_in_the_deck(content):
    """The statement is an official document the WTO's news links; its points were read only in the
    deck's reproduction, so the point-by-point table carries the deck's label (second audit)."""
    assert content.fact("wt-min-17-60").evidence == "official"
    points = content.fact("jsi-2017-points")
    assert points.evidence == "deck" and "deck's reproduction" in points.note


# --- 5. the December 2021 snapshot ---------------------------------------------------------------
def test_consolidated_areas_of_december_2021_are_in_the_snapshot(content):
    snap = content.fact("convergence-2021-12")
    stages = {t: content.stage_of_topic(t, snap.id) for t in CONSOLIDATED_2021}
    assert [t for t, s in stages.items() if s is None] == []
    assert len({s.id for s in stages.values()}) == 1, "the statement puts them all in one group"
    stage = next(iter(stages.values()))
    assert "consolidated" in stage.label.lower()
    assert not content.stage_complete(snap, stage)  # the statement says "including"


def test_topic_progress_shows_each_stage_the_data_gives(content):
    html = render.topic_progress(content, SNAPSHOTS)
    rows = rows_of(html, "progress")
    topics = {t for s in SNAPSHOTS for stage in content.fact(s).stages for t in stage.topics}
    assert set(rows) == topics
    for topic_id, cells in rows.items():
        assert cells[0] == content.fact(topic_id).name
        for snap_id, cell in zip(SNAPSHOTS, cells[1:], strict=True):
            stage = content.stage_of_topic(topic_id, snap_id)
            assert cell == (stage.label if stage else "\u2014"), (topic_id, snap_id, cell)
    caption = BeautifulSoup(str(html), "html.parser").caption.get_text(" ", strip=True).lower()
    assert "dash" in caption and "not name" in caption and "dropped" in caption


def test_december_2021_stages_explain_articles_and_mark_the_open_list(content):
    snap = content.fact("convergence-2021-12")
    html = render.stages(content, snap.id)
    doc = BeautifulSoup(str(html), "html.parser")
    note = doc.select_one(".course-table-note")
    assert note is not None and " ".join(snap.note.split()) in " ".join(note.get_text(" ").split())
    articles = content.fact("convergence-2021-12-articles").value
    convergence = next(s for s in snap.stages if "convergence" in s.label.lower())
    assert (articles, len(convergence.topics)) == (8, 9)
    assert "eight articles" in snap.note.lower() and "nine topics" in snap.note.lower()
    rows = rows_of(html, snap.id)
    for stage in snap.stages:
        marked = "not exhaustive" in rows[stage.id][1]
        assert marked == (not content.stage_complete(snap, stage)), (stage.id, rows[stage.id])
    assert any(not content.stage_complete(snap, s) for s in snap.stages)


# --- 6. structured discussion ----------------------------------------------------------------------
def test_structured_discussion_names_more_than_one_track(content):
    """Section 7.4: the WTO used the name for plurilateral groups too, so it cannot place the meeting."""
    term = " ".join(content.fact("term-structured-discussion").definition.split())
    assert "investment facilitation" in term and "environmental sustainability" in term
    assert "most likely" not in term and "General Council's term" not in term
    track = content.fact("sd-track")
    assert "open question" in track.text and "cannot place" in track.text
    assert {"wto-news-2017-12-13", "wto-tessd", "wto-webinar-2020"} <= set(track.source)


# --- 7. glossary hedges ----------------------------------------------------------------------------
def concerns_mc14(fact) -> bool:
    if fact.id in MC14_FACTS or "mc14" in (getattr(fact, "at", None), getattr(fact, "body", None)):
        return True
    date = getattr(fact, "date", None)
    return date is not None and date.year == 2026


def test_glossary_hedges_mc14_events(content):
    hedged = [t for t in content.of_kind(Term)
              if any(content.fact(f).evidence == "secondary" and concerns_mc14(content.fact(f)) for f in t.see)]
    assert hedged, "no glossary entry sees an MC14 fact: the test has nothing to check"
    unhedged = [t.id for t in hedged
                if t.evidence != "secondary" or "secondary source" not in t.definition.lower()]
    assert unhedged == [], "entries about MC14 must say they rest on secondary sources"


def test_electronic_transmission_has_no_agreed_definition(content):
    definition = " ".join(content.fact("term-electronic-transmission").definition.split())
    assert "not defined" in definition and "carrier" in definition and "content" in definition


def test_jsi_is_open_and_its_participants_changed(content):
    definition = " ".join(content.fact("term-jsi").definition.split())
    assert re.search(r"\bopen\b", definition)
    assert re.search(r"participants changed", definition)


# The words a definition uses to say that part of it rests on weaker evidence than its label.
HEDGES = {"secondary": r"secondary source", "deck": r"\bthe deck\b|\bdeck's\b"}


def test_no_term_claims_more_than_the_facts_it_sees(content):
    """A glossary entry labelled more firmly than a fact it points to says in words which part is
    weaker ("the deck's meeting", "secondary sources report"). Topics are exempt as targets: a topic
    fact is only a name, sourced to the deck that lists it, and says nothing a definition could overclaim."""
    rank = {e: n for n, e in enumerate(EVIDENCE_ORDER)}
    overclaims = []
    for term in content.of_kind(Term):
        definition = " ".join(term.definition.split())
        for seen in (content.fact(f) for f in term.see):
            if isinstance(seen, Topic) or rank[term.evidence] >= rank[seen.evidence]:
                continue
            if not re.search(HEDGES.get(seen.evidence, "$^"), definition, re.IGNORECASE):
                overclaims.append(f"{term.id} ({term.evidence}) sees {seen.id} ({seen.evidence}) and does not say so")
    assert overclaims == []


# --- 8. evidence labels ----------------------------------------------------------------------------
def test_the_atcs_own_page(content):
    assert content.source("atc-final-post").kind == "own-page"
    closed = content.fact("atc-closed")
    assert closed.evidence == "own-page"
    badge = BeautifulSoup(render.cite(content, closed), "html.parser").select_one("span.evidence")
    assert badge["class"] == ["evidence", "evidence-own-page"]
    assert badge.get_text() == EVIDENCE_LABELS["own-page"]
    assert "official" not in badge.get_text()


def test_dedicated_discussions_are_official(content):
    assert content.fact("gc-dedicated-discussions").evidence == "official"


# --- 10. the question bank ---------------------------------------------------------------------------
def test_the_real_question_bank_tests_every_fact(content):
    from quizzes.core.load import load_bank

    try:
        bank = load_bank(ROOT / "quizzes" / "bank", content=content)
    except ProblemsFound as exc:
        pytest.fail(f"quizzes/bank/ does not load ({len(exc.problems)} problems, first: {exc.problems[0]})")
    _tested, untested = bank.coverage()
    assert untested == []


# --- 9. the built book -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages(built_book) -> dict[str, BeautifulSoup]:
    """Every built page of book/, parsed once: docname ("book/glossary") -> soup."""
    html = built_book / "_build" / "html"
    return {f"book/{p.stem}": BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted((html / "book").glob("*.html"))}


def module_docnames() -> list[str]:
    return [f"book/{p.stem}" for p in sorted((ROOT / "book").glob("0*.md"))]


def heading_text(h) -> str:
    return " ".join("".join(s for s in h.strings if not (s.parent.name == "a" and "headerlink" in
                                                            (s.parent.get("class") or []))).split())


@pytest.mark.build
def test_built_glossary_shows_each_terms_evidence(pages, content):
    glossary = pages["book/glossary"]
    definitions = {}
    for dt in glossary.select("dl.glossary dt"):
        definitions[heading_text(dt)] = dt.find_next_sibling("dd")
    missing, wrong = [], []
    for term in content.of_kind(Term):
        dd = definitions.get(term.term)
        if dd is None:
            missing.append(term.id)
            continue
        badges = dd.select("span.evidence")
        if (len(badges) != 1 or badges[0].get("class") != ["evidence", f"evidence-{term.evidence}"]
                or badges[0].get_text(strip=True) != EVIDENCE_LABELS[term.evidence]):
            wrong.append((term.id, [(b.get("class"), b.get_text(strip=True)) for b in badges]))
    assert missing == [] and wrong == []


BLOCKS = {"p", "li", "dd", "dt", "td", "th", "caption", "figcaption", "blockquote",
          "h1", "h2", "h3", "h4", "h5", "h6"}


def text_before(span) -> str:
    """The text of the span's block (paragraph, list item, cell) that comes before the span."""
    block = span.find_parent(lambda tag: tag.name in BLOCKS) or span.parent
    before = []
    for node in block.descendants:
        if node is span:
            break
        if isinstance(node, NavigableString) and not any(
                p is span or "course-fact-cite" in (p.get("class") or []) for p in node.parents):
            before.append(str(node))  # a fact's citation numbers are not prose
    return "".join(before)


@pytest.mark.build
def test_built_fact_sentences_carry_their_sources(pages, content):
    """Every sentence of the record dropped into prose links to the sources it rests on, so a reader can
    tell which source is meant."""
    seen = 0
    for docname, page in pages.items():
        for span in page.select("span.course-fact-sentence"):
            seen += 1
            cite = span.find_next_sibling()
            assert cite is not None and "course-fact-cite" in (cite.get("class") or []), (docname, span.get_text()[:60])
            links = [a["href"] for a in cite.select("a.course-cite")]
            assert links and all(h.startswith("references.html#src-") for h in links), (docname, links)
            assert all(h.split("#src-")[1] in content.sources for h in links)
    assert seen


@pytest.mark.build
def test_built_fact_sentences_start_a_sentence(pages):
    run_ons, seen = [], 0
    for docname, page in pages.items():
        for span in page.select("span.course-fact-sentence"):
            seen += 1
            before = " ".join(text_before(span).split())
            if before and not before.endswith(SENTENCE_ENDS):
                run_ons.append(f"{docname}: ...{before[-40:]!r} + {span.get_text()[:40]!r}")
    assert seen, "no page drops a whole fact sentence into prose: the check has nothing to check"
    assert run_ons == []


def section_list_items(h2) -> list:
    section = h2.find_parent("section") or h2.parent
    lists = [child for child in section.find_all(["ul", "ol"], recursive=False)]
    return lists[0].find_all("li", recursive=False) if lists else []


@pytest.mark.build
@pytest.mark.parametrize("docname", module_docnames())
def test_built_module_page_has_key_points_and_discussion(pages, docname):
    page = pages[docname]
    main = page.select_one("main") or page
    headings = [heading_text(h) for h in main.find_all("h2")]
    h2s = dict(zip(headings, main.find_all("h2")))
    assert "Key points" in h2s, f"{docname}: no 'Key points' section (h2s: {headings})"
    assert "For discussion" in h2s, f"{docname}: no 'For discussion' section (h2s: {headings})"
    assert 3 <= len(section_list_items(h2s["Key points"])) <= 6
    assert 2 <= len(section_list_items(h2s["For discussion"])) <= 3
    assert "Check your understanding" in h2s
    check = headings.index("Check your understanding")
    assert headings.index("Key points") < check and headings.index("For discussion") < check


@pytest.mark.build
def test_built_references_show_what_rests_on_each_source(pages, content):
    """A reviewer checks a fact against its page without guessing: each entry lists the facts that rest
    on the source, with the source's own words."""
    page = pages["book/references"]
    entries = {li["data-id"]: li for li in page.select("ol.course-bibliography > li")}
    assert set(entries) == set(content.sources)
    expected: dict[str, list[str]] = {}
    for fact in content.facts.values():
        for source_id, words in fact.support.items():
            expected.setdefault(source_id, []).append(" ".join(words.split()))
    assert expected, "no fact quotes its sources: the test has nothing to check"
    for source_id, quotes in expected.items():
        shown = entries[source_id].select("details.source-support li")
        assert len(shown) == len(quotes), source_id
        text = " ".join(entries[source_id].get_text(" ").split())
        assert all(q in text for q in quotes), source_id
    assert "fact check" not in " ".join(page.get_text(" ").split()).lower()


# The five topics section 7.5 asks for: the page and the heading a learner finds each under.
TOPIC_SECTIONS = {
    "book/01-work-programme": ["What charging a duty would take", "Carrier or content",
                               "Services: modes of supply, and a dispute that tested them"],
    "book/04-negotiations": ["How a plurilateral outcome enters WTO law, or stays outside it"],
}


@pytest.mark.build
@pytest.mark.parametrize("docname", sorted(TOPIC_SECTIONS))
def test_built_pages_teach_the_five_topics(pages, docname):
    main = pages[docname].select_one("main") or pages[docname]
    headings = [heading_text(h) for h in main.find_all(["h2", "h3"])]
    missing = [h for h in TOPIC_SECTIONS[docname] if not any(h.lower() in x.lower() for x in headings)]
    assert missing == []
    text = " ".join(main.get_text(" ").split())
    if docname == "book/04-negotiations":
        assert "Provision" in text and "UNCITRAL" in text  # what the Agreement contains beyond its groups


@pytest.mark.build
def test_built_book_and_its_trainer_files_ship_no_withdrawn_claim(built_book):
    """What a learner reads and a trainer downloads (the pages, the ready-made exports) says none of the
    claims section 7 withdraws: the corrections reach every view of the data, not only the data."""
    html = built_book / "_build" / "html"
    files = [*html.glob("book/*.html"), *html.glob("index.html"),
             *[p for p in html.glob("trainer/*") if p.suffix in (".html", ".gift", ".xml")]]
    assert any(p.parent.name == "trainer" for p in files), "no trainer file was built: the test has nothing to check"
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = BeautifulSoup(text, "html.parser").get_text(" ")
        found += withdrawn_in(str(path.relative_to(html)), text)
    assert found == []
