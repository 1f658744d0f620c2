"""The presented question: a bank question as every runtime shows and grades it.

``present`` turns a question into plain data: option texts (from the data when the author gave none),
feedback for every option (what the data says, when the author wrote none), the explanation with its
sources, and the key. The Python grader, the widget, the static page's script and the exports all read
this one form, so they cannot drift apart. Its shape per question type is ``quizzes.present.types``.

Options that are a scale (numbers and years, conferences MC1..MC14, dates, the stages of one snapshot)
are presented in ascending order along it and marked ``"ordered": True``: every runtime keeps that
order (``draw.shuffled`` and the exports never shuffle them, Moodle XML says ``shuffleanswers`` 0), as
a learner expects 1998 before 2001, and as no position can then be learnt from the author's order.
"""

from __future__ import annotations

from typing import Literal, TypedDict, assert_never, cast

from quizzes.core.bank import Bank, left_label, scale
from quizzes.core.model import Matching, MultipleSelect, Numeric, Ordering, Question, SingleChoice, Skill, TrueFalse
from quizzes.core.prove import claim_verdict, label, match_verdict, verdict
from quizzes.present.types import Difficulty, Presented, PresentedItem, PresentedMiss, PresentedOption, PresentedSource


class _Shown(TypedDict):
    """The keys every presented question has after ``id``, ``module`` and ``type`` (``PresentedBase``'s rest),
    in their order; unpacked into each type's dict, where mypy checks them against that type."""

    prompt: str
    hint: str | None
    explanation: str
    difficulty: Difficulty
    skill: Skill
    objective: str
    facts: list[str]
    sources: list[PresentedSource]


class _Short(TypedDict, total=False):
    """A ``short`` form, or none: unpacked where the type's ``short`` key stands."""

    short: str


class _Ordered(TypedDict, total=False):
    """``ordered``, or nothing: unpacked where the type's ``ordered`` key stands."""

    ordered: Literal[True]


def unsolved(items: list, key: list) -> list:
    """An ordering question's ``items`` as given, or moved round by one when they stand in the order of its
    ``key``: the question is never shown already solved."""
    return items[1:] + items[:1] if [i["id"] for i in items] == key else items


def present(bank: Bank, q: Question) -> Presented:
    """``q`` as every runtime shows and grades it (see the module's docstring)."""
    c = bank.content
    # Each type's dict is written whole, its keys in the order every runtime writes (page JSON embeds them);
    # the optional ``short`` and ``ordered`` are unpacked in their places, empty when the question has none.
    module = q.module
    assert module is not None, "loading sets every question's module from its file's"
    shown: _Shown = {
        "prompt": q.prompt, "hint": q.hint, "explanation": q.explanation, "difficulty": q.difficulty,
        "skill": q.skill, "objective": q.objective, "facts": bank.tested_facts(q), "sources": sources(bank, q),
    }
    short: _Short = {}
    if isinstance(q, (SingleChoice, MultipleSelect, TrueFalse)) and q.short:  # the prompt in fewer words, for Kahoot
        short = {"short": q.short}
    ordered: _Ordered = {}
    if isinstance(q, (SingleChoice, MultipleSelect)):
        key = q.answer_ids()
        options: list[PresentedOption] = []
        for option in q.options:
            says = verdict(c, q.ask, option.value).says
            right = option.id in key
            option_short: _Short = {"short": option.short} if option.short else {}
            options.append({
                "id": option.id,
                "text": option.text or label(c, option.value, q.ask.field),
                "feedback": option.feedback or (f"Yes: {says}." if right else f"Not this one: {says}."),
                **option_short,
            })
        order = scale(c, [o.value for o in q.options], q.ask.field)
        if order is not None:  # a scale: ascending, and never shuffled (the key's place is the data's)
            options = [options[i] for i in sorted(range(len(order)), key=order.__getitem__)]
            ordered = {"ordered": True}
        if isinstance(q, SingleChoice):
            return {"id": q.id, "module": module, "type": "single", **shown, **short, "options": options,
                    "key": q.answer, **ordered}
        return {"id": q.id, "module": module, "type": "multiple", **shown, **short, "options": options,
                "key": [o.id for o in q.options if o.id in key], **ordered}
    elif isinstance(q, TrueFalse):
        says = claim_verdict(c, q.claim).says
        # a default that differs by answer: the learner who chose the key is told so, the other why not
        agree = f"Right: {says}."
        disagree = f"No: it is {'true' if q.answer else 'false'}. {says[:1].upper() + says[1:]}."
        return {"id": q.id, "module": module, "type": "true-false", **shown, **short, "key": q.answer,
                "feedback": {"true": q.feedback_true or (agree if q.answer else disagree),
                             "false": q.feedback_false or (disagree if q.answer else agree)}}
    elif isinstance(q, Numeric):
        fact = c.fact(cast(str, q.ask.fact))  # a numeric question asks {fact, field}: the bank's checker refuses others
        variants = [v for v in getattr(fact, "variants", []) if q.ask.field == "value"]
        misses: list[PresentedMiss] = [{"value": m.value, "feedback": m.feedback} for m in q.misses]
        return {"id": q.id, "module": module, "type": "numeric", **shown, "key": q.answer,
                "tolerance": q.tolerance, "unit": q.unit, "variants": variants, "misses": misses}
    elif isinstance(q, Ordering):
        items: list[PresentedItem] = []
        for item in q.items:
            fact = c.fact(item.fact)
            items.append({"id": item.id, "text": item.text or c.label(fact)})
        items.sort(key=lambda i: i["text"].lower())
        order_key = [item.id for item in q.items]
        return {"id": q.id, "module": module, "type": "ordering", **shown, "items": unsolved(items, order_key),
                "key": order_key, "dates": {item.id: _when(c.fact(item.fact)) for item in q.items}}
    elif isinstance(q, Matching):
        field = q.match.field
        lefts: list[PresentedItem] = [
            {"id": f"l{i + 1}", "text": left_label(c, q, p.left)} for i, p in enumerate(q.pairs)
        ]
        right_values = list(dict.fromkeys([p.right for p in q.pairs] + list(q.distractors)))
        right_values.sort(key=lambda v: label(c, v, field).lower())
        order = scale(c, right_values, field)
        if order is not None:  # matching's choices are a scale: ascending along it, never shuffled
            right_values = [v for _, v in sorted(zip(order, right_values), key=lambda kv: kv[0])]
            ordered = {"ordered": True}
        rights: list[PresentedItem] = [
            {"id": f"r{i + 1}", "text": label(c, v, field)} for i, v in enumerate(right_values)
        ]
        return {"id": q.id, "module": module, "type": "matching", **shown, **ordered, "lefts": lefts,
                "rights": rights,
                "key": {f"l{i + 1}": f"r{right_values.index(p.right) + 1}" for i, p in enumerate(q.pairs)},
                "feedback": {f"l{i + 1}": p.feedback or match_verdict(c, q.match, p.left, p.right).says
                             for i, p in enumerate(q.pairs)}}
    assert_never(q)


def key_ids(q: Presented) -> set[str]:
    """The ids of a choice question's right options: the key of a single choice, every id of a multiple
    select's key. A question of another type has no options to key: ValueError."""
    if q["type"] == "single":
        return {q["key"]}
    if q["type"] == "multiple":
        return set(q["key"])
    raise ValueError(f"a {q['type']} question has no options to key")


def sources(bank: Bank, q: Question) -> list[PresentedSource]:
    """The sources of the facts ``q`` tests, numbered as the book's bibliography numbers them."""
    c = bank.content
    facts = [c.fact(f) for f in bank.tested_facts(q)]
    numbers = {s: n for n, s in enumerate(c.sources, 1)}
    return [
        {"id": s.id, "number": numbers[s.id], "author": s.author, "short": s.short or s.author,
         "title": s.title, "url": s.url}
        for s in c.sources_for(facts)
    ]


def _when(fact) -> str:
    when = getattr(fact, "when", None)
    return when() if callable(when) else (fact.date.human() if getattr(fact, "date", None) else "")
