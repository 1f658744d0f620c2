"""Cross-file checks of the content: what a schema cannot see.

Every id unique across files; every reference resolves to a fact of the right kind; every source is
one a reader can open, and every fact carries the words of a cited source that bear it out; every fact's
evidence matches the kind of source it cites; no date after the course's own ``as_of``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Final, Literal, get_args

from course.content.index import Content
from course.content.model import (
    Body,
    Conference,
    Discrepancy,
    Document,
    Event,
    FactBase,
    Grouping,
    ListFact,
    MoratoriumDecision,
    Snapshot,
    Term,
    Theme,
    Topic,
)
from course.problems import Problem

# evidence -> the source kinds that can support it
EVIDENCE_SOURCES = {
    "official": {"official"},
    "secondary": {"secondary"},
    "deck": {"deck"},
    "own-page": {"own-page"},
}


class _AnyFact(enum.Enum):  # a sentinel of its own type, so that the checker can tell it from a tuple of kinds
    ANY_FACT = object()


ANY_FACT: Final = _AnyFact.ANY_FACT  # a reference that may name a fact of any kind, but not a list item or a stage
# The kinds of fact a reference may name: some kinds, any fact (ANY_FACT), or None for any id at all.
Kinds = tuple[type[FactBase], ...] | Literal[_AnyFact.ANY_FACT] | None


def check(content: Content) -> list[Problem]:
    problems: list[Problem] = []
    problems += list(_duplicates(content))
    problems += list(_references(content))
    problems += list(_openable(content))
    problems += list(_evidence(content))
    problems += list(_support(content))
    problems += list(_dates(content))
    problems += list(_groupings(content))
    problems += list(_objectives(content))
    return problems


def _objectives(content: Content) -> Iterator[Problem]:
    """A fact's objective is one of its own module's (a fact of no module's, the glossary's say, may
    serve any): the questions generated from it are filed there."""
    owner = {o.id: m.id for m in content.course.modules for o in m.objectives}
    for fact in content.facts.values():
        if fact.objective is None:
            continue
        module = content.module_of.get(fact.id)
        if fact.objective not in owner:
            yield _at(content, fact.id, f"objective {fact.objective!r} is not in course.yml", "objective")
        elif module is not None and owner[fact.objective] != module:
            mine = ", ".join(o.id for m in content.course.modules if m.id == module for o in m.objectives)
            yield _at(content, fact.id, f"objective {fact.objective!r} belongs to module {owner[fact.objective]!r}; "
                                        f"this fact's module {module!r} has: {mine}", "objective")


def _at(content: Content, fact_id: str, message: str, *field) -> Problem:
    """A problem located at ``field`` of the fact (e.g. "date", or "topics", 2), else at the fact."""
    file, line = content.where.get(fact_id, ("", 0))
    return Problem(file, content.line_of(fact_id, *field) if field else line, fact_id, message)


def _duplicates(content: Content) -> Iterator[Problem]:
    seen: dict[str, tuple[str, int]] = {}
    course = content.course_file
    for i, module in enumerate(content.course.modules):
        yield from _claim(seen, module.id, course.name, course.line("modules", i))
        for j, objective in enumerate(module.objectives):
            yield from _claim(seen, objective.id, course.name, course.line("modules", i, "objectives", j))
    for located in content.files:
        for index, source in enumerate(located.model.sources):
            yield from _claim(seen, source.id, located.name, located.line("sources", index))
        for index, fact in enumerate(located.model.facts):
            yield from _claim(seen, fact.id, located.name, located.line("facts", index))
            for j, item in enumerate(getattr(fact, "items", [])):
                yield from _claim(seen, item.id, located.name, located.line("facts", index, "items", j))
            for j, stage in enumerate(getattr(fact, "stages", [])):
                yield from _claim(seen, stage.id, located.name, located.line("facts", index, "stages", j))
    terms: dict[str, str] = {}
    for term in content.of_kind(Term):
        key = term.term.lower()
        if key in terms:
            yield _at(content, term.id, f"glossary term {term.term!r} is already defined by {terms[key]!r}")
        terms[key] = term.id


def _claim(seen: dict, ident: str, file: str, line: int) -> Iterator[Problem]:
    if ident in seen:
        first_file, first_line = seen[ident]
        where = f"{first_file}:{first_line}" if first_line else first_file
        yield Problem(file, line, ident, f"duplicate id (first defined at {where})")
    else:
        seen[ident] = (file, line)


def _references(content: Content) -> Iterator[Problem]:
    modules = {m.id for m in content.course.modules}
    for located in content.files:
        if located.model.module is not None and located.model.module not in modules:
            yield Problem(located.name, located.line("module"), located.model.module,
                          f"unknown module; course.yml lists {', '.join(sorted(modules))}")
    anything = set(content.facts) | set(content.items) | set(content.stages)
    for fact in content.facts.values():
        for n, source in enumerate(fact.source):
            if source not in content.sources:
                yield _at(content, fact.id, f"unknown source {source!r}: add it to sources.yml", "source", n)
        # (place in the fact, id referred to, kinds allowed, None for any id, ANY_FACT for any fact)
        refs: list[tuple[tuple[str | int, ...], str | None, Kinds]] = []
        if isinstance(fact, Event):
            refs.append((("body",), fact.body, (Body, Conference)))
        refs += [(("documents", n), d, (Document,)) for n, d in enumerate(getattr(fact, "documents", []))]
        if isinstance(fact, MoratoriumDecision):
            refs.append((("at",), fact.at, (Body, Conference)))
        if isinstance(fact, Theme):
            refs.append((("grouping",), fact.grouping, (Grouping,)))
            refs += [(("topics", n), t, (Topic,)) for n, t in enumerate(fact.topics)]
        if isinstance(fact, Grouping):
            refs += [(("themes", n), t, (Theme,)) for n, t in enumerate(fact.themes)]
        if isinstance(fact, Snapshot):
            refs += [(("stages", i, "topics", n), t, (Topic,))
                     for i, stage in enumerate(fact.stages) for n, t in enumerate(stage.topics)]
        if isinstance(fact, ListFact):
            refs += [(("disjoint", n), d, (ListFact, Grouping)) for n, d in enumerate(fact.disjoint)]
            for n, item in enumerate(fact.items):
                if item.ref == item.id:
                    yield _at(content, fact.id, f"items: item {item.id!r} refers to itself: give its text, or the "
                                                "id of the fact it stands for", "items", n, "ref")
                elif item.ref:  # the page prints the fact's name (Content.item_text): an item or a stage has none
                    refs.append((("items", n, "ref"), item.ref, ANY_FACT))
                if item.text and item.ref:
                    yield _at(content, fact.id, f"item {item.id!r} has both text and ref: keep one", "items", n)
                if not item.text and not item.ref:
                    yield _at(content, fact.id, f"item {item.id!r} needs text or a ref", "items", n)
        refs += [(("facts", n), r, None) for n, r in enumerate(getattr(fact, "facts", []))]
        refs += [(("see", n), r, None) for n, r in enumerate(getattr(fact, "see", []))]
        for place, ref, kinds in refs:
            if ref is None:
                continue
            field = place[0] if len(place) < 3 else ".".join(str(p) for p in place[:-1] if isinstance(p, str))
            target = content.facts.get(ref)
            if ref not in anything:
                yield _at(content, fact.id, f"{field}: unknown fact id {ref!r}", *place)
            elif kinds is ANY_FACT:
                if target is None:
                    what = "list item" if ref in content.items else "stage"
                    yield _at(content, fact.id, f"{field}: {ref!r} is a {what}, not a fact: an item stands for a fact, "
                                                "whose name the page prints", *place)
            elif kinds and not isinstance(target, kinds):
                names = " or ".join(get_args(k.model_fields["kind"].annotation)[0] for k in kinds)
                what = target.kind if target is not None else "list item or stage"
                yield _at(content, fact.id, f"{field}: {ref!r} is a {what}, expected a {names}", *place)


def _evidence(content: Content) -> Iterator[Problem]:
    for fact in content.facts.values():
        cited = [(s, content.sources[s].kind) for s in fact.source if s in content.sources]
        if cited and not {kind for _, kind in cited} & EVIDENCE_SOURCES[fact.evidence]:
            wanted = " or ".join(sorted(EVIDENCE_SOURCES[fact.evidence]))
            has = ", ".join(f"{s} ({kind})" for s, kind in cited)
            yield _at(content, fact.id, f"evidence {fact.evidence!r} needs a source of kind {wanted}; it cites {has}",
                      "evidence")
    cited_ids = {s for fact in content.facts.values() for s in fact.source}
    for source_id in content.sources:
        if source_id not in cited_ids:
            yield _at(content, source_id, "source is never cited: cite it or remove it")


def _openable(content: Content) -> Iterator[Problem]:
    """A source is something a reader can open: a page by its address or an official document by its
    symbol, read on a stated date. The deck is kept with the course's sources, so it needs neither."""
    for source in content.sources.values():
        if source.kind == "deck":
            continue
        if not source.url and not source.symbol:
            yield _at(content, source.id, "a reader cannot open this source: give its url, or its document symbol")
        if source.checked is None:
            yield _at(content, source.id, "say when the course read this source (checked: YYYY-MM-DD)")


def _support(content: Content) -> Iterator[Problem]:
    """Copying an address is not reading it: for every source it cites, a fact carries the few words of
    that source that bear it out (support: {source-id: words}). The deck is at hand beside the course, so
    it needs no quotation; a source with nothing to quote for a fact is not cited for it."""
    for fact in content.facts.values():
        for source_id in fact.support:
            if source_id not in fact.source:
                yield _at(content, fact.id, f"support: {source_id!r} is not among the sources this fact cites",
                          "support")
        for n, source_id in enumerate(fact.source):
            source = content.sources.get(source_id)
            if source is not None and source.kind != "deck" and source_id not in fact.support:
                yield _at(content, fact.id,
                          f"no words quoted from {source_id!r}: add support: {{{source_id}: the words of the page "
                          f"that bear the fact out}}, or do not cite it here", "source", n)


def _dates(content: Content) -> Iterator[Problem]:
    as_of = content.course.as_of
    precision = len(as_of.split("-"))  # compare at the as_of's precision: 2026-11-15 is within 2026-11
    limit = as_of.sort_key()[:precision]
    for fact in content.facts.values():
        for field in ("date", "end_date", "as_of"):
            value = getattr(fact, field, None)
            if value is not None and value.sort_key()[:precision] > limit:
                yield _at(content, fact.id, f"{field} {value} is after the course's as_of ({as_of})", field)
        if isinstance(fact, Event) and fact.end_date is not None and fact.end_date.sort_key() < fact.date.sort_key():
            yield _at(content, fact.id, f"end_date {fact.end_date} is before date {fact.date}", "end_date")


def _groupings(content: Content) -> Iterator[Problem]:
    for grouping in content.of_kind(Grouping):
        placed: dict[str, str] = {}
        listed: set[str] = set()
        for n, theme_id in enumerate(grouping.themes):
            theme = content.facts.get(theme_id)
            if theme_id in listed:
                yield _at(content, grouping.id, f"themes: {theme_id!r} is listed twice", "themes", n)
                continue
            listed.add(theme_id)
            if not isinstance(theme, Theme):
                continue
            if isinstance(content.facts.get(theme.grouping), Grouping) and theme.grouping != grouping.id:
                yield _at(content, theme.id, f"listed in grouping {grouping.id!r} but says grouping {theme.grouping!r}")
            for topic in theme.topics:
                if topic in placed:
                    yield _at(content, theme.id,
                              f"topic {topic!r} is already under {placed[topic]!r} in {grouping.id!r}")
                placed[topic] = theme.id
    for theme in content.of_kind(Theme):
        owner = content.facts.get(theme.grouping)
        if isinstance(owner, Grouping) and theme.id not in owner.themes:
            yield _at(content, theme.id, f"not listed in the themes of grouping {theme.grouping!r}")
    for snapshot in content.of_kind(Snapshot):
        staged: set[str] = set()
        for stage in snapshot.stages:
            for topic in stage.topics:
                if topic in staged:
                    yield _at(content, stage.id, f"topic {topic!r} is in two stages of {snapshot.id!r}")
                staged.add(topic)
    for discrepancy in content.of_kind(Discrepancy):
        if not discrepancy.facts:
            yield _at(content, discrepancy.id, "a discrepancy names the facts on either side (facts: [...])")
