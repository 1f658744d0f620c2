"""Proving each question's key from the content data, and the bank's own consistency.

Every message names the question and, where the data is the reason, the fact: when a fact changes in
content/, the questions that rest on it fail here, each saying which fact now disagrees.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import cast

from course.content import Content
from course.content.model import Count
from quizzes.core.bank import left_label
from quizzes.core.fit import ANSWER_MAX, QUESTION_MAX
from quizzes.core.fit import text as shown
from quizzes.core.model import Matching, MultipleSelect, Numeric, Ordering, SingleChoice, TrueFalse
from quizzes.core.prove import AskError, claim_verdict, field_value, label, match_verdict, unknown_ids, verdict


def check_question(content: Content, q, figures: dict[str, set[float]] | None = None) -> Iterator[tuple[tuple, str]]:
    """Yield (place in the question, message) per problem with ``q``; nothing when its key is proven.

    The place (``("options", 2)``, ``("answer",)``...) lets the loader point at the line to fix.
    ``figures``: :func:`known_figures` of ``content``, when the caller checks many questions.
    """
    fields = vars(q)  # not getattr(q, name, None): on a pydantic model, a field the type lacks costs an exception
    ask = fields.get("ask") or fields.get("claim")
    if ask is not None and unknown_ids(content, ask):
        part = "claim" if isinstance(q, TrueFalse) else "ask"
        for message in unknown_ids(content, ask):
            yield (part,), f"{part}.{message}"
        return
    yield from _empty_quotation(q)
    yield from _reading(content, q, ask)
    try:
        if isinstance(q, (SingleChoice, MultipleSelect)):
            yield from _choices(content, q)
        elif isinstance(q, TrueFalse):
            v = claim_verdict(content, q.claim)
            if v.truth is None:
                yield ("claim",), f"the data cannot decide the claim: {v.says}"
            elif v.truth != q.answer:
                yield ("answer",), f"key {str(q.answer).lower()} contradicts the data: {v.says}"
        elif isinstance(q, Numeric):
            if q.ask.relation != "field":
                yield ("ask",), "a numeric question asks {fact, field}"
                return
            data = field_value(content, cast(str, q.ask.fact), cast(str, q.ask.field))  # set: the relation is "field"
            if not isinstance(data, (int, float)) or isinstance(data, bool):
                yield ("ask",), f"fact {q.ask.fact!r}: {q.ask.field} is {data!r}, not a number"
            elif abs(data - q.answer) > 1e-9:
                yield ("answer",), (f"key {q.answer:g} contradicts the data: fact {q.ask.fact!r} has "
                                    f"{q.ask.field} {data:g}")
            else:
                yield from _qualified(content, q)
        elif isinstance(q, Ordering):
            yield from _ordering(content, q)
        elif isinstance(q, Matching):
            yield from _matching(content, q)
    except AskError as exc:
        part = "claim" if isinstance(q, TrueFalse) else "match" if isinstance(q, Matching) else \
            "items" if isinstance(q, Ordering) else "ask"
        yield (part,), f"{part}: {exc}"
    yield from _figures_in_text(content, q, figures)
    yield from _short_forms(content, q)
    yield from _indistinguishable(content, q)


# curly quotes around nothing (or a bare ellipsis)
EMPTY_QUOTATION = re.compile(r"\u201c\s*(?:\u2026|\.\.\.)?\s*\u201d")


def _empty_quotation(q) -> Iterator[tuple[tuple, str]]:
    """A prompt that quotes nothing (a clue emptied by its template, "Which term fits this description? “”")
    asks nothing: refuse it, wherever it came from."""
    if EMPTY_QUOTATION.search(q.prompt):
        yield ("prompt",), "prompt: it quotes an empty clue (“”): the question asks nothing"


READING_WORDS = "the course's reading"


def _reading(content: Content, q, ask) -> Iterator[tuple[tuple, str]]:
    """A statement marked ``reading`` is the course's inference, not a source's: a question keyed on it
    must say, in its prompt, that it asks for the course's reading."""
    if ask is None:
        return
    for key in ("statement", "fact"):
        fact = content.facts.get(getattr(ask, key, None) or "")
        if fact is not None and getattr(fact, "reading", False) and READING_WORDS not in " ".join(q.prompt.split()):
            part = "claim" if isinstance(q, TrueFalse) else "ask"
            yield (part,), (f"{part}.{key}: {fact.id!r} is the course's reading, not a source's: "
                            "a question keyed on it "
                            f"says in its prompt that it asks for {READING_WORDS}")


def _short_forms(content: Content, q) -> Iterator[tuple[tuple, str]]:
    """A short form (for Kahoot's 120-character question and 75-character answers) is for a text that
    is too long there, fits itself, and still names what it stands for: it is the same question, shorter."""
    fields = vars(q)
    if fields.get("short"):
        size, prompt = len(shown(q.short)), len(shown(q.prompt))
        if prompt <= QUESTION_MAX:
            yield ("short",), f"short: the prompt fits Kahoot already ({prompt} characters): leave short out"
        elif size > QUESTION_MAX:
            yield ("short",), f"short is {size} characters; Kahoot allows {QUESTION_MAX}"
    for n, option in enumerate(fields.get("options", [])):
        if not option.short:
            continue
        where = ("options", n, "short")
        full = shown(option.text or label(content, option.value, q.ask.field))
        if len(full) <= ANSWER_MAX:
            yield where, f"option {option.id!r}: its text fits Kahoot already ({len(full)} characters): leave short out"
        elif len(shown(option.short)) > ANSWER_MAX:
            yield where, (f"option {option.id!r}: short is {len(shown(option.short))} characters; "
                          f"Kahoot allows {ANSWER_MAX}")
        wanted = label(content, option.value, q.ask.field)
        if names(full, wanted) and not names(option.short, wanted):
            yield where, f"option {option.id!r}: its short form does not name {wanted!r}, the value it stands for"


# What a prompt must say when the source qualifies its figure, and so what the learner is asked for.
QUALIFIER_WORDS = {"about": ("about", "approximately", "around", "roughly"), "over": ("over", "more than")}


def _qualified(content: Content, q: Numeric) -> Iterator[tuple]:
    """A figure the source gives as "about 82" or "over 90%" is asked for as the source gives it: the
    prompt says it is approximate (and the key accepts nearby answers) or a lower bound (the figure
    the source names)."""
    count = content.fact(cast(str, q.ask.fact))  # set: called once the relation is known to be "field"
    if not isinstance(count, Count) or q.ask.field != "value" or count.qualifier == "exactly":
        return
    prompt = q.prompt.lower()
    if not any(re.search(rf"\b{w}\b", prompt) for w in QUALIFIER_WORDS[count.qualifier]):
        words = " or ".join(f'"{w}"' for w in QUALIFIER_WORDS[count.qualifier])
        yield ("prompt",), (f"fact {count.id!r} is {count.human()!r}: the prompt must say so ({words}), "
                            "so the learner knows what figure is asked for")
    if count.qualifier == "about" and q.tolerance <= 0:
        yield ("tolerance",), f"fact {count.id!r} is {count.human()!r}: an approximate figure needs a tolerance above 0"
    if count.qualifier == "about" and q.tolerance > max(1.0, 0.1 * abs(count.value)):
        yield ("tolerance",), (f"fact {count.id!r} is {count.human()!r}: a tolerance of {q.tolerance:g} accepts more "
                               f"than 'about' allows (at most {max(1.0, 0.1 * abs(count.value)):g})")
    if count.qualifier == "over" and q.tolerance > 0:
        yield ("tolerance",), (f"fact {count.id!r} is {count.human()!r}: ask for the figure the source names "
                               "(tolerance 0); a figure below it is wrong, one above it is not what the source says")


def _choices(content: Content, q) -> Iterator[tuple[tuple, str]]:
    ids = [o.id for o in q.options]
    if len(set(ids)) != len(ids):
        yield ("options",), f"option ids repeat: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}"
    values = [o.value for o in q.options]
    if len({repr(v) for v in values}) != len(values):
        yield ("options",), "two options give the same value"
    key = q.answer_ids()
    unknown = key - set(ids)
    if unknown:
        yield ("answer",), f"answer names no option: {', '.join(sorted(unknown))}"
        return
    if isinstance(q, MultipleSelect) and len(q.answer) != len(key):
        yield ("answer",), "answer lists an option twice"
    field = q.ask.field
    for n, option in enumerate(q.options):
        where = ("options", n)
        try:
            v = verdict(content, q.ask, option.value)
        except AskError as exc:
            yield where, f"option {option.id!r}: {exc}"
            continue
        if option.text and not names(option.text, label(content, option.value, field)):
            yield where, (f"option {option.id!r}: its text does not name {label(content, option.value, field)!r}, "
                          "the value it stands for")
        if option.id in key:
            if v.truth is None:
                yield where, f"key {option.id!r} does not follow from the data: {v.says}"
            elif not v.truth:
                yield where, f"key {option.id!r} contradicts the data: {v.says}"
        else:
            if v.truth is None:
                yield where, f"distractor {option.id!r} is not contradicted by the data: {v.says}"
            elif v.truth:
                yield where, f"distractor {option.id!r} is also correct by the data: {v.says}"


def _ordering(content: Content, q: Ordering) -> Iterator[tuple[tuple, str]]:
    dated = []
    for n, item in enumerate(q.items):
        fact = content.facts.get(item.fact)
        if fact is None:
            yield ("items", n), f"item {item.id!r}: unknown fact id {item.fact!r}"
            return
        date = getattr(fact, "date", None) or getattr(fact, "as_of", None)
        if date is None:
            yield ("items", n), f"item {item.id!r}: fact {item.fact!r} has no date to order by"
            return
        content.fact(item.fact)
        dated.append((item, date))
    ids = [item.id for item in q.items]
    if len(set(ids)) != len(ids):
        yield ("items",), "item ids repeat"
    for n, ((a, da), (b, db)) in enumerate(zip(dated, dated[1:])):
        k = min(len(da.split("-")), len(db.split("-")))
        ka, kb = da.sort_key()[:k], db.sort_key()[:k]
        if ka == kb:
            yield ("items", n + 1), (f"items {a.id!r} and {b.id!r} cannot be ordered: {a.fact} ({da}) and "
                                     f"{b.fact} ({db}) fall in the same period at the data's precision")
        elif ka > kb:
            yield ("items", n + 1), (f"the order contradicts the data: {a.fact} ({da}) comes after {b.fact} "
                                     f"({db}); list items oldest first")


def _matching(content: Content, q: Matching) -> Iterator[tuple[tuple, str]]:
    lefts = [p.left for p in q.pairs]
    if len({repr(x) for x in lefts}) != len(lefts):
        yield ("pairs",), "a left-hand item repeats"
    rights = [p.right for p in q.pairs] + list(q.distractors)
    choices = list(dict.fromkeys(rights))
    for n, pair in enumerate(q.pairs):
        where = ("pairs", n)
        try:
            v = match_verdict(content, q.match, pair.left, pair.right)
        except AskError as exc:
            yield where, f"pair {n + 1}: {exc}"
            continue
        if v.truth is not True:
            word = "does not follow from" if v.truth is None else "contradicts"
            yield where, f"pair {pair.left!r} -> {pair.right!r} {word} the data: {v.says}"
            continue
        for other in choices:
            if other == pair.right:
                continue
            w = match_verdict(content, q.match, pair.left, other)
            if w.truth is None:
                yield where, f"{pair.left!r} -> {other!r} is not ruled out by the data: {w.says}"
            elif w.truth:
                yield where, f"{pair.left!r} also matches {other!r} by the data: {w.says}"


def _indistinguishable(content: Content, q) -> Iterator[tuple[tuple, str]]:
    """Two options (or matching choices, or items to order) that a learner would see as the same text
    cannot be told apart: whichever one they pick, the other may be the key, and the learner who chose
    "right" is told "Not this one". Two documents that share a description, two values with one label
    (1998 and "1998", 4 and 4.0), an option text that repeats another's: refused here, as shown."""
    groups: list[tuple[str, list[tuple[tuple, str, str]]]] = []
    fix = "give one a text that names what sets it apart"
    if isinstance(q, (SingleChoice, MultipleSelect)):
        field = q.ask.field
        distinct = _distinct_values([(("options", n), f"option {o.id!r}", o.value) for n, o in enumerate(q.options)])
        options = {place: o for place, o in zip([("options", n) for n in range(len(q.options))], q.options)}
        groups.append(("", [(place, who, options[place].text or label(content, value, field))
                            for place, who, value in distinct]))
        if any(o.short for o in q.options):  # Kahoot shows the short form where there is one
            groups.append((" in Kahoot", [(place + (("short",) if options[place].short else ()), who,
                                           options[place].short or options[place].text or label(content, value, field))
                                          for place, who, value in distinct]))
    elif isinstance(q, Matching):
        lefts = _distinct_values([(("pairs", n), f"pair {n + 1}", p.left) for n, p in enumerate(q.pairs)])
        groups.append((" on the left", [(place, who, left_label(content, q, value)) for place, who, value in lefts]))
        rights = [(("pairs", n), f"pair {n + 1}'s right {p.right!r}", p.right) for n, p in enumerate(q.pairs)]
        rights += [(("distractors", n), f"distractor {d!r}", d) for n, d in enumerate(q.distractors)]
        groups.append((" on the right", [(place, who, label(content, value, q.match.field))
                                         for place, who, value in _distinct_values(rights, equal=True)]))
        fix = "a matching shows each value by its name: drop one, or match values that read differently"
    elif isinstance(q, Ordering):
        items = [(("items", n), f"item {i.id!r}", i.text or content.label(content.facts[i.fact]))
                 for n, i in enumerate(q.items) if i.fact in content.facts]
        groups.append(("", items))
    for where, entries in groups:
        first: dict[str, str] = {}
        for place, who, text in entries:
            seen = _as_seen(text)
            if seen in first:
                yield place, (f"{first[seen]} and {who} would both show {shown(text)!r}{where}: "
                              f"a learner cannot tell them apart; {fix}")
            else:
                first[seen] = who


def _distinct_values(entries: Sequence[tuple[tuple, str, object]],
                     equal: bool = False) -> list[tuple[tuple, str, object]]:
    """The entries whose values differ: a value given twice is reported by its own check (or, for a
    matching's right-hand choices, ``equal``, shown once: the runtimes merge equal values)."""
    kept: list[tuple[tuple, str, object]] = []
    seen: list[object] = []
    for place, who, value in entries:
        same = (lambda a, b: a == b and type(a) is type(b)) if not equal else (lambda a, b: a == b)
        if not any(same(value, other) for other in seen):
            kept.append((place, who, value))
        seen.append(value)
    return kept


def _as_seen(text: str) -> str:
    """A text as a learner tells it from another: its plain form, case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", shown(text)).casefold().split())


FIGURE = re.compile(r"(?<![\w.,/])(\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?\s*(%|per ?cent|members|participants|articles)\b")
# FIGURE without its look-behind and word end: what every figure holds. Searched for first, once over all
# of a question's texts (most write no figure), as a pattern that starts with a digit is found fast.
FIGURE_HINT = re.compile(r"\d\s*(?:%|per ?cent|members|participants|articles)")
UNIT_WORDS = ("%", "cent", "members", "participants", "articles")  # one of them is in every figure: looked for first
UNITS = {"%": "percent of world trade", "percent": "percent of world trade", "per cent": "percent of world trade",
         "members": "members", "participants": "participants", "articles": "articles"}


def known_figures(content: Content) -> dict[str, set[float]]:
    """Every figure the data holds, by unit: each count's value and variants."""
    known: dict[str, set[float]] = {}
    for count in content.of_kind(Count):
        known.setdefault(count.unit, set()).update([float(count.value), *map(float, count.variants)])
    return known


def _figures_in_text(content: Content, q, known: dict[str, set[float]] | None = None) -> Iterator[tuple[tuple, str]]:
    """A figure written into a question's words ("71 members", "about 77%") must be one the data
    holds, as a count of that unit (or one of its variants): when a count changes, the question that
    repeats the old figure in its prose fails too, not only the one whose key rests on it."""
    if known is None:
        known = known_figures(content)
    fields = vars(q)
    options, pairs = fields.get("options", []), fields.get("pairs", [])
    said: list[str | None] = [
        q.prompt, fields.get("short"), q.explanation, q.hint, *[o.feedback for o in options],
        *[o.short for o in options], *[p.feedback for p in pairs],
        fields.get("feedback_true"), fields.get("feedback_false")]
    joined = "\n".join(filter(None, said))
    if not any(word in joined for word in UNIT_WORDS) or not FIGURE_HINT.search(joined):
        return  # no figure (the places are only named for a question that writes one)
    places: list[str | tuple[str, int, str]] = [  # a field, or a path to one
        "prompt", "short", "explanation", "hint", *[("options", n, "feedback") for n in range(len(options))],
        *[("options", n, "short") for n in range(len(options))], *[("pairs", n, "feedback") for n in range(len(pairs))],
        "feedback_true", "feedback_false"]
    for place, text in zip(places, said, strict=True):
        for number, unit in FIGURE.findall(text or ""):
            value = float(number.replace(",", ""))
            wanted = UNITS[unit.replace(" ", "") if unit.startswith("per") else unit]
            if wanted != "percent of world trade" and len(number) == 4 and 1900 <= value < 2100:
                continue  # a year: "In December 2024 participants asked..."
            if value not in known.get(wanted, set()):
                where = place if isinstance(place, tuple) else (place,)
                yield where, (f"{where[0]}: the text says '{number} {unit}', but no count in the data is "
                              f"{number} {wanted}: write the figure the data holds")


def names(text: str, wanted: str) -> bool:
    """Does ``text`` name ``wanted``? Compared case-, accent- and punctuation-blind."""
    return _norm(wanted) in _norm(text)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9%/()]+", " ", text).split())
