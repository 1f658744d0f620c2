"""Cross-file checks of the content: what a schema cannot see.

Every id unique across files; every reference resolves to a fact of the right kind; every fact's
evidence matches the kind of source it cites; no date after the course's own ``as_of``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .content import Content
from .model import (
    Body, Conference, Discrepancy, Document, Event, Grouping, ListFact, MoratoriumDecision,
    Snapshot, Term, Theme, Topic,
)
from .problems import Problem

# evidence -> the source kinds that can support it
EVIDENCE_SOURCES = {
    "official": {"official"},
    "secondary": {"secondary", "fact-check"},
    "deck": {"deck"},
    "unconfirmed": {"fact-check"},
}


def check(content: Content) -> list[Problem]:
    problems: list[Problem] = []
    problems += list(_duplicates(content))
    problems += list(_references(content))
    problems += list(_evidence(content))
    problems += list(_dates(content))
    problems += list(_groupings(content))
    return problems


def _at(content: Content, fact_id: str, message: str, file: str | None = None, line: int | None = None) -> Problem:
    where_file, where_line = content.where.get(fact_id, ("", 0))
    return Problem(file or where_file, line or where_line, fact_id, message)


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
        for source in fact.source:
            if source not in content.sources:
                yield _at(content, fact.id, f"unknown source {source!r}: add it to content/sources.yml")
        refs: list[tuple[str, str | None, tuple]] = []  # (field, id, allowed kinds)
        if isinstance(fact, Event):
            refs.append(("body", fact.body, (Body, Conference)))
        if isinstance(fact, (Event, MoratoriumDecision)) or hasattr(fact, "documents"):
            refs += [("documents", d, (Document,)) for d in getattr(fact, "documents", [])]
        if isinstance(fact, MoratoriumDecision):
            refs.append(("at", fact.at, (Body, Conference)))
        if isinstance(fact, Theme):
            refs.append(("grouping", fact.grouping, (Grouping,)))
            refs += [("topics", t, (Topic,)) for t in fact.topics]
        if isinstance(fact, Grouping):
            refs += [("themes", t, (Theme,)) for t in fact.themes]
        if isinstance(fact, Snapshot):
            refs += [("topics", t, (Topic,)) for stage in fact.stages for t in stage.topics]
        if isinstance(fact, ListFact):
            refs += [("items.ref", i.ref, None) for i in fact.items if i.ref]
            for item in fact.items:
                if bool(item.text) == bool(item.ref):
                    yield _at(content, item.id, "an item needs either text or ref, not both")
        for field, ref in [("facts", r) for r in getattr(fact, "facts", [])] + [("see", r) for r in getattr(fact, "see", [])]:
            if ref not in anything:
                yield _at(content, fact.id, f"{field}: unknown fact id {ref!r}")
        for field, ref, kinds in refs:
            if ref is None:
                continue
            target = content.facts.get(ref)
            if target is None:
                yield _at(content, fact.id, f"{field}: unknown fact id {ref!r}")
            elif kinds and not isinstance(target, kinds):
                names = " or ".join(k.model_fields["kind"].annotation.__args__[0] for k in kinds)
                yield _at(content, fact.id, f"{field}: {ref!r} is a {target.kind}, expected a {names}")


def _evidence(content: Content) -> Iterator[Problem]:
    for fact in content.facts.values():
        kinds = {content.sources[s].kind for s in fact.source if s in content.sources}
        if kinds and not kinds & EVIDENCE_SOURCES[fact.evidence]:
            wanted = " or ".join(sorted(EVIDENCE_SOURCES[fact.evidence]))
            yield _at(content, fact.id, f"evidence {fact.evidence!r} needs a source of kind {wanted}")
    cited = {s for fact in content.facts.values() for s in fact.source}
    for source_id in content.sources:
        if source_id not in cited:
            yield _at(content, source_id, "source is never cited: cite it or remove it")


def _dates(content: Content) -> Iterator[Problem]:
    limit = content.course.as_of.sort_key()
    for fact in content.facts.values():
        for field in ("date", "end_date", "as_of"):
            value = getattr(fact, field, None)
            if value is not None and value.sort_key() > limit:
                yield _at(content, fact.id, f"{field} {value} is after the course's as_of ({content.course.as_of})")
        end = getattr(fact, "end_date", None)
        if end is not None and end.sort_key() < fact.date.sort_key():
            yield _at(content, fact.id, f"end_date {end} is before date {fact.date}")


def _groupings(content: Content) -> Iterator[Problem]:
    for grouping in content.of_kind(Grouping):
        placed: dict[str, str] = {}
        for theme_id in grouping.themes:
            theme = content.facts.get(theme_id)
            if not isinstance(theme, Theme):
                continue
            if theme.grouping != grouping.id:
                yield _at(content, theme.id, f"listed in grouping {grouping.id!r} but says grouping {theme.grouping!r}")
            for topic in theme.topics:
                if topic in placed:
                    yield _at(content, theme.id, f"topic {topic!r} is already under {placed[topic]!r} in {grouping.id!r}")
                placed[topic] = theme.id
    for theme in content.of_kind(Theme):
        grouping = content.facts.get(theme.grouping)
        if isinstance(grouping, Grouping) and theme.id not in grouping.themes:
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
