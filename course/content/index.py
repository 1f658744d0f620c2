"""The loaded course: every fact by id, where it was written, and the questions pages ask of it.

Pages, the Sphinx extension and the quiz checker all read facts through this one object, so a fact
is looked up the same way everywhere and an unknown id fails the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from course.content import yamlio
from course.content.model import (
    Body,
    Conference,
    ContentFile,
    Count,
    Course,
    Document,
    Event,
    Fact,
    FactBase,
    Grouping,
    Item,
    ListFact,
    Module,
    MoratoriumDecision,
    Snapshot,
    Source,
    Stage,
    Term,
    Theme,
    Topic,
)

M = TypeVar("M", bound="ContentFile | None")  # a content file's model; None for course.yml, read on its own
F = TypeVar("F", bound=FactBase)  # a kind of fact


@dataclass
class ParsedFile(Generic[M]):
    """A parsed content file, with its raw data for line look-ups."""

    name: str
    raw: yamlio.Located
    model: M

    def line(self, *loc: str | int) -> int:
        return self.raw.line_of(loc)


class UnknownFact(KeyError):
    def __str__(self) -> str:
        return f"unknown fact id {self.args[0]!r}"


class Content:
    def __init__(self, folder: Path, course: Course, files: list[ParsedFile[ContentFile]],
                 course_file: ParsedFile[None]):
        self.folder = Path(folder)
        self.course_file = course_file
        self.course = course
        self.files = files
        self.sources: dict[str, Source] = {}
        self.facts: dict[str, Fact] = {}
        self.items: dict[str, tuple[ListFact, Item]] = {}
        self.stages: dict[str, tuple[Snapshot, Stage]] = {}
        self.where: dict[str, tuple[str, int]] = {}  # id -> (file, line), first definition
        # id -> (file, path to the fact in it)
        self._place: dict[str, tuple[ParsedFile[ContentFile], tuple[str | int, ...]]] = {}
        self.file_of: dict[str, Path] = {}  # id of a fact, item, stage or source -> its file
        self.module_of: dict[str, str | None] = {}
        self.reads: set[str] | None = None  # set by track_reads(): the files whose facts were looked up
        for located in files:
            for ident in _ids(located.model):
                self.file_of.setdefault(ident, Path(located.raw.path))
            for index, source in enumerate(located.model.sources):
                self.sources.setdefault(source.id, source)
                self.where.setdefault(source.id, (located.name, located.line("sources", index)))
            for index, fact in enumerate(located.model.facts):
                self.facts.setdefault(fact.id, fact)
                self.where.setdefault(fact.id, (located.name, located.line("facts", index)))
                self._place.setdefault(fact.id, (located, ("facts", index)))
                self.module_of.setdefault(fact.id, located.model.module)
                if isinstance(fact, ListFact):
                    for j, item in enumerate(fact.items):
                        self.items.setdefault(item.id, (fact, item))
                        self.where.setdefault(item.id, (located.name, located.line("facts", index, "items", j)))
                if isinstance(fact, Snapshot):
                    for j, stage in enumerate(fact.stages):
                        self.stages.setdefault(stage.id, (fact, stage))
                        self.where.setdefault(stage.id, (located.name, located.line("facts", index, "stages", j)))

    def line_of(self, fact_id: str, *field: str | int) -> int:
        """The line of a field of a fact ("date"; "topics", 2), or of the fact when not found."""
        if fact_id not in self._place:
            return self.where.get(fact_id, ("", 0))[1]
        located, path = self._place[fact_id]
        return located.line(*path, *field)

    # -- look-ups ---------------------------------------------------------------------------
    @contextmanager
    def untracked(self) -> Iterator[None]:
        """Look-ups made inside are no page's reads (proving or linting the bank reads every fact)."""
        reads, self.reads = self.reads, None
        try:
            yield
        finally:
            self.reads = reads

    def track_reads(self) -> set[str]:
        """Start recording which content files the look-ups below touch (for page dependencies)."""
        self.reads = set()
        return self.reads

    def _read(self, ident: str) -> None:
        if self.reads is not None and ident in self.where:
            self.reads.add(self.where[ident][0])

    def fact(self, fact_id: str):
        try:
            fact = self.facts[fact_id]
        except KeyError:
            raise UnknownFact(fact_id) from None
        self._read(fact_id)
        return fact

    def of_kind(self, kind: type[F], module: str | None = None) -> list[F]:
        found: list[F] = [
            f for f in self.facts.values()
            if isinstance(f, kind) and (module is None or self.module_of[f.id] == module)
        ]
        for fact in found:
            self._read(fact.id)
        return found

    def source(self, source_id: str) -> Source:
        self._read(source_id)
        return self.sources[source_id]

    def module(self, module_id: str) -> Module:
        if self.reads is not None:
            self.reads.add(self.course_file.name)
        for module in self.course.modules:
            if module.id == module_id:
                return module
        raise UnknownFact(module_id)

    def item_text(self, item: Item) -> str:
        """An item's words: its own text, or the name of the fact it stands for."""
        if item.text:
            return item.text
        if item.ref is None:  # refused by the content check (an item needs text or a ref): as fact(None) would
            raise UnknownFact(None)
        return self.label(self.fact(item.ref))

    def label(self, fact: Fact) -> str:
        """A short human name for any fact, as a table cell or a link text would show it."""
        if isinstance(fact, (Body, Topic, Theme)):
            return fact.name
        if isinstance(fact, Conference):
            return f"MC{fact.number}, {fact.place}"
        if isinstance(fact, Document):
            return fact.symbol
        if isinstance(fact, Term):
            return fact.term
        if isinstance(fact, Count):
            return fact.of[:1].upper() + fact.of[1:]
        if isinstance(fact, MoratoriumDecision):
            where = self.facts[fact.at]
            name = self.label(where) if isinstance(where, Conference) else f"the {self.label(where)}"
            return f"The moratorium decision at {name} ({fact.when()})"
        for attr in ("title", "text", "topic"):
            if getattr(fact, attr, None):
                return getattr(fact, attr).rstrip(".")
        return fact.id

    def actor(self, fact_id: str | None) -> str:
        if fact_id is None:
            return ""
        return self.label(self.fact(fact_id))

    # -- relations the pages and the quizzes ask about --------------------------------------
    def themes_of(self, grouping_id: str) -> list[Theme]:
        grouping: Grouping = self.fact(grouping_id)
        return [self.fact(t) for t in grouping.themes]

    def theme_of_topic(self, topic_id: str, grouping_id: str) -> Theme | None:
        for theme in self.themes_of(grouping_id):
            if topic_id in theme.topics:
                return theme
        return None

    def stage_of_topic(self, topic_id: str, snapshot_id: str) -> Stage | None:
        snapshot: Snapshot = self.fact(snapshot_id)
        for stage in snapshot.stages:
            if topic_id in stage.topics:
                return stage
        return None

    @staticmethod
    def stage_complete(snapshot: Snapshot, stage: Stage) -> bool:
        """Whether the source names every topic at ``stage`` (a stage may say 'including')."""
        return snapshot.complete if stage.complete is None else stage.complete

    def events(self) -> list[Event]:
        return sorted(self.of_kind(Event), key=lambda e: e.date.sort_key())

    def moratorium(self) -> list[MoratoriumDecision]:
        return sorted(self.of_kind(MoratoriumDecision), key=lambda d: d.date.sort_key())

    def sources_for(self, facts: Iterable[Fact]) -> list[Source]:
        """The bibliography entries the given facts cite, in bibliography order."""
        cited = {s for fact in facts for s in fact.source}
        return [self.source(s.id) for s in self.sources.values() if s.id in cited]

    def module_facts(self, module_id: str) -> list[Fact]:
        found = [f for f in self.facts.values() if self.module_of[f.id] == module_id]
        for fact in found:
            self._read(fact.id)
        return found


def _ids(model: ContentFile) -> Iterator[str]:
    for source in model.sources:
        yield source.id
    for fact in model.facts:
        yield fact.id
        yield from (item.id for item in getattr(fact, "items", []))
        yield from (stage.id for stage in getattr(fact, "stages", []))
