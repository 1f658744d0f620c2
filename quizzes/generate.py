"""Question templates: one question per fact of a kind, so the bank grows with the data.

A template builds plain question data, which is then validated and proven like a hand-written
question. Distractors are chosen deterministically (nearest neighbours in a stable order), so the
same content always gives the same questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from course.content import Content
from course.model import Count, Document, Grouping, Snapshot, Term

from .model import Ask, Generate

TEMPLATES: dict[str, Callable[[Content, str, Generate], Iterator[dict]]] = {}


def template(name: str):
    def register(func):
        TEMPLATES[name] = func
        return func
    return register


def run(content: Content, module: str, spec: Generate) -> tuple[list[dict], list[tuple[str, str]]]:
    """(the questions the template makes, [(question id, why it cannot be made)])."""
    questions, problems = [], []
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


def _belongs(content: Content, fact_id: str, module: str) -> bool:
    """A fact is asked about in its own module; shared facts (no module) in the module that asks."""
    return content.module_of.get(fact_id) in (module, None)


def _neighbours(values: list, index: int, count: int) -> list:
    """Up to ``count`` distinct values nearest to ``values[index]`` (alternating after, before)."""
    chosen, step = [], 1
    while len(chosen) < count and step < len(values):
        for j in (index + step, index - step):
            if 0 <= j < len(values) and values[j] != values[index] and values[j] not in chosen:
                chosen.append(values[j])
                if len(chosen) == count:
                    break
        step += 1
    return chosen


def _options(values: list, correct) -> tuple[list[dict], str]:
    """Options a, b, c... in a stable order (sorted by label), and the id of the correct one."""
    letters = "abcdefgh"
    ordered = sorted(values, key=str)
    options = [{"id": letters[i], "value": v} for i, v in enumerate(ordered)]
    return options, letters[ordered.index(correct)]


def _pick_one(qid: str, fact_id: str, field: str, values: list, index: int, prompt: str, explanation: str) -> dict:
    """A single-choice question on a fact's field: its value and up to three of its neighbours'."""
    correct = values[index]
    options, answer = _options([correct, *_neighbours(values, index, 3)], correct)
    return {"id": qid, "type": "single", "prompt": prompt, "ask": {"fact": fact_id, "field": field},
            "options": options, "answer": answer, "explanation": explanation}


def _lower(name: str) -> str:
    """A name inside a sentence: "Online consumer protection" -> "online consumer protection" (not "GATS")."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _and(names: list[str], most: int = 3) -> str:
    names = names[:most] + (["others"] if len(names) > most else [])
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _names(content: Content, topic_ids, leave_out: str | None = None) -> list[str]:
    return [_lower(content.fact(t).name) for t in topic_ids if t != leave_out]


def _evidence_note(content: Content, fact_id: str) -> str:
    """Say so when a fact rests on secondary sources or on the deck alone."""
    evidence = content.fact(fact_id).evidence
    return {"secondary": " This rests on secondary sources, not on an official page.",
            "deck": " This is as the deck reports it."}.get(evidence, "")


def _sorting_options(content: Content, groups: list, right, topic_id: str, prefix: str, yes, no) -> tuple[list, str]:
    """The options of "which group holds this topic?" (a theme, a stage): one per group, each with
    feedback saying what that group holds (``yes``/``no`` write it from the group and its other
    topics), and the right option's id."""
    options = []
    for i, group in enumerate(groups):
        others = _names(content, group.topics, topic_id)
        said = yes(group, others) if group is right else no(group, others)
        options.append({"id": f"{prefix}{i + 1}", "value": group.id, "feedback": said})
    return options, f"{prefix}{next(i for i, g in enumerate(groups) if g is right) + 1}"


@template("theme-of-topic")
def theme_of_topic(content: Content, module: str, spec: Generate) -> Iterator[dict]:
    for grouping in content.of_kind(Grouping):
        if not _belongs(content, grouping.id, module):
            continue  # each module asks about its own groupings (module 4's are hand-written)
        themes = content.themes_of(grouping.id)
        if not any(t.topics for t in themes):
            continue  # a grouping that does not place topics
        owner = _owner(grouping)
        asked = 0
        for theme in themes:
            for topic_id in theme.topics:
                topic = _lower(content.fact(topic_id).name)
                if set(theme.name.lower().split()) & set(topic.lower().split()) - {"and", "of", "the", "issues"}:
                    continue  # "market access" under "Market access issues": the name answers the question
                ask = Ask(topic=topic_id, grouping=grouping.id)
                offered = _offered(themes, theme, asked)
                asked += 1
                options, answer = _sorting_options(
                    content, offered, theme, topic_id, "t",
                    yes=lambda t, others: f"Yes: {owner} grouping puts {topic} under {t.name}"
                                          + (f", with {_and(others)}." if others else "."),
                    no=lambda t, others: f"Not this one: {owner} {t.name} theme holds {_and(others)}; "
                                         f"{topic} is under {theme.name}.")
                yield {
                    "id": f"gen-theme-{topic_id}", "objective_of": grouping.id,
                    "type": "single",
                    # short enough for a Kahoot question (120 characters): the date is in the explanation
                    "prompt": f"Under which of {owner} themes does {topic} fall?",
                    "ask": ask.model_dump(exclude_none=True),
                    "options": options,
                    "answer": answer,
                    "explanation": (f"{owner[:1].upper() + owner[1:]} grouping (as of {grouping.as_of.human()}) puts "
                                    f"{topic} under {theme.name}."
                                    + _evidence_note(content, grouping.id)),
                }


# Options a question offers at most: Kahoot shows four, and three distractors are as many as tend to
# work (Rodriguez 2005, "Three options are optimal for multiple-choice items", Educational Measurement:
# Issues and Practice 24(2)).
MOST_OPTIONS = 4


def _offered(groups: list, right, turn: int) -> list:
    """The right group and at most MOST_OPTIONS - 1 others, in the groups' order; which one is left out
    turns with each question, so that every group is offered as a distractor as often as the others."""
    others = [g for g in groups if g is not right]
    while len(others) > MOST_OPTIONS - 1:
        others.pop(turn % len(others))
    return [g for g in groups if g is right or g in others]


def _owner(grouping) -> str:
    return "the deck's" if grouping.evidence == "deck" else "the WTO's"


@template("stage-of-topic")
def stage_of_topic(content: Content, module: str, spec: Generate) -> Iterator[dict]:
    for snapshot in content.of_kind(Snapshot):
        if snapshot.evidence != "deck" or len(snapshot.stages) < 2:
            continue  # one question per topic, on the deck's own picture
        when = snapshot.as_of.human()
        for stage in snapshot.stages:
            for topic_id in stage.topics:
                topic = _lower(content.fact(topic_id).name)
                ask = Ask(topic=topic_id, snapshot=snapshot.id)
                options, answer = _sorting_options(
                    content, snapshot.stages, stage, topic_id, "s",
                    yes=lambda s, others: f"Yes: the deck puts {topic} in its group \u201c{s.label}\u201d"
                                          + (f", with {_and(others)}." if others else ", alone."),
                    no=lambda s, others: f"Not this one: the deck's group \u201c{s.label}\u201d holds {_and(others)}; "
                                         f"{topic} is in \u201c{stage.label}\u201d.")
                yield {
                    "id": f"gen-stage-{topic_id}", "objective_of": snapshot.id,
                    "type": "single",
                    "prompt": f"In the deck's picture of {when}, how far along was the text on {topic}?",
                    "ask": ask.model_dump(exclude_none=True),
                    "options": options,
                    "answer": answer,
                    "explanation": (f"As of {when}, the deck put the text on {topic} in its group \u201c{stage.label}\u201d."
                                    + _evidence_note(content, snapshot.id) + " Later reports differ for some topics: "
                                    "see module 4."),
                }


@template("document-symbol")
def document_symbol(content: Content, module: str, spec: Generate) -> Iterator[dict]:
    """What a cited document is: the symbol is given, the learner says what the document did."""
    documents = sorted(content.of_kind(Document), key=lambda d: (d.date.sort_key() if d.date else (0, 0, 0), d.id))
    descriptions = [d.description for d in documents]
    for i, doc in enumerate(documents):
        if content.module_of.get(doc.id) != module:
            continue
        question = _pick_one(
            f"gen-symbol-{doc.id}", doc.id, "description", descriptions, i,
            f"A briefing cites {doc.symbol} without saying what it is. Which document is it?",
            f"{doc.symbol} is the symbol of this document: {doc.description}." + _evidence_note(content, doc.id),
        )
        by_description = {d.description: d for d in documents}
        for option in question["options"]:  # each wrong option: whose document it is
            other = by_description[option["value"]]
            option["feedback"] = (f"Yes: that is {doc.symbol}." if other is doc
                                  else f"Not this one: that document is {other.symbol}.")
        yield {**question, "objective_of": doc.id}


def gives_itself_away(term: Term) -> bool:
    """A definition that names its own term, or spells out an abbreviation ("GATS": "The General
    Agreement on Trade in Services..."), answers its own question: such a term is not asked this way."""
    definition = term.definition.lower()
    if any(word and word.lower() in definition for word in (term.term, term.short)):
        return True
    abbreviation = term.term if term.term.isupper() else (term.short or "")
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", term.definition[:80]) if w[0].isupper() or w.lower() not in
                       ("of", "and", "the", "on", "in", "for", "a"))
    return bool(abbreviation) and abbreviation.upper() in initials.upper()


def masked(term: Term) -> str:
    """The definition as a clue: without its sentences about the course's own wording, and with any
    word it shares with the term blanked out ("The WTO's … of work on ..."), so it does not name it."""
    from .lint.text import distinctive, root

    sentences = [s for s in re.split(r"(?<=[.!?])\s+", term.definition) if "course" not in s.lower()]
    roots = {root(w.lower()) for w in re.findall(r"\w+", term.term) if distinctive(w.lower())}
    return re.sub(r"\w+", lambda m: "\u2026" if root(m.group().lower()) in roots else m.group(), " ".join(sentences))


def _shorter_clue(clue: str) -> str | None:
    """For Kahoot (120 characters): the clue's first sentence, when the whole clue is too long and the
    first sentence is a description by itself; None when no such form fits."""
    from .export_kahoot import QUESTION_MAX

    first = re.split(r"(?<=[.!?])\s+", clue)[0]
    short = f"Which term is this? \u201c{first}\u201d"
    if len(f"Which term fits this description? \u201c{clue}\u201d") <= QUESTION_MAX or len(short) > QUESTION_MAX:
        return None
    return short


FEWEST_WORDS = 4  # a clue of fewer words (or none: a definition all about the course's wording) describes nothing


@template("glossary-term")
def glossary_term(content: Content, module: str, spec: Generate) -> Iterator[dict]:
    terms = sorted(content.of_kind(Term), key=lambda t: t.term.lower())
    first_module = content.course.modules[0].id
    for term in terms:
        home = next((content.module_of.get(s) for s in term.see if content.module_of.get(s)), first_module)
        clue = masked(term)
        # a clue with a blank reads as a puzzle, not a description: such a term makes no question
        if home != module or gives_itself_away(term) or "\u2026" in clue or len(re.findall(r"\w+", clue)) < FEWEST_WORDS:
            continue
        # distractors: the terms closest in length to the key, so that length does not point to it
        others = sorted((t for t in terms if t is not term), key=lambda t: (abs(len(t.term) - len(term.term)), t.term.lower()))
        options, answer = _options([term.term] + [t.term for t in others[:3]], term.term)
        question = {"id": f"gen-term-{term.id.removeprefix('term-')}", "type": "single",
                    "prompt": f"Which term fits this description? \u201c{clue}\u201d",
                    "ask": {"fact": term.id, "field": "term"}, "options": options, "answer": answer,
                    "explanation": f"The description is the glossary's entry for *{term.term}*. {term.definition}"}
        short = _shorter_clue(clue)
        if short:
            question["short"] = short
        by_name = {t.term: t for t in terms}
        for option in question["options"]:  # say what a wrong term means, not what the right one is
            other = by_name[option["value"]]
            option["feedback"] = (f"Yes: that is how the glossary defines *{other.term}*." if other is term
                                  else f"Not this one: *{other.term}* means: {other.definition}")
        yield {**question, "objective_of": term.id}


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
            what = f"what share of world trade did {group} account for" if share else f"what was the number of {count.of}"
            prompt = f"As of {when}, {what}?"
            if count.qualifier == "about":
                prompt = (f"As of {when}, roughly {what}? The source gives an approximate figure: answers within "
                          f"{tolerance:g}{' points' if share else ''} of it are accepted.")
            note = (f" The source gives it as approximate, so answers from {count.value - tolerance:g} to "
                    f"{count.value + tolerance:g} are accepted." if count.qualifier == "about" else "")
        yield {
            "id": f"gen-count-{count.id}", "objective_of": count.id,
            "type": "numeric",
            "prompt": prompt[:1].upper() + prompt[1:],
            "ask": ask.model_dump(exclude_none=True),
            "answer": count.value,
            "tolerance": tolerance,
            "unit": unit,
            "explanation": f"As of {when}, the source gives {count.human()}." + note + _evidence_note(content, count.id),
        }


__all__ = ["TEMPLATES", "run"]
