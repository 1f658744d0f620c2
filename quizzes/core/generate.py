"""Question templates: one question per fact of a kind, so the bank grows with the data.

A template builds plain question data, which is then validated and proven like a hand-written
question. Distractors are chosen deterministically (nearest neighbours in a stable order), so the
same content always gives the same questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from course.content import Content
from course.content.model import Count, Term
from quizzes.core.model import Ask, Generate

TEMPLATES: dict[str, Callable[[Content, str, Generate], Iterator[dict]]] = {}


def is_generated(q) -> bool:
    """Made by a template, not written in a file: every template's question ids start with ``gen-``."""
    return q.id.startswith("gen-")


def template(name: str):
    def register(func):
        TEMPLATES[name] = func
        return func
    return register


def run(content: Content, module: str, spec: Generate) -> tuple[list[dict], list[tuple[str, str]]]:
    """(the questions the template makes, [(question id, why it cannot be made)])."""
    questions, problems = [], []
    if spec.clues:
        if spec.template != "glossary-term":
            return [], [(f"gen-{spec.template}", "only the glossary-term template takes clues")]
        problems = clue_problems(content, spec)
        bad = {qid for qid, _ in problems}
        spec = spec.model_copy(update={"clues": {t: c for t, c in spec.clues.items()
                                                 if f"gen-term-{t.removeprefix('term-')}" not in bad}})
    for data in TEMPLATES[spec.template](content, module, spec):
        fact_id = data.pop("objective_of")
        objective = content.fact(fact_id).objective
        if objective is None:  # filed by the fact, never by the file: per-objective scores must be right
            file, line = content.where.get(fact_id, ("content", 0))
            problems.append((data["id"], f"fact {fact_id!r} ({file}:{content.line_of(fact_id) or line}) has no "
                                         "objective: give it the learning objective its question serves"))
            continue
        data["objective"] = objective
        data.setdefault("skill", spec.skill)
        data.setdefault("difficulty", spec.difficulty)
        questions.append(data)
    return questions, problems


def _options(values: list, correct) -> tuple[list[dict], str]:
    """Options a, b, c... in a stable order (sorted by label), and the id of the correct one."""
    letters = "abcdefgh"
    ordered = sorted(values, key=str)
    options = [{"id": letters[i], "value": v} for i, v in enumerate(ordered)]
    return options, letters[ordered.index(correct)]


def _evidence_note(content: Content, fact_id: str) -> str:
    """Say so when a fact rests on secondary sources or on the deck alone."""
    evidence = content.fact(fact_id).evidence
    return {"secondary": " This rests on secondary sources, not on an official page.",
            "deck": " This is as the deck reports it."}.get(evidence, "")


# Options a question offers at most: Kahoot shows four, and three distractors are as many as tend to
# work (Rodriguez 2005, "Three options are optimal for multiple-choice items", Educational Measurement:
# Issues and Practice 24(2)).
MOST_OPTIONS = 4


def _window(n: int, i: int) -> list[int]:
    """The key ``i`` and three neighbours of ``n`` things in a stable order: the four starting one before
    it, going round. Each key gets its own set (for five things or more), so no two questions share one.
    (A template that asked for a document from its symbol was retired: the symbol often gives the answer
    away, WT/MIN(98) for the 1998 declaration, and its distractors mixed kinds of documents.)"""
    return [(i - 1 + k) % n for k in range(MOST_OPTIONS)]


def gives_itself_away(term: Term, clue: str) -> bool:
    """A clue that names its own term, or spells out an abbreviation ("GATS": "The General Agreement on
    Trade in Services..."), answers its own question."""
    text = clue.lower()
    if any(word and word.lower() in text for word in (term.term, term.short)):
        return True
    abbreviation = term.term if term.term.isupper() else (term.short or "")
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", clue[:80]) if w[0].isupper() or w.lower() not in
                       ("of", "and", "the", "on", "in", "for", "a"))
    return bool(abbreviation) and abbreviation.upper() in initials.upper()


FEWEST_WORDS = 4  # a clue of fewer words describes nothing


@template("glossary-term")
def glossary_term(content: Content, module: str, spec: Generate) -> Iterator[dict]:
    """A hand-written clue (the bank's ``clues``: quiz wording, not the glossary's definition) and four
    terms of one category (content/glossary.yml), so no option is ruled out by what sort of thing it
    names. A category of fewer than five terms makes no question: every one would offer the same four."""
    terms = sorted(content.of_kind(Term), key=lambda t: t.term.lower())
    for term_id, clue in spec.clues.items():
        term = content.fact(term_id)
        same = [t for t in terms if t.category == term.category]
        if len(same) <= MOST_OPTIONS:
            continue
        offered = [same[j] for j in _window(len(same), same.index(term))]
        options, answer = _options([t.term for t in offered], term.term)
        by_name = {t.term: t for t in offered}
        for option in options:  # say what a wrong term means, not what the right one is
            other = by_name[option["value"]]
            option["feedback"] = (f"Yes: that is what *{other.term}* means. {_first_sentence(other.definition)}"
                                  if other is term else f"Not this one: *{other.term}* means: {other.definition}")
        prompt = f"Which term fits this description? \u201c{clue}\u201d"
        question = {"id": f"gen-term-{term.id.removeprefix('term-')}", "type": "single", "prompt": prompt,
                    "ask": {"fact": term.id, "field": "term"}, "options": options, "answer": answer,
                    "explanation": f"The clue describes *{term.term}*, in the glossary's words "
                                   f"\u201c{term.definition}\u201d"}
        yield {**question, "objective_of": term.id}


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip())[0]


def clue_problems(content: Content, spec: Generate) -> list[tuple[str, str]]:
    """[(question id, what is wrong)] for the clues of a glossary-term entry: an unknown term, a clue too
    short to describe anything, one that names its term."""
    problems = []
    for term_id, clue in spec.clues.items():
        qid = f"gen-term-{term_id.removeprefix('term-')}"
        term = content.facts.get(term_id)
        if not isinstance(term, Term):
            problems.append((qid, f"clue for {term_id!r}, which is not a glossary term in content/glossary.yml"))
        elif len(re.findall(r"\w+", clue)) < FEWEST_WORDS or re.search(r"_{2,}|\u2026|\.\.\.", clue):
            problems.append((qid, f"the clue for {term_id!r} is a blank or fewer than {FEWEST_WORDS} words: "
                                  "write a description a learner can recognise"))
        elif gives_itself_away(term, clue):
            problems.append((qid, f"the clue for {term_id!r} names the term ({term.term!r}): it answers itself"))
    return problems


# Counts a learner confuses: heads of one group at other dates (71 and 76 members; 82, 86 and 91; 66),
# articles at other steps, shares of world trade.
_ALIKE = {"members": "heads", "participants": "heads"}


def _misses(content: Content, count: Count, tolerance: float) -> list[dict]:
    """Each other figure of the same sort (not within the tolerance of this one): what it counts, and when."""
    sort = _ALIKE.get(count.unit, count.unit)
    said: dict[float, list[str]] = {}
    for other in content.of_kind(Count):
        if other is count or _ALIKE.get(other.unit, other.unit) != sort or abs(other.value - count.value) <= tolerance:
            continue
        said.setdefault(other.value, []).append(f"{other.of} ({other.as_of.human()})")
    return [{"value": value, "feedback": f"{value:g} is the figure for " + " and for ".join(whats)
             + f"; this question asks for {count.of}, as of {count.as_of.human()}."}
            for value, whats in sorted(said.items())]


def _source_names(content: Content, fact) -> str:
    """Who gives a figure, by name ("METI", "Reuters"), so the explanation says whose count it is."""
    names = list(dict.fromkeys(content.source(s).author for s in fact.source))
    return " and ".join(names) if names else "the source"


@template("count-value")
def count_value(content: Content, module: str, spec: Generate) -> Iterator[dict]:
    for count in content.of_kind(Count):
        if content.module_of.get(count.id) != module:
            continue
        ask = Ask(fact=count.id, field="value")
        share = count.unit == "percent of world trade"
        unit = "%" if share else count.unit
        when = count.as_of.human()
        # "share of world trade of the 2017 group" -> "the 2017 group"; other counts read "the number of ..."
        group = count.of.removeprefix("share of world trade of ")
        tolerance = max(1, round(abs(count.value) * 0.03)) if count.qualifier == "about" else 0
        if count.qualifier == "over":
            prompt = (f"By the source's account, {group} accounted for over a certain share of world trade, as of "
                      f"{when}. Over what share, in percent?" if share else
                      f"By the source's account, there were over a certain number of {count.of}, as of {when}. "
                      "Over how many?")
            note = f" The source gives it as a lower bound: over {count.value:g}, so that is the figure asked for."
        else:
            what = (f"what share of world trade did {group} account for" if share
                    else f"what was the number of {count.of}")
            # a count whose description already dates it ("... in December 2021") is not dated twice
            dated = str(count.as_of.year) in count.of
            prompt = f"{what}?" if dated else f"As of {when}, {what}?"
            if count.qualifier == "about":
                prompt = (f"As of {when}, roughly {what}? The source gives an approximate figure: answers within "
                          f"{tolerance:g}{' points' if share else ''} of it are accepted.")
            note = (f" The source gives it as approximate, so answers from {count.value - tolerance:g} to "
                    f"{count.value + tolerance:g} are accepted." if count.qualifier == "about" else "")
        misses = _misses(content, count, tolerance)
        yield {
            "id": f"gen-count-{count.id}", "objective_of": count.id,
            **({"misses": misses} if misses else {}),
            "type": "numeric",
            "prompt": prompt[:1].upper() + prompt[1:],
            "ask": ask.model_dump(exclude_none=True),
            "answer": count.value,
            "tolerance": tolerance,
            "unit": unit,
            "explanation": (f"The figure is {count.human()} for {group if share else 'the ' + count.of}, as of "
                            f"{when}, as reported by {_source_names(content, count)}." + note
                            + _evidence_note(content, count.id)),
        }


__all__ = ["TEMPLATES", "run"]
