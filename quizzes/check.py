"""Proving each question's key from the content data, and the bank's own consistency.

Every message names the question and, where the data is the reason, the fact: when a fact changes in
content/, the questions that rest on it fail here, each saying which fact now disagrees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from course.content import Content

from .model import Matching, MultipleSelect, Numeric, Ordering, SingleChoice, TrueFalse
from .prove import AskError, claim_verdict, field_value, label, match_verdict, verdict


def check_question(content: Content, q) -> Iterator[str]:
    """Yield one message per problem with question ``q``; nothing when its key is proven."""
    try:
        if isinstance(q, (SingleChoice, MultipleSelect)):
            yield from _choices(content, q)
        elif isinstance(q, TrueFalse):
            v = claim_verdict(content, q.claim)
            if v.truth is None:
                yield f"the data cannot decide the claim ({v.says})"
            elif v.truth != q.answer:
                yield f"key {str(q.answer).lower()} contradicts the data: {v.says}"
        elif isinstance(q, Numeric):
            if q.ask.relation != "field":
                yield "a numeric question asks {fact, field}"
                return
            data = field_value(content, q.ask.fact, q.ask.field)
            if not isinstance(data, (int, float)) or isinstance(data, bool):
                yield f"fact {q.ask.fact!r}: {q.ask.field} is {data!r}, not a number"
            elif abs(data - q.answer) > 1e-9:
                yield f"key {q.answer:g} contradicts the data: fact {q.ask.fact!r} has {q.ask.field} {data:g}"
        elif isinstance(q, Ordering):
            yield from _ordering(content, q)
        elif isinstance(q, Matching):
            yield from _matching(content, q)
    except AskError as exc:
        yield str(exc)


def _choices(content: Content, q) -> Iterator[str]:
    ids = [o.id for o in q.options]
    if len(set(ids)) != len(ids):
        yield f"option ids repeat: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}"
    values = [o.value for o in q.options]
    if len({repr(v) for v in values}) != len(values):
        yield "two options give the same value"
    key = {q.answer} if isinstance(q, SingleChoice) else set(q.answer)
    unknown = key - set(ids)
    if unknown:
        yield f"answer names no option: {', '.join(sorted(unknown))}"
        return
    if isinstance(q, MultipleSelect) and len(q.answer) != len(key):
        yield "answer lists an option twice"
    field = q.ask.field
    for option in q.options:
        v = verdict(content, q.ask, option.value)
        if option.text and not names(option.text, label(content, option.value, field)):
            yield (f"option {option.id!r}: its text does not name {label(content, option.value, field)!r}, "
                   "the value it stands for")
        if option.id in key:
            if v.truth is None:
                yield f"key {option.id!r} does not follow from the data: {v.says}"
            elif not v.truth:
                yield f"key {option.id!r} contradicts the data: {v.says}"
        else:
            if v.truth is None:
                yield f"distractor {option.id!r} is not contradicted by the data: {v.says}"
            elif v.truth:
                yield f"distractor {option.id!r} is also correct by the data: {v.says}"


def _ordering(content: Content, q: Ordering) -> Iterator[str]:
    dated = []
    for item in q.items:
        fact = content.facts.get(item.fact)
        if fact is None:
            yield f"item {item.id!r}: unknown fact id {item.fact!r}"
            return
        date = getattr(fact, "date", None) or getattr(fact, "as_of", None)
        if date is None:
            yield f"item {item.id!r}: fact {item.fact!r} has no date to order by"
            return
        content.fact(item.fact)
        dated.append((item, date))
    for (a, da), (b, db) in zip(dated, dated[1:]):
        n = min(len(da.split("-")), len(db.split("-")))
        ka, kb = da.sort_key()[:n], db.sort_key()[:n]
        if ka == kb:
            yield (f"items {a.id!r} and {b.id!r} cannot be ordered: {a.fact} ({da}) and {b.fact} ({db}) "
                   "fall in the same period at the data's precision")
        elif ka > kb:
            yield (f"the order contradicts the data: {a.fact} ({da}) comes after {b.fact} ({db}); "
                   "list items oldest first")


def _matching(content: Content, q: Matching) -> Iterator[str]:
    lefts = [p.left for p in q.pairs]
    if len({repr(x) for x in lefts}) != len(lefts):
        yield "a left-hand item repeats"
    rights = [p.right for p in q.pairs] + list(q.distractors)
    choices = list(dict.fromkeys(rights))
    for pair in q.pairs:
        v = match_verdict(content, q.match, pair.left, pair.right)
        if v.truth is not True:
            word = "does not follow from" if v.truth is None else "contradicts"
            yield f"pair {pair.left!r} -> {pair.right!r} {word} the data: {v.says}"
            continue
        for other in choices:
            if other == pair.right:
                continue
            w = match_verdict(content, q.match, pair.left, other)
            if w.truth is None:
                yield f"{pair.left!r} -> {other!r} is not ruled out by the data: {w.says}"
            elif w.truth:
                yield f"{pair.left!r} also matches {other!r} by the data: {w.says}"


def names(text: str, wanted: str) -> bool:
    """Does ``text`` name ``wanted``? Compared case-, accent- and punctuation-blind."""
    return _norm(wanted) in _norm(text)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9%/()]+", " ", text).split())
