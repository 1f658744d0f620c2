"""The content model: every kind of fact the course teaches, as typed records.

Why pydantic: one definition gives the loader its checks, the pages and the quiz checker typed
objects, and authors a JSON Schema for their editor (``python -m course schema``).
Cross-references (a source id, a topic id) are checked after this, in ``course.content.check``.
"""

from __future__ import annotations

import calendar
import math
import re
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import core_schema

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The building blocks of every model, the quiz bank's too (quizzes.core.model imports them from here).
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = list(calendar.month_name)


class PartialDate(str):
    """An ISO date that may stop at the month or the year ("1998-05-20", "2024-12", "2011").

    The record often gives only a month or a year; the course must not pretend to know the day.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_after_validator_function(
            cls._validate,
            core_schema.union_schema([core_schema.str_schema(), core_schema.int_schema()]),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        return {
            "type": "string",
            "pattern": _DATE.pattern,
            "description": "ISO date: YYYY, YYYY-MM or YYYY-MM-DD",
        }

    @classmethod
    def _validate(cls, value: str | int) -> PartialDate:
        text = str(value)
        match = _DATE.match(text)
        if not match:
            raise ValueError(f"bad date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        if int(year) == 0:
            raise ValueError(f"bad date {text!r}: there is no year 0000")
        if month is not None and not 1 <= int(month) <= 12:
            raise ValueError(f"bad date {text!r}: month {month} does not exist")
        if day is not None and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
            raise ValueError(f"bad date {text!r}: day {day} does not exist in that month")
        return cls(text)

    @property
    def year(self) -> int:
        return int(self[:4])

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        by_length: dict[int, Literal["year", "month", "day"]] = {4: "year", 7: "month", 10: "day"}
        return by_length[len(self)]

    def sort_key(self) -> tuple[int, int, int]:
        parts = [int(p) for p in self.split("-")] + [0, 0]
        return parts[0], parts[1], parts[2]

    def human(self) -> str:
        """'20 May 1998', 'December 2024' or '2011'."""
        parts = self.split("-")
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1])]} {parts[0]}"
        return f"{int(parts[2])} {MONTHS[int(parts[1])]} {parts[0]}"


Evidence = Literal["official", "secondary", "deck", "own-page"]
"""How well a fact is established: seen on an official page (or in an official document); reported by
secondary sources only; the source deck is the only source; stated by an organisation about itself on its
own page (neither official nor secondary). A claim no source a reader can open supports is not a fact of
the course, so there is no label for it."""

SUPPORT_MAX = 400  # a few words of the page, quoted: enough to find and check the claim, never a passage


class Strict(BaseModel):  # unknown keys refused (a typo is an error, not a silent default); frozen
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactBase(Strict):
    id: Id
    source: list[Id] = Field(min_length=1, description="ids from content/sources.yml")
    evidence: Evidence
    as_of: PartialDate | None = Field(None, description="when the fact was last known true, if it can change")
    note: Text | None = None
    objective: Id | None = Field(None, description=(
        "the learning objective (content/course.yml) a question generated from this fact serves; one of its module's"))
    support: dict[Id, Annotated[str, StringConstraints(min_length=1, max_length=SUPPORT_MAX,
                                                       strip_whitespace=True)]] = Field(
        {}, description=(
            "for each cited source (by id), the few words of it that bear the fact out, quoted exactly as the page "
            "prints them, so a reviewer can check the fact against the page without guessing"))


class Event(FactBase):
    kind: Literal["event"]
    title: Text
    date: PartialDate
    end_date: PartialDate | None = None
    date_text: Text | None = Field(None, description="how to print the date when the ISO form would mislead")
    body: Id | None = Field(None, description="the body that acted (a body or conference id)")
    summary: Text | None = None
    documents: list[Id] = []

    def when(self) -> str:
        if self.date_text:
            return self.date_text
        if self.end_date:
            return f"{self.date.human()} to {self.end_date.human()}"
        return self.date.human()


class Body(FactBase):
    kind: Literal["body"]
    name: Text
    short: Text | None = None


class Conference(FactBase):
    kind: Literal["conference"]
    number: int = Field(ge=1)
    place: Text
    date: PartialDate
    date_text: Text | None = None

    @property
    def short(self) -> str:
        return f"MC{self.number}"

    def when(self) -> str:
        return self.date_text or self.date.human()


DESCRIPTION_MAX = 75  # a document is named in one line: as an option anywhere, Kahoot's 75-character answers too


class Document(FactBase):
    kind: Literal["document"]
    symbol: Text
    description: Annotated[str, StringConstraints(min_length=1, max_length=DESCRIPTION_MAX,
                                                  strip_whitespace=True)] = Field(
        description=f"what the document is, in at most {DESCRIPTION_MAX} characters; say more in the note")
    date: PartialDate | None = None


class ChangingFact(FactBase):
    """A fact that can change (a count, a negotiating status): it must say when it was true."""

    as_of: PartialDate = Field(description="the date the fact refers to")


def _figure(value: float | int) -> float | int:
    """A count is a finite number, not below zero: NaN, an infinity or a number too large for a float
    would pass the schema and fail later (the JSON export, the trainer downloads, the quiz pages)."""
    try:
        finite = math.isfinite(float(value))
    except OverflowError:
        finite = False
    if not finite and isinstance(value, int):
        raise ValueError(f"a number of about {int(value.bit_length() * 0.30103)} digits is too large for a count: "
                         "give the figure the source gives")
    if not finite:
        raise ValueError(f"{value:g} is not a finite number: give the figure the source gives")
    if value < 0:
        raise ValueError(f"{value:g} is below zero: a count cannot be negative")
    return value


def _not_bool(value):
    if isinstance(value, bool):  # YAML reads `yes`, `no`, `true` as true/false, which pydantic would take as 1 or 0
        raise ValueError(f"{str(value).lower()} is not a number: give the figure")
    return value


Figure = Annotated[float | int, BeforeValidator(_not_bool), AfterValidator(_figure)]


class Count(ChangingFact):
    kind: Literal["count"]
    value: Figure
    unit: Literal["members", "participants", "percent of world trade", "articles"]
    qualifier: Literal["exactly", "about", "over"] = "exactly"
    of: Text = Field(description="what is counted, in a few words")
    variants: list[Figure] = Field([], description="other values seen in the sources")

    def human(self) -> str:
        number = f"{self.value:g}"
        text = f"{number}%" if self.unit == "percent of world trade" else f"{number} {self.unit}"
        if self.unit == "percent of world trade":
            text += " of world trade"
        return text if self.qualifier == "exactly" else f"{self.qualifier} {text}"


class Item(Strict):
    id: Id
    text: Text | None = None
    ref: Id | None = Field(None, description="a fact this item stands for, instead of text")
    quote: Text | None = Field(None, description="a short quotation from the source, without quotes")


class ListFact(FactBase):
    kind: Literal["list"]
    title: Text
    complete: bool = Field(True, description="false when the source says 'included', i.e. not exhaustive")
    disjoint: list[Id] = Field([], description="lists the source sets against this one: no item is in both; or "
                               "groupings: no topic they place is in this list")
    items: list[Item] = Field(min_length=1)


class Topic(FactBase):
    kind: Literal["topic"]
    name: Text
    aliases: list[Text] = []


class Grouping(FactBase):
    kind: Literal["grouping"]
    title: Text
    themes: list[Id] = Field(min_length=1, description="theme ids, in the source's order")


class Theme(FactBase):
    kind: Literal["theme"]
    name: Text
    grouping: Id
    topics: list[Id] = []
    complete: bool = Field(True, description="false when the source names only some of the theme's topics")


class Stage(Strict):
    id: Id
    label: Text
    topics: list[Id] = Field(min_length=1)
    complete: bool | None = Field(
        None, description="true when the source names every topic at this stage, false when it says "
        "'including'; unset: as the snapshot's complete")


class Snapshot(ChangingFact):
    kind: Literal["snapshot"]
    title: Text
    short: Text | None = Field(None, description="a column heading: whose view, in a few words")
    date: PartialDate
    complete: bool = Field(False, description="true when the source names every topic with these statuses")
    stages: list[Stage] = Field(min_length=1)


class Statement(FactBase):
    kind: Literal["statement"]
    text: Text
    quote: Text | None = None
    documents: list[Id] = []
    reading: bool = Field(False, description=(
        "true when the statement is the course's own inference from its sources, not what a source says: "
        "pages print it as the course's reading, and a question may be keyed on it only if it asks for that reading"))


Outcome = Literal["declared", "extended", "no-declaration", "reaffirmed", "lapsed"]
"""declared (1998); extended to a later date; no-declaration: the conference ended without a
ministerial declaration, and took no decision on the moratorium; reaffirmed: no declaration, but a short ministerial
statement reaffirmed what the last conference had agreed (Cancún, 2003); lapsed (no extension)."""


class MoratoriumDecision(FactBase):
    kind: Literal["moratorium"]
    at: Id = Field(description="conference or body id")
    date: PartialDate
    date_text: Text | None = None
    outcome: Outcome
    summary: Text
    documents: list[Id] = []

    def when(self) -> str:
        return self.date_text or self.date.human()


class Discrepancy(FactBase):
    kind: Literal["discrepancy"]
    topic: Text
    deck: Text = Field(description="what the deck says")
    record: Text = Field(description="what the public record says")
    teach: Text = Field(description="how the course teaches the difference")
    facts: list[Id] = Field([], description="facts on either side")


# What sort of thing a glossary term names: a quiz offers terms of one category only (bodies with bodies,
# instruments with instruments), so no distractor is ruled out by its kind.
TermCategory = Literal["actor", "instrument", "process", "trade-concept", "text-status", "digital-trade-topic",
                       "economy-group"]
TERM_CATEGORIES: tuple[TermCategory, ...] = get_args(TermCategory)


class Term(FactBase):
    kind: Literal["term"]
    term: Text
    category: TermCategory = Field(
        description="what sort of thing the term names; a glossary question's options share it")
    short: Text | None = None
    definition: Text
    see: list[Id] = []


Fact = Annotated[
    Event | Body | Conference | Document | Count | ListFact | Topic | Grouping | Theme | Snapshot | Statement
    | MoratoriumDecision | Discrepancy | Term,
    Field(discriminator="kind"),
]

SourceKind = Literal["deck", "official", "secondary", "own-page"]
"""The deck (kept with the course's sources); an official page or document (a government's, an
intergovernmental body's); a secondary source (news, analysis, a reproduction of an official text); an
organisation's own page about itself. The course's research notes are not a kind: they are not a source."""


class Source(Strict):
    id: Id
    kind: SourceKind
    author: Text
    short: Text | None = Field(None, description="how a citation names it, e.g. 'WTO'; default: the author")
    title: Text = Field(description="in [brackets] when descriptive rather than the page's own title")
    date: PartialDate | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")] | None = None
    symbol: Text | None = Field(None, description="an official document's symbol (WT/L/274), where it has one: "
                                "a reader can find it in the body's document database")
    checked: PartialDate | None = Field(None, description="when the course last read the page or document")
    note: Text | None = None


class Objective(Strict):
    id: Id
    text: Text


class ContentFile(Strict):
    """One YAML file of content/: a module's facts, or shared facts (module omitted)."""

    module: Id | None = None
    sources: list[Source] = []
    facts: list[Fact] = []


class Module(Strict):
    id: Id
    number: int = Field(ge=1)
    title: Text
    page: Text = Field(description="the book page, as in _toc.yml")
    summary: Text
    objectives: list[Objective] = Field(min_length=1)


class Course(Strict):
    title: Text
    as_of: PartialDate
    modules: list[Module] = Field(min_length=1)
