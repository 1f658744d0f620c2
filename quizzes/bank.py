"""The validated bank: questions by module, the facts each one tests, and their presented form.

``present`` turns a question into the plain data every runtime uses: option texts (from the data when
the author gave none), feedback for every option (what the data says, when the author wrote none),
the explanation with its sources, and the key. The Python grader, the widget, the static page's
script and the exports all read this one form, so they cannot drift apart.

Options that are a scale (numbers and years, conferences MC1..MC14, dates, the stages of one snapshot)
are presented in ascending order along it and marked ``"ordered": True``: every runtime keeps that
order (``quiz.shuffled`` and the exports never shuffle them, Moodle XML says ``shuffleanswers`` 0), as
a learner expects 1998 before 2001, and as no position can then be learnt from the author's order.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from course.content import Content

from .model import SKILLS, Matching, MultipleSelect, Numeric, Ordering, SingleChoice, TrueFalse
from .prove import ask_facts, claim_verdict, label, match_verdict, subject, value_facts, verdict


class Bank:
    def __init__(self, content: Content, questions: list, where: dict[str, tuple[str, int]]):
        self.content = content
        self.questions = questions
        self.by_id = {q.id: q for q in questions}
        self.where = where

    def module(self, module_id: str) -> list:
        return [q for q in self.questions if q.module == module_id]

    def files(self) -> list[str]:
        """The bank files (by stem) its questions come from: what a draw from every pool depends on."""
        return sorted({Path(path).stem for path, _ in self.where.values()})

    def question(self, question_id: str):
        return self.by_id[question_id]

    # -- facts and coverage -------------------------------------------------------------------
    def tested_facts(self, q) -> list[str]:
        c = self.content
        found: set[str] = set(q.facts)
        if isinstance(q, (SingleChoice, MultipleSelect, Numeric)):
            found |= ask_facts(c, q.ask)
        if isinstance(q, (SingleChoice, MultipleSelect)):
            for option in q.options:
                found |= value_facts(c, option.value)
        if isinstance(q, TrueFalse):
            found |= ask_facts(c, q.claim) | value_facts(c, q.claim.value)
        if isinstance(q, Matching):
            found |= {x for f in ("grouping", "snapshot") if getattr(q.match, f) for x in [getattr(q.match, f)]}
            for pair in q.pairs:
                found |= value_facts(c, pair.left) | value_facts(c, pair.right)
            for extra in q.distractors:
                found |= value_facts(c, extra)
        if isinstance(q, Ordering):
            found |= {item.fact for item in q.items}
        return sorted(f for f in found if f in c.facts)

    def coverage(self) -> tuple[set[str], list[str]]:
        """(facts tested by at least one question, content facts no question tests)."""
        tested = {f for q in self.questions for f in self.tested_facts(q)}
        return tested, sorted(set(self.content.facts) - tested)

    def stats(self) -> dict:
        from .lint import lint

        tested, untested = self.coverage()
        per_module = {m.id: dict(Counter(q.type for q in self.module(m.id))) for m in self.content.course.modules}
        return {
            "questions": len(self.questions),
            "per_module": {m: sum(t.values()) for m, t in per_module.items()},
            "per_module_and_type": per_module,
            "per_type": dict(Counter(q.type for q in self.questions)),
            "per_skill": dict(Counter(q.skill for q in self.questions)),
            "generated": sum(q.id.startswith("gen-") for q in self.questions),
            "facts": len(self.content.facts),
            "facts_tested": len(tested),
            "facts_untested": untested,
            "lint_silenced": lint(self).counts(silenced=True),  # findings the questions silence, per rule
            "per_objective": self._objectives(),
            "kahoot": self._kahoot_fit(),
        }

    def _objectives(self) -> dict[str, dict[str, int]]:
        """Per learning objective: its questions, and how many test more than recall."""
        found = {o.id: {"questions": 0, "beyond_recall": 0} for m in self.content.course.modules for o in m.objectives}
        for q in self.questions:
            found[q.objective]["questions"] += 1
            found[q.objective]["beyond_recall"] += q.skill != SKILLS[0]
        return found

    def _kahoot_fit(self) -> dict[str, int]:
        """How many choice questions (what Kahoot's spreadsheet takes) fit its limits."""
        from .export_kahoot import CHOICE_TYPES, row_for

        choice = [q for q in self.questions if q.type in CHOICE_TYPES]
        return {"choice": len(choice), "fit": sum(row_for(self.present(q))[0] is not None for q in choice)}

    # -- the presented form ---------------------------------------------------------------------
    def present(self, q) -> dict:
        c = self.content
        data = {
            "id": q.id, "module": q.module, "type": q.type, "prompt": q.prompt, "hint": q.hint,
            "explanation": q.explanation, "difficulty": q.difficulty, "skill": q.skill,
            "objective": q.objective, "facts": self.tested_facts(q), "sources": self._sources(q),
        }
        if getattr(q, "short", None):  # the prompt in fewer words, for Kahoot
            data["short"] = q.short
        if isinstance(q, (SingleChoice, MultipleSelect)):
            key = {q.answer} if isinstance(q, SingleChoice) else set(q.answer)
            data["options"] = []
            for option in q.options:
                says = verdict(c, q.ask, option.value).says
                right = option.id in key
                data["options"].append({
                    "id": option.id,
                    "text": option.text or label(c, option.value, q.ask.field),
                    "feedback": option.feedback or (f"Yes: {says}." if right else f"Not this one: {says}."),
                    **({"short": option.short} if option.short else {}),
                })
            data["key"] = q.answer if isinstance(q, SingleChoice) else [o.id for o in q.options if o.id in key]
            order = scale(c, [o.value for o in q.options], q.ask.field)
            if order is not None:  # a scale: ascending, and never shuffled (the key's place is the data's)
                data["options"] = [data["options"][i] for i in sorted(range(len(order)), key=order.__getitem__)]
                data["ordered"] = True
        elif isinstance(q, TrueFalse):
            says = claim_verdict(c, q.claim).says
            data["key"] = q.answer
            # a default that differs by answer: the learner who chose the key is told so, the other why not
            right, wrong = f"Right: {says}.", f"No: it is {'true' if q.answer else 'false'}. {says[:1].upper() + says[1:]}."
            data["feedback"] = {"true": q.feedback_true or (right if q.answer else wrong),
                                "false": q.feedback_false or (wrong if q.answer else right)}
        elif isinstance(q, Numeric):
            fact = c.fact(q.ask.fact)
            variants = [v for v in getattr(fact, "variants", []) if q.ask.field == "value"]
            data.update(key=q.answer, tolerance=q.tolerance, unit=q.unit, variants=variants,
                        misses=[m.model_dump() for m in q.misses])
        elif isinstance(q, Ordering):
            items = []
            for item in q.items:
                fact = c.fact(item.fact)
                items.append({"id": item.id, "text": item.text or c.label(fact)})
            data["items"] = sorted(items, key=lambda i: i["text"].lower())
            data["key"] = [item.id for item in q.items]
            if [i["id"] for i in data["items"]] == data["key"]:
                data["items"] = data["items"][1:] + data["items"][:1]  # never shown already solved
            data["dates"] = {item.id: _when(c.fact(item.fact)) for item in q.items}
        elif isinstance(q, Matching):
            field = q.match.field
            lefts = [{"id": f"l{i + 1}", "text": _left(c, q, p.left)} for i, p in enumerate(q.pairs)]
            right_values = list(dict.fromkeys([p.right for p in q.pairs] + list(q.distractors)))
            right_values.sort(key=lambda v: label(c, v, field).lower())
            order = scale(c, right_values, field)
            if order is not None:  # matching's choices are a scale: ascending along it, never shuffled
                right_values = [v for _, v in sorted(zip(order, right_values), key=lambda kv: kv[0])]
                data["ordered"] = True
            rights = [{"id": f"r{i + 1}", "text": label(c, v, field)} for i, v in enumerate(right_values)]
            data.update(lefts=lefts, rights=rights)
            data["key"] = {f"l{i + 1}": f"r{right_values.index(p.right) + 1}" for i, p in enumerate(q.pairs)}
            data["feedback"] = {
                f"l{i + 1}": p.feedback or match_verdict(c, q.match, p.left, p.right).says for i, p in enumerate(q.pairs)
            }
        return data

    def _sources(self, q) -> list[dict]:
        c = self.content
        facts = [c.fact(f) for f in self.tested_facts(q)]
        numbers = {s: n for n, s in enumerate(c.sources, 1)}
        return [
            {"id": s.id, "number": numbers[s.id], "author": s.author, "short": s.short or s.author,
             "title": s.title, "url": s.url}
            for s in c.sources_for(facts)
        ]


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def scale(content: Content, values: list, field: str | None = None) -> list | None:
    """Each value's place on the scale the values share, or None when they are not one scale.

    A scale: numbers (years, counts, percentages), conferences (by number: MC9 before MC11), dates
    (``field`` date or as_of, ISO text), or stages of one snapshot (in the snapshot's own order, as the
    source lists them). Anything else (places, themes, documents...) is a set, and is shuffled."""
    if len(values) < 2:
        return None
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return list(values)
    if not all(isinstance(v, str) for v in values):
        return None
    facts = [content.facts.get(v) for v in values]
    if all(getattr(f, "kind", None) == "conference" for f in facts):
        return [f.number for f in facts]
    if field in ("date", "as_of") and all(_DATE.fullmatch(v) for v in values):
        return list(values)
    stages = [content.stages.get(v) for v in values]
    if all(stages) and len({id(snapshot) for snapshot, _ in stages}) == 1:
        order = [s.id for s in stages[0][0].stages]
        return [order.index(v) for v in values]
    return None


def _left(content: Content, q, value) -> str:
    """A matching question's left item, named without giving away its match."""
    if q.match.field and isinstance(value, str) and value in content.facts:
        return subject(content, value, q.match.field)
    return label(content, value, None)


def _when(fact) -> str:
    when = getattr(fact, "when", None)
    return when() if callable(when) else (fact.date.human() if getattr(fact, "date", None) else "")
