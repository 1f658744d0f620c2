"""Deciding, from content/ alone, whether a value answers an ask: True, False, or cannot tell.

This is where an answer key is proven. ``truth`` never guesses: when the data is silent (a topic the
grouping does not place, a list that says it is not exhaustive) it returns ``None``, and the checker
refuses a key or a distractor that rests on silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from course.content import Content, UnknownFact
from course.content.model import ID_PATTERN, Conference, Document, Grouping, ListFact, Snapshot, Theme, Topic
from course.content.vocab import EVIDENCE_LABELS, OUTCOME_LABELS
from quizzes.core.model import ASK_KEYS, SHAPES, Ask, Claim, Match

FIELD_WORDS = {  # "<subject>: <words> <value>", e.g. "MC5, Cancún: met in Cancún"
    "year": "in", "date": "on", "body": "by", "at": "at", "documents": "set down in", "value": "the figure was",
    "outcome": "the outcome was", "place": "met in", "symbol": "its symbol is", "number": "its number is",
    "evidence": "its evidence is", "term": "the term is", "name": "named", "description": "it is the",
    "count": "it counts",
    "as_of": "as of", "grouping": "in the grouping", "themes": "its themes include", "topics": "its topics include",
}


class AskError(ValueError):
    """The ask (or a value) does not fit the data: an unknown id, a field the fact lacks..."""


@dataclass(frozen=True)
class Verdict:
    truth: bool | None
    says: str  # what the data says, in words: the base of automatic feedback


def _fact(content: Content, fact_id: str, kinds: tuple = (), role: str = "fact"):
    try:
        fact = content.fact(fact_id)
    except UnknownFact:
        raise AskError(f"unknown {role} id {fact_id!r}") from None
    if kinds and not isinstance(fact, kinds):
        wanted = " or ".join(k.model_fields["kind"].annotation.__args__[0] for k in kinds)
        raise AskError(f"{fact_id!r} is a {fact.kind}, not a {wanted}")
    return fact


ID_FIELDS = {"body", "at", "documents", "grouping", "themes", "topics"}  # fields whose values are fact ids


def field_value(content: Content, fact_id: str, field: str):
    fact = _fact(content, fact_id)
    if field == "count":
        for attr in ("items", "themes", "stages", "topics"):
            if isinstance(getattr(fact, attr, None), list):
                return len(getattr(fact, attr))
        raise AskError(f"fact {fact_id!r} (a {fact.kind}) has nothing to count")
    if field == "year":
        date = getattr(fact, "date", None)
        if date is None:
            raise AskError(f"fact {fact_id!r} (a {fact.kind}) has no date, so no year")
        return date.year
    if field in ("date", "as_of"):
        value = getattr(fact, field, None)
        if value is None:
            raise AskError(f"fact {fact_id!r} (a {fact.kind}) has no {field}")
        return str(value)
    if not hasattr(fact, field):
        raise AskError(f"fact {fact_id!r} (a {fact.kind}) has no field {field!r}")
    value = getattr(fact, field)
    if value is None:
        raise AskError(f"fact {fact_id!r} has no {field} in the data")
    return list(value) if isinstance(value, (list, tuple)) else value


def subject(content: Content, fact_id: str, field: str | None = None) -> str:
    """A fact's name when a question asks about its ``field``: never one that gives the answer away
    (a conference is 'MC4, Doha' in a table, but 'MC4 (2001)' when the question is where it met)."""
    fact = content.fact(fact_id)
    if isinstance(fact, Conference) and field in ("place", "date", "year"):
        return f"MC{fact.number}" if field != "place" else f"MC{fact.number} ({fact.date.year})"
    if isinstance(fact, Document) and field == "symbol":
        return fact.description
    return content.label(fact)


def label(content: Content, value, field: str | None = None) -> str:
    """How a value is named to a learner: a fact id by its name, an outcome by its label..."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if field == "outcome" and value in OUTCOME_LABELS:
            return OUTCOME_LABELS[value]
        if field == "evidence" and value in EVIDENCE_LABELS:
            return EVIDENCE_LABELS[value]
        if field is not None and field not in ID_FIELDS:
            return value  # a term, a place, a symbol: the text itself, even when an id is spelled alike
        if value in content.facts:
            return content.label(content.facts[value])
        if value in content.items:
            return content.item_text(content.items[value][1])
        if value in content.stages:
            return content.stages[value][1].label
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_SORTED_KEYS = tuple(sorted(ASK_KEYS))


def _relation(ask: Ask | Claim) -> str:
    """``ask.relation``, read from the model's fields as a dict: the proof asks it of every option."""
    fields = vars(ask)
    return SHAPES[tuple(k for k in _SORTED_KEYS if fields.get(k) is not None)]


def verdict(content: Content, ask: Ask | Claim, value) -> Verdict:
    relation = _relation(ask)  # the relation's keys are set (Ask's validator checks the shape): hence cast(str, ...)
    if relation == "field":
        data = field_value(content, cast(str, ask.fact), cast(str, ask.field))
        shown = ", ".join(label(content, d, ask.field) for d in data) if isinstance(data, list) \
            else label(content, data, ask.field)
        says = (f"{subject(content, cast(str, ask.fact), ask.field)}: "
                f"{FIELD_WORDS.get(cast(str, ask.field), ask.field)} {shown}")
        if isinstance(data, list):
            theme = content.fact(cast(str, ask.fact))
            if value not in data and ask.field == "topics" and getattr(theme, "complete", True) is False:
                # groups of one grouping are disjoint: a topic placed in another is not in this one
                elsewhere = content.theme_of_topic(value, theme.grouping) if isinstance(value, str) else None
                if elsewhere is None:
                    return Verdict(None, f"{says}, a list its source does not give as complete")
            return Verdict(value in data, says)
        if isinstance(data, (int, float)) and not isinstance(data, bool) and isinstance(value, (int, float)):
            return Verdict(abs(data - value) < 1e-9, says)
        return Verdict(data == value, says)
    if relation == "theme-of":
        _fact(content, cast(str, ask.topic), (Topic,), "topic")
        themes = content.themes_of(_fact(content, cast(str, ask.grouping), (Grouping,), "grouping").id)
        if value not in {t.id for t in themes}:
            raise AskError(f"{value!r} is not a theme of grouping {ask.grouping!r}")
        theme = content.theme_of_topic(cast(str, ask.topic), cast(str, ask.grouping))
        name = content.fact(cast(str, ask.topic)).name
        if theme is None:
            return Verdict(None, f"the grouping '{ask.grouping}' does not place {name}")
        return Verdict(theme.id == value, f"{name} is under {theme.name}")
    if relation == "stage-of":
        _fact(content, cast(str, ask.topic), (Topic,), "topic")
        snapshot = _fact(content, cast(str, ask.snapshot), (Snapshot,), "snapshot")
        if value not in {s.id for s in snapshot.stages}:
            raise AskError(f"{value!r} is not a stage of snapshot {ask.snapshot!r}")
        stage = content.stage_of_topic(cast(str, ask.topic), snapshot.id)
        name = content.fact(cast(str, ask.topic)).name
        when = snapshot.as_of.human()
        if stage is None:
            asked = next(s for s in snapshot.stages if s.id == value)
            if content.stage_complete(snapshot, asked):
                return Verdict(False, f"as of {when}, {name} was not among the topics at '{asked.label}'")
            return Verdict(None, f"the snapshot '{snapshot.title}' does not name {name}")
        return Verdict(stage.id == value, f"as of {when}, {name} was at the stage '{stage.label}'")
    if relation == "in-theme":
        theme = _fact(content, cast(str, ask.theme), (Theme,), "theme")
        _fact(content, value, (Topic,), "topic")
        name = content.fact(value).name
        if value in theme.topics:
            return Verdict(True, f"{name} is under {theme.name}")
        other = content.theme_of_topic(value, theme.grouping)
        if other is None:
            return Verdict(None, f"the grouping '{theme.grouping}' does not place {name}")
        return Verdict(False, f"{name} is under {other.name}, not {theme.name}")
    if relation == "in-stage":
        if ask.stage not in content.stages:
            raise AskError(f"unknown stage id {ask.stage!r}")
        snapshot, stage = content.stages[ask.stage]
        content.fact(snapshot.id)  # record the read
        _fact(content, value, (Topic,), "topic")
        name = content.fact(value).name
        if value in stage.topics:
            return Verdict(True, f"{name} was at '{stage.label}'")
        other_stage = content.stage_of_topic(value, snapshot.id)
        if other_stage is None:
            if content.stage_complete(snapshot, stage):
                return Verdict(False, f"{name} is not among the topics at '{stage.label}' ({snapshot.as_of.human()})")
            return Verdict(None, f"the snapshot '{snapshot.title}' does not name {name}")
        return Verdict(False, f"{name} was at '{other_stage.label}', not '{stage.label}'")
    if relation == "member-of":
        lst = _fact(content, cast(str, ask.list), (ListFact,), "list")
        if value in content.items:
            owner, item = content.items[value]
            text = content.item_text(item)
            if owner.id == lst.id:
                return Verdict(True, f"'{text}' is in the list '{lst.title}'")
            if lst.complete or owner.id in lst.disjoint or lst.id in owner.disjoint:
                return Verdict(False, f"'{text}' is in the list '{owner.title}', not in '{lst.title}'")
            return Verdict(None, f"the list '{lst.title}' is not exhaustive, so it cannot rule out '{text}'")
        _fact(content, value)
        refs = {i.ref for i in lst.items if i.ref}
        name = content.label(content.fact(value))
        if value in refs:
            return Verdict(True, f"{name} is in the list '{lst.title}'")
        for grouping_id in lst.disjoint:  # a topic a disjoint grouping places is not in this list
            if isinstance(content.fact(grouping_id), Grouping) and content.theme_of_topic(value, grouping_id):
                theme = cast(Theme, content.theme_of_topic(value, grouping_id))  # found on the line above
                return Verdict(False, f"{name} is under '{theme.name}' ({content.fact(grouping_id).title}), "
                                      f"not in the list '{lst.title}'")
        if lst.complete:
            return Verdict(False, f"{name} is not in the list '{lst.title}'")
        return Verdict(None, f"the list '{lst.title}' is not exhaustive, so it cannot rule out {name}")
    if relation == "list-of":
        if ask.item not in content.items:
            raise AskError(f"unknown list item id {ask.item!r}")
        owner, item = content.items[ask.item]
        content.fact(owner.id)
        _fact(content, value, (ListFact,), "list")
        return Verdict(owner.id == value, f"'{content.item_text(item)}' is in the list '{owner.title}'")
    if relation == "statement":
        fact = _fact(content, cast(str, ask.statement))
        return Verdict(True, content.label(fact))
    raise AskError(f"unknown relation {relation!r}")  # pragma: no cover


def claim_verdict(content: Content, claim: Claim) -> Verdict:
    found = verdict(content, claim, claim.value)
    if claim.negated and found.truth is not None:
        return Verdict(not found.truth, found.says)  # what the data says is the same; the claim is its opposite
    return found


def match_verdict(content: Content, match: Match, left, right) -> Verdict:
    """Does ``right`` match ``left`` under the relation?"""
    _left_id(content, match, left)
    if match.grouping:
        return verdict(content, Ask(topic=left, grouping=match.grouping), right)
    if match.snapshot:
        return verdict(content, Ask(topic=left, snapshot=match.snapshot), right)
    return verdict(content, Ask(fact=left, field=match.field), right)


def _left_id(content: Content, match: Match, left) -> None:
    """A pair's ``left`` is a fact id (a topic's, under a grouping or a snapshot): refuse a name or a
    number as an :class:`AskError` the checker can place, before it reaches the ask's schema."""
    role = "topic" if match.grouping or match.snapshot else "fact"
    if isinstance(left, str) and re.fullmatch(ID_PATTERN, left):
        return  # an id, known or not: the verdict says which
    if isinstance(left, bool) or not isinstance(left, str):
        given = f"{str(left).lower()} (a {'true/false value' if isinstance(left, bool) else 'number'})"
    else:
        given = repr(left)
    wanted = " ".join(str(left).split()).casefold()
    named = sorted(fid for fid, fact in content.facts.items() if wanted in _names(content, fact))
    hint = f": did you mean {named[0]!r}?" if len(named) == 1 else ""
    raise AskError(f"left is {given}; a pair's left is a {role} id, not a name or a number{hint}")


def _names(content: Content, fact) -> set[str]:
    """What an author might write for a fact instead of its id: its label ('MC4, Doha'), the part
    before the comma ('MC4'), its name, title or term."""
    shown = content.label(fact)
    found = {shown, shown.split(",")[0], *(str(getattr(fact, k, "") or "") for k in ("name", "title", "term"))}
    return {" ".join(n.split()).casefold() for n in found if n}


def unknown_ids(content: Content, ask) -> list[str]:
    """The ids an ask names that the content does not hold, as 'ask.<key>: ...' messages."""
    found = []
    for key in ("fact", "topic", "grouping", "snapshot", "theme", "list", "statement"):
        value = getattr(ask, key, None)
        if value and value not in content.facts:
            found.append(f"{key}: unknown fact id {value!r}")
    if getattr(ask, "stage", None) and ask.stage not in content.stages:
        found.append(f"stage: unknown stage id {ask.stage!r}")
    if getattr(ask, "item", None) and ask.item not in content.items:
        found.append(f"item: unknown list item id {ask.item!r}")
    return found


def ask_facts(content: Content, ask: Ask | Claim | None) -> set[str]:
    """The content facts an ask names (a stage counts as its snapshot, an item as its list)."""
    if ask is None:
        return set()
    fields = vars(ask)  # the model's fields, read as a dict: this runs for every question the bank proves
    found = {value for key in _NAMING_KEYS if (value := fields.get(key))}
    stage, item = fields.get("stage"), fields.get("item")
    if stage and stage in content.stages:
        found.add(content.stages[stage][0].id)
    if item and item in content.items:
        found.add(content.items[item][0].id)
    return found


_NAMING_KEYS = ("fact", "topic", "grouping", "snapshot", "theme", "list", "statement")


def value_facts(content: Content, value) -> set[str]:
    if not isinstance(value, str):
        return set()
    if value in content.facts:
        return {value}
    if value in content.items:
        return {content.items[value][0].id}
    if value in content.stages:
        return {content.stages[value][0].id}
    return set()

