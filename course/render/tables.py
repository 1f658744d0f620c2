"""HTML for the book's generated tables, lists and bibliography, straight from the content data.

Why HTML built here and not Markdown: every string from YAML passes through ``html.escape`` once,
in :func:`esc`, so no text in ``content/`` can inject markup. Each table carries ``data-table`` and
each row ``data-id`` so tests can compare the built pages with the data.
"""

from __future__ import annotations

from collections.abc import Sequence

from course.content import Content
from course.content.model import Count, Discrepancy, ListFact, Snapshot, Source
from course.content.vocab import OUTCOME_LABELS
from course.render.kit import REFERENCES_PAGE, Html, cite, esc, source_number, table_html


def _docs(content: Content, ids: Sequence[str]) -> str:
    return "<br>".join(esc(content.fact(d).symbol) for d in ids)


def _topic_names(content: Content, ids: Sequence[str]) -> str:
    return "; ".join(esc(content.fact(t).name) for t in ids)


# -- tables -----------------------------------------------------------------------------------
def objectives(content: Content, module_id: str | None = None) -> Html:
    """All modules' objectives (the introduction), or one module's (the top of its page)."""
    if module_id:
        module = content.module(module_id)
        rows = [(o.id, [str(n), esc(o.text)]) for n, o in enumerate(module.objectives, 1)]
        return table_html(f"objectives-{module_id}", "In this module you will learn to", ["#", "Objective"], rows)
    rows = []
    for module in map(content.module, [m.id for m in content.course.modules]):
        for objective in module.objectives:
            rows.append((objective.id, [esc(f"{module.number}. {module.title}"), esc(objective.text)]))
    return table_html("objectives", "Learning objectives, module by module", ["Module", "You will be able to"], rows)


def events(content: Content, ids: Sequence[str] | None = None, caption: str = "Events") -> Html:
    chosen = (content.events() if ids is None
              else sorted((content.fact(i) for i in ids), key=lambda e: e.date.sort_key()))
    rows = [
        (e.id, [esc(e.when()), esc(e.title), esc(content.actor(e.body)), _docs(content, e.documents), cite(content, e)])
        for e in chosen
    ]
    return table_html("events" if ids is None else "events-" + "-".join(ids[:1]), caption,
                  ["Date", "What happened", "Who", "Documents", "Evidence"], rows)


def moratorium(content: Content) -> Html:
    rows = []
    for d in content.moratorium():
        where = content.fact(d.at)
        rows.append((d.id, [esc(content.label(where)), esc(d.when()), esc(OUTCOME_LABELS[d.outcome]),
                            esc(d.summary), _docs(content, d.documents), cite(content, d)]))
    return table_html("moratorium",
                      "The moratorium on customs duties on electronic transmissions, decision by decision",
                      ["Where", "When", "Outcome", "What was decided", "Documents", "Evidence"], rows)


def counts(content: Content, ids: Sequence[str], caption: str = "Figures") -> Html:
    rows = []
    for count_id in ids:
        c: Count = content.fact(count_id)
        figure = esc(c.human())
        if c.variants:
            figure += f' <span class="variants">(also reported: {esc(", ".join(f"{v:g}" for v in c.variants))})</span>'
        rows.append((c.id, [esc(c.of[:1].upper() + c.of[1:]), figure, esc(c.as_of.human()), cite(content, c)]))
    return table_html("counts-" + ids[0], caption, ["What", "Figure", "As of", "Evidence"], rows)


def items(content: Content, list_id: str, with_quotes: bool = False, header: str = "Point",
          quotes_header: str = "In the source's words") -> Html:
    fact: ListFact = content.fact(list_id)
    headers = ["#", header] + ([quotes_header] if with_quotes else [])
    rows = []
    for n, item in enumerate(fact.items, 1):
        cells = [str(n), esc(content.item_text(item))]
        if with_quotes:
            cells.append(f"&ldquo;{esc(item.quote)}&rdquo;" if item.quote else "")
        rows.append((item.id, cells))
    caption = fact.title + ("" if fact.complete else " (the source's list, which it does not give as complete)")
    table = table_html(list_id, caption, headers, rows)
    return Html(f'{table}<p class="course-table-source">Source: {cite(content, fact)}</p>', table.plain)


def themes(content: Content, grouping_id: str, described: bool = False) -> Html:
    """A grouping's themes and their topics; ``described`` adds each theme's note (what the source
    lists under it) and heads the topics column as the course's matching."""
    grouping = content.fact(grouping_id)
    rows = []
    for t in content.themes_of(grouping_id):
        cells = [esc(t.name)] + ([esc(t.note or "")] if described else [])
        cells.append(_topic_names(content, t.topics) or "<em>(topics not listed by this source)</em>")
        rows.append((t.id, cells))
    headers = (["Group", "What the source lists", "The deck's topics (the course's matching)"] if described
               else ["Theme", "Topics"])
    table = table_html(grouping_id, grouping.title, headers, rows)
    return Html(f'{table}<p class="course-table-source">Source: {cite(content, grouping)}</p>', table.plain)


def kept_and_left_out(content: Content, grouping_id: str, text_grouping_id: str, left_out_id: str,
                      named_id: str | None = None) -> Html:
    """Each topic of one grouping (the deck's), with its theme there and what a later text did with it:
    the group it sits in, named in the text outside those groups (``named_id``, a list of topics), left
    out, or a dash where the sources on that text do not name it."""
    text_grouping = content.fact(text_grouping_id)
    left_out: ListFact = content.fact(left_out_id)
    dropped = {i.ref for i in left_out.items}
    named_list: ListFact | None = content.fact(named_id) if named_id else None
    named = {i.ref for i in named_list.items} if named_list else set()
    rows = []
    for theme in content.themes_of(grouping_id):
        for topic_id in theme.topics:
            group = content.theme_of_topic(topic_id, text_grouping_id)
            if group is not None:
                fate = esc(group.name)
            elif topic_id in named:
                fate = f"Named in the text, outside the three groups {cite(content, named_list)}"
            elif topic_id in dropped:
                fate = f"<strong>Left out</strong> {cite(content, left_out)}"
            else:
                fate = "&mdash;"
            rows.append((topic_id, [esc(content.fact(topic_id).name), esc(theme.name), fate]))
    caption = (f"The deck's topics, kept or left out. Groups: {text_grouping.title}. A dash: the sources on "
               "that text do not name the topic, which does not mean it is absent")
    table = table_html(f"kept-{text_grouping_id}", caption, ["Topic", "Deck's theme", "In the 2024 text"], rows)
    return Html(f'{table}<p class="course-table-source">Groups: {cite(content, text_grouping)}</p>', table.plain)


def stages(content: Content, snapshot_id: str) -> Html:
    snap: Snapshot = content.fact(snapshot_id)
    rows = []
    for s in snap.stages:
        topics = _topic_names(content, s.topics)
        if s.complete is False:  # the source says "including" for this stage
            topics += " <em>(the source says &ldquo;including&rdquo;: not exhaustive)</em>"
        rows.append((s.id, [esc(s.label), topics]))
    table = table_html(snapshot_id, f"{snap.title} (as of {snap.as_of.human()})", ["Stage", "Topics"], rows)
    note = f'<p class="course-table-note">Note: {esc(snap.note)}</p>' if snap.note else ""
    return Html(f'{table}<p class="course-table-source">Source: {cite(content, snap)}</p>{note}', table.plain)


def topic_progress(content: Content, snapshot_ids: Sequence[str]) -> Html:
    """One row per topic, one column per dated snapshot: how a topic's status moved."""
    snaps: list[Snapshot] = [content.fact(s) for s in snapshot_ids]
    topic_ids = []
    for snap in snaps:
        for stage in snap.stages:
            topic_ids += [t for t in stage.topics if t not in topic_ids]
    headers = ["Topic"] + [f"{s.short}, {s.date.human()}" if s.short else s.date.human() for s in snaps]
    rows = []
    for topic_id in topic_ids:
        cells = [esc(content.fact(topic_id).name)]
        for snap in snaps:
            stage = content.stage_of_topic(topic_id, snap.id)
            cells.append(esc(stage.label) if stage else "&mdash;")
        rows.append((topic_id, cells))
    caption = ("Topics across the dated snapshots. A dash means that source does not name the topic; it does "
               "not mean the topic was dropped")
    return table_html("progress", caption, headers, rows)


def discrepancies(content: Content, ids: Sequence[str] | None = None) -> Html:
    chosen = [content.fact(i) for i in ids] if ids else content.of_kind(Discrepancy)
    rows = [(d.id, [esc(d.topic), esc(d.deck), esc(d.record), esc(d.teach), cite(content, d)]) for d in chosen]
    return table_html("discrepancies" if ids is None else "discrepancies-" + ids[0],
                  "Where the deck and the public record differ",
                  ["Topic", "The deck says", "The record says", "How this course teaches it", "Sources"], rows)


def page_sources(content: Content, module_id: str | None = None, fact_ids: Sequence[str] = ()) -> Html:
    """The bibliography entries cited by a module's facts (and any extra facts the page shows)."""
    facts = content.module_facts(module_id) if module_id else []
    facts += [content.fact(i) for i in fact_ids]
    entries = "".join(
        f'<li><a href="{REFERENCES_PAGE}#src-{esc(s.id)}">[{source_number(content, s.id)}]</a> '
        f"{esc(s.author)}, {esc(s.title)}</li>"
        for s in content.sources_for(facts)
    )
    return Html(f'<ul class="course-page-sources" data-table="page-sources">{entries}</ul>',
                f"{len(content.sources_for(facts))} sources")


def bibliography(content: Content) -> Html:
    """Every source, numbered, with what the course takes from it: each fact resting on it and the
    words of the source that bear the fact out, so a reader can check one against the other."""
    relied: dict[str, list[tuple[str, str]]] = {s: [] for s in content.sources}
    for fact in content.facts.values():
        for source_id, words in fact.support.items():
            relied.setdefault(source_id, []).append((content.label(fact), words))
    entries = []
    for n, s in enumerate(content.sources.values(), 1):
        content.source(s.id)
        entries.append(f'<li id="src-{esc(s.id)}" data-id="{esc(s.id)}" value="{n}">{_entry(s)}'
                       f'{_relied_on(relied[s.id])}</li>')
    return Html(f'<ol class="course-bibliography" data-table="bibliography">{"".join(entries)}</ol>',
                f"{len(entries)} sources")


def _relied_on(uses: list[tuple[str, str]]) -> str:
    if not uses:
        return ""
    items = "".join(f'<li><span class="source-fact">{esc(label)}</span>: \u201c{esc(words)}\u201d</li>'
                    for label, words in uses)
    return (f'<details class="source-support"><summary>What the course rests on it '
            f'({len(uses)} fact{"s" if len(uses) != 1 else ""}), in its words</summary><ul>{items}</ul></details>')


def _entry(s: Source) -> str:
    parts = [f"<strong>{esc(s.author)}</strong>. {esc(s.title)}"]
    if s.symbol:
        parts.append(f"<code>{esc(s.symbol)}</code>")
    if s.date:
        parts.append(esc(s.date.human()))
    if s.url:
        parts.append(f'<a class="reference external" href="{esc(s.url)}"><code>{esc(s.url)}</code></a>')
    if s.checked:
        parts.append(f"checked {esc(s.checked.human())}")
    text = ". ".join(parts) + "."
    kind = {"deck": "source deck", "official": "official", "secondary": "secondary",
            "own-page": "the organisation's own page"}
    text += f' <span class="source-kind source-kind-{esc(s.kind)}">{esc(kind[s.kind])}</span>'
    if s.note:
        text += f'<br><span class="source-note">{esc(s.note)}</span>'
    return text


__all__ = [
    "Html", "esc", "cite", "objectives", "events", "moratorium", "counts", "items", "themes", "stages",
    "kept_and_left_out", "topic_progress", "discrepancies", "page_sources", "bibliography",
]
