"""The rules, after Haladyna, Downing & Rodriguez (2002). Each yields (place, message) per finding;
the place (``("options", 2)``, ``("prompt",)``...) is where in the question's YAML to fix it."""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction
from itertools import islice

from course.content.model import Term
from quizzes.core.model import Matching, MultipleSelect, SingleChoice
from quizzes.core.prove import FIELD_WORDS, ID_FIELDS
from quizzes.lint.base import Item, rule
from quizzes.lint.text import (
    a,
    asking,
    contains,
    distinctive,
    fold,
    has_verb,
    hedges,
    quote,
    root,
    sentence,
    unverdict,
    words,
)


@rule("stem-gives-key", "a word of the key that the stem repeats and no distractor has points to the key "
      "(a clang association), whatever the learner knows")
def stem_gives_key(item: Item):
    if not item.choices:
        return
    prompt = item.p["prompt"]
    stem = {root(w) for w in words(prompt)}
    elsewhere = {root(w) for _, o, _ in item.distractors for w in words(o["text"])}
    for n, o, _ in item.keys:
        if item.q.ask.field == "term" and contains(prompt, o["text"]):
            yield ("options", n), f"the stem defines the term and names it: {quote(o['text'])}"
            continue
        given = [w for w in dict.fromkeys(words(o["text"]))
                 if distinctive(w) and root(w) in stem and root(w) not in elsewhere]
        if given:
            yield ("options", n), (f"the key {quote(o['text'])} shares {', '.join(map(repr, given))} with the stem, "
                                   "and no distractor does")


@rule("key-stands-out", "a key longer, more hedged or more sentence-like than every distractor is found "
      "without knowing the answer")
def key_stands_out(item: Item):
    if not isinstance(item.q, SingleChoice) or not item.distractors or not item.keys:
        return
    n, key, _ = item.keys[0]
    text, others = key["text"], [o["text"] for _, o, _ in item.distractors]
    size, longest = len(fold(text).strip()), max(len(fold(t).strip()) for t in others)
    if size > 1.5 * longest and size > longest + 15:
        yield ("options", n), (f"the key is {size} characters long, the longest distractor {longest}: "
                               "make the options alike in length")
    elif hedges(text) and not any(hedges(t) for t in others):
        yield ("options", n), (f"only the key is qualified ({sorted(hedges(text))[0]!r}): "
                               "qualify a distractor too, or none")
    elif len(others) >= 2 and sentence(text) and all(len(words(t)) <= 4 and not sentence(t) for t in others):
        yield ("options", n), "the key is the only full sentence among short phrases"


def kind(content, value, field: str | None) -> str:
    """What kind of thing an option's value is, from the data: a fact's kind, a year, a number..."""
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "year" if field == "year" or (isinstance(value, int) and 1900 <= value <= 2100) else "number"
    # for any other field the value is text (a place, a term), even if an id is spelled so
    if field is None or field in ID_FIELDS:
        if value in content.facts:
            found = content.facts[value].kind
            # `at` is either a conference or a body
            return "conference or body" if field == "at" and found in ("conference", "body") else found
        if value in content.items:
            ref = content.items[value][1].ref
            return content.facts[ref].kind if ref in content.facts else "list item"
        if value in content.stages:
            return "stage"
    return "year" if re.fullmatch(r"(?:19|20)\d\d", value) else "text"


@rule("mixed-kinds", "options of another kind than the key (a body among documents, a year among ids) "
      "are ruled out without knowing the answer")
def mixed_kinds(item: Item):
    c = item.content
    if item.choices and item.keys:
        field = item.q.ask.field
        kinds = {n: kind(c, model.value, field) for n, _, model in item.options}
        main = Counter(kinds[n] for n, _, _ in item.keys).most_common(1)[0][0]
        for n, o, _ in item.options:
            if kinds[n] != main:
                yield ("options", n), f"option {o['id']!r} ({o['text']}) is {a(kinds[n])}, the key {a(main)}"
    if isinstance(item.q, Matching) and item.q.distractors:
        field = item.q.match.field
        main = Counter(kind(c, p.right, field) for p in item.q.pairs).most_common(1)[0][0]
        for n, extra in enumerate(item.q.distractors):
            if kind(c, extra, field) != main:
                yield ("distractors", n), (f"the extra choice {extra!r} is {a(kind(c, extra, field))}, "
                                           f"the matches {a(main)}")


@rule("two-option-single", "a single choice with two options is a coin toss: give three or more, or ask true/false")
def two_option_single(item: Item):
    if isinstance(item.q, SingleChoice) and len(item.q.options) < 3:
        yield ("options",), f"only {len(item.q.options)} options: add a plausible distractor"


ABOVE = re.compile(r"\b(?:all|none|both|neither)\s+of\s+(?:the\s+)?(?:above|these|others|options)\b")


@rule("all-none-of-the-above", "'all/none of the above' is answered by spotting one true or false option, "
      "not by knowing them all")
def all_none_above(item: Item):
    for n, o, _ in item.options:
        found = ABOVE.search(fold(o["text"]))
        if found:
            yield ("options", n), f"option {o['id']!r} says {found.group(0)!r}: write a real option"


@rule("duplicate-options", "two options that say the same, or one inside the other, leave fewer real choices "
      "or point to the answer")
def duplicate_options(item: Item):
    p = item.p  # q presented: its type is q's
    choices: list[tuple[tuple[str | int, ...], str, str]] = [
        (("options", n), o["id"], o["text"]) for n, o, _ in item.options
    ]
    if p["type"] == "ordering":
        index = {i.id: n for n, i in enumerate(item.q.items)}
        choices = [(("items", index[i["id"]]), i["id"], i["text"]) for i in p["items"]]
    if p["type"] == "matching":
        choices = [(("pairs",), r["id"], r["text"]) for r in p["rights"]]
    said = [words(text) for _, _, text in choices]  # each text read once, not once per pair
    spaced = [f" {' '.join(w)} " for w in said]  # as text.contains compares them: whole words
    for j, (place, this, text) in enumerate(choices):
        for i, (_, other, earlier) in enumerate(choices[:j]):
            if said[j] == said[i]:
                yield place, f"{other!r} and {this!r} have the same text {quote(text)}"
            elif said[j] and said[i] and (spaced[i] in spaced[j] or spaced[j] in spaced[i]):
                yield place, f"{quote(earlier)} ({other}) and {quote(text)} ({this}): one is inside the other"


NEGATIVE = re.compile(r"\b(?:not|never|except|cannot|\w+n't)\b|(?<!true or )\bfalse\b", re.I)


@rule("negative-stem", "a negative stem is misread: ask positively, or put the negative word in **bold** or "
      "CAPITALS")
def negative_stem(item: Item):
    part = asking(item.p["prompt"])
    bold = [m.span() for m in re.finditer(r"\*\*.+?\*\*|__.+?__", part)]
    for found in NEGATIVE.finditer(part):
        word, at = found.group(0), found.start()
        if not (word.isupper() and len(word) > 1) and not any(x <= at < y for x, y in bold):
            yield ("prompt",), f"negative {word!r} in {quote(part.strip(), 60)}: ask positively, or write **{word}**"
            return


COURSE = re.compile(r"\b(?:the|this|our)\s+course\b(?!\s+of\b)(?!'s\s+reading\b)|\bwhich\s+label\b|"
                    r"\bthe\s+deck's\s+label\b|\bevidence\s+label\b|\bthis\s+(?:module|quiz|book)\b")


@rule("about-the-course", "a stem should ask about the subject, not about the course, its labels or its "
      "wording (except what to check before citing, and the course's reading, which a question keyed on it must name)")
def about_the_course(item: Item):
    prompt = fold(item.p["prompt"])
    found = COURSE.search(prompt)
    if found and not (re.search(r"\bcheck", prompt) and re.search(r"\bcit(?:e|es|ed|ing)\b|\bbriefing", prompt)):
        yield ("prompt",), f"the stem asks about the course ({found.group(0)!r}): ask about the subject"


RESTATES = re.compile(r"^\s*the data says\b", re.I)


@rule("same-feedback", "feedback should say why each option is right or wrong, not repeat one text or what "
      "the data says")
def same_feedback(item: Item):
    p = item.p  # q presented: its type is q's
    if p["type"] == "true-false":
        true, false = p["feedback"]["true"], p["feedback"]["false"]
        if unverdict(true).lower() == unverdict(false).lower():
            yield ("feedback_true",), f"feedback_true and feedback_false say the same: {quote(unverdict(true))}"
        for side, text in (("true", true), ("false", false)):
            if RESTATES.match(text):
                yield (f"feedback_{side}",), f"feedback_{side} only restates the data ({quote(text)}): say why"
        return
    said = {n: unverdict(o["feedback"]) for n, o, _ in item.options}
    wrong = [said[n] for n, _, _ in item.distractors]
    if item.choices and len({s.lower() for s in said.values()}) == 1:
        yield ("options",), f"every option has the same feedback {quote(said[0])}"
    elif len(wrong) >= 2 and len({s.lower() for s in wrong}) == 1:
        yield ("options",), f"every distractor has the same feedback {quote(wrong[0])}: say why each is wrong"
    for n, o, _ in item.options:
        if RESTATES.match(o["feedback"]):
            yield ("options", n, "feedback"), f"option {o['id']!r}'s feedback only restates the data"


# What quizzes/core/generate.py and the default feedback (quizzes/core/prove.py's FIELD_WORDS) write, now and
# before: (pattern on the lower-cased text, what it is, looked for in feedback too?). "The data says"
# in a feedback is same-feedback's.
_FIELD = sorted({w for w in [*FIELD_WORDS.values(), "the acting body was", "symbol", "number", "named"]
                 if len(w) > 5 or w in ("symbol", "number", "named")}, key=len, reverse=True)
PHRASES = [
    (r"\bwhat was the figure for\b|\bthe figure (?:was|for)\b", "'the figure was/for'", True),
    (r"\bthe data says\b", "'The data says'", False),
    (r"\(a (?:number of [\w ]+|percentage)\)", "'(a number of ...)'", True),
    (r"\bthe acting body was\b", "'the acting body was'", True),
    (r"\b(?:outcome|evidence|count|grouping|symbol|field):", "a field label ('outcome:')", True),
    (r"(?<!playing )\bfields?\b", "the data's word 'field'", True),
    (r"\bin the list '|\bat the stage '", "a quoted list or stage title (\"in the list '...'\")", True),
    (r"\*\*[^*\n]+\*\*(?:\s+\w+)?\s*\?", "a '**slot**?' template", True),
    (r":\s*\*[^*\n]+\*\s*\?", "a 'label: *slot*?' template", True),
]
# Every match of each pattern holds one of these (tested with ``in`` first: scanning a text for a pattern
# costs far more, and most texts hold none of them).
NEEDS = [("the figure ",), ("the data says",), ("(a ",), ("the acting body was",),
         ("outcome:", "evidence:", "count:", "grouping:", "symbol:", "field:"), ("field",), (" '",), ("**",), ("*",)]
PHRASE_PATTERNS = [(needs, re.compile(pattern), what, in_feedback)
                   for needs, (pattern, what, in_feedback) in zip(NEEDS, PHRASES, strict=True)]
SUBJECT_FIELD = re.compile(r":\s+(?:" + "|".join(map(re.escape, _FIELD)) + r")\b")
KEY_VALUE = re.compile(r"^((?:\S+\s+){0,7}\S+):\s+((?:\S+\s+){0,9}?\S+)\.(?:\s|$)")  # 'X: Y.', short, no verb
DATED = re.compile(r"^(?:\d|as of\b|in\b|on\b|(?:january|february|march|april|may|june|july|august|september|"
                   r"october|november|december)\b)", re.I)
BARE = "a bare 'subject: value' line"


@rule("template-phrasing", "phrasing no teacher would write ('the figure for:', 'outcome:', bare 'subject: value' "
      "lines) reads as a form, not a question")
def template_phrasing(item: Item):
    found: dict[str, list] = {}
    texts = [(place, name, str(text)) for place, name, text in item.texts()]
    # Each pattern is first looked for in all the question's texts at once (joined by line breaks, which
    # no match needs): most questions have none, and a pattern only then looked for text by text.
    everything = "\n".join(text for _, _, text in texts).lower()
    patterns = []
    for entry in PHRASE_PATTERNS:
        for need in entry[0]:
            if need in everything:
                if entry[1].search(everything):
                    patterns.append(entry)
                break
    for place, name, text in texts:
        if patterns:
            low = text.lower()
            for _, pattern, what, in_feedback in patterns:
                if (in_feedback or "feedback" not in name) and pattern.search(low):
                    found.setdefault(what, []).append((place, name))
        if ":" not in text:  # both patterns below need a colon
            continue
        plain = unverdict(text)
        if ":" not in plain:  # most feedback's only colon is its "Yes:"
            continue
        pair = KEY_VALUE.match(plain) if place != ("prompt",) else None  # a stem may set a scene with a colon
        if SUBJECT_FIELD.search(plain.lower()) or (pair and not DATED.match(pair.group(1))
                                                   and not has_verb(pair.group(1)) and not has_verb(pair.group(2))):
            found.setdefault(BARE, []).append((place, name))
    for what, where in found.items():
        names = list(dict.fromkeys(n for _, n in where))
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        yield where[0][0], f"{what} in {shown}"


# --- garbled, empty or few-word stems -------------------------------------------------------------------

BLANK = re.compile(
    r"_{3,}|(?<![\w*])__(?![\w*])"  # a run of underscores (not __bold__)
    r"|(?<![\w\[(])(?:\u2026|\.{3})(?![\w\])])"  # an ellipsis standing alone, for a word (not "[…]", not "so on…")
)
ELLIPSES = re.compile(r"(?:\u2026|\.{3})(?:\s*(?:\u2026|\.{3}))+")  # two or more in a row
QUOTED = re.compile(r"\u201c([^\u201c\u201d]*)\u201d")  # a quotation in curly quotes: a clue
FEWEST_WORDS = 4  # a prompt, or a quoted clue, of fewer words describes nothing (cf. generate.FEWEST_WORDS)
WORD = re.compile(r"[^\W_]+")  # as text.words counts them ("WTO's" is two), without folding first: fast


def count_words(text: str, most: int = FEWEST_WORDS) -> int:
    """How many words ``text`` has, counting no further than ``most``."""
    return sum(1 for _ in islice(WORD.finditer(text), most))


def garbles(text: str) -> list[str]:
    """What makes a stem unreadable: blanks, ellipses in a row, an empty or few-word quotation, too few words."""
    found = []
    if "_" in text or "\u2026" in text or "..." in text:  # the patterns are slow; most stems have none of these
        if run := ELLIPSES.search(text):
            found.append(f"ellipses in a row ({run.group(0)!r})")
        elif blank := BLANK.search(text):
            found.append(f"a blank ({blank.group(0)!r}) stands for a word")
    for clue in QUOTED.findall(text):
        n = count_words(clue)
        if n == 0:
            found.append(f"an empty quotation (\u201c{clue}\u201d)")
        elif n < FEWEST_WORDS:
            found.append(f"the quoted clue {quote(clue)} has {n} word{'s' if n > 1 else ''}")
    n = count_words(text)
    if n < FEWEST_WORDS:
        found.append(f"it has {n} word{'' if n == 1 else 's'}")
    return found


@rule("garbled-text", "a stem with a blank ('___', a lone '…'), ellipses in a row, an empty or few-word quoted clue, "
      "or fewer than four words asks nothing a learner can answer")
def garbled_text(item: Item):
    for field, name, text in (("prompt", "the prompt", item.p["prompt"]), ("short", "the short form", item.short)):
        found = garbles(text) if text else []
        if found:
            yield (field,), (f"{name}: {'; '.join(found)}: write every word out (a stem, or a quoted clue, "
                             f"of {FEWEST_WORDS} words or more)")


# --- a glossary question's options: terms of one category -----------------------------------------------

_TERMS: dict[int, tuple[object, dict[str, Term]]] = {}  # id(content): (content, its terms by folded name)


def terms(content) -> dict[str, Term]:
    """The glossary's terms by their folded text, short form and id (built once per content)."""
    cached = _TERMS.get(id(content))
    if cached is None or cached[0] is not content:
        index: dict[str, Term] = {}
        for fact in content.facts.values():
            if isinstance(fact, Term):
                for name in (fact.id, fact.short, fact.term):  # the term itself last: it wins
                    if name:
                        index[" ".join(words(name))] = fact
        _TERMS.clear()
        _TERMS[id(content)] = cached = (content, index)
    return cached[1]


ARTICLE = re.compile(r"^(?:a|an|the) ")


def shown_as(text: str, term: Term) -> bool:
    """Does an option read as the term itself ("A stabilised text"), not as a sentence that names it?"""
    said = ARTICLE.sub("", " ".join(words(text)))
    return any(name and said == ARTICLE.sub("", " ".join(words(name))) for name in (term.term, term.short))


@rule("mixed-term-categories", "a term of another category than the key (a process among bodies, a text's "
      "status among instruments) is ruled out without knowing the answer")
def mixed_term_categories(item: Item):
    """A glossary question whose options are terms (a sentence that names one is not a term to a learner)."""
    if not item.choices or item.q.ask.field != "term" or not item.keys:
        return
    index = terms(item.content)
    found = {n: index.get(" ".join(words(str(model.value)))) for n, _, model in item.options}
    asked = item.content.facts.get(item.q.ask.fact or "")
    n, shown, _ = item.keys[0]
    key = asked if isinstance(asked, Term) else found[n]
    if key is None or not shown_as(shown["text"], key):
        return
    for n, o, _ in item.options:
        term = found[n]
        if term is not None and term.category != key.category and shown_as(o["text"], term):
            yield ("options", n), (f"option {o['id']!r} ({o['text']}) is {a(term.category)} term, "
                                   f"the key ({shown['text']}) {a(key.category)} term: offer {key.category} terms only")


# --- numbers and years in order -------------------------------------------------------------------------

YEARLIKE = re.compile(r"(?:1[5-9]|20)\d\d")


def number(value) -> float | None:
    """An option's value as a number: an int or float (not a bool), or a year written as text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and YEARLIKE.fullmatch(value.strip()):
        return int(value)
    return None


@rule("options-out-of-order", "numbers or years out of order make the learner hunt, and an order of the author's "
      "own can point to the key: list them ascending")
def options_out_of_order(item: Item):
    """In the YAML's order, as the author wrote them (the presented form may sort a scale itself)."""
    if not item.choices or len(item.options) < 2:
        return
    models = item.q.options
    found = [number(o.value) for o in models]
    values = [v for v in found if v is not None]
    if len(values) < len(found) or values == sorted(values):
        return
    text = {o["id"]: o["text"] for _, o, _ in item.options}
    years = all(isinstance(o.value, str) or (isinstance(o.value, int) and 1500 <= o.value <= 2100) for o in models)
    ordered = [o for _, o in sorted(zip(values, models), key=lambda vo: vo[0])]
    yield ("options",), (f"the {'years' if years else 'numbers'} {', '.join(text[o.id] for o in models)} are out of "
                         f"order: list them ascending ({', '.join(text[o.id] for o in ordered)})")


# --- across the bank ------------------------------------------------------------------------------------

def _at(item: Item) -> str:
    name, line = item.where
    return f"{item.q.id} ({name}:{line})"


@rule("same-option-set", "two questions offering the same set of options let one answer the other (by "
      "elimination, or by the first one's feedback) and read as a drill: vary the distractors", across=True)
def same_option_set(items: list[Item]):
    first: dict[frozenset, Item] = {}
    for item in items:
        if not item.choices:
            continue
        texts = frozenset(" ".join(words(o["text"])) for _, o, _ in item.options)
        earlier = first.setdefault(texts, item)
        if earlier is not item:
            shown = ", ".join(sorted(o["text"] for _, o, _ in item.options))
            yield item, ("options",), (f"the same options as {_at(earlier)}: {quote(shown, 60)}: "
                                       "change a distractor in one of them")


POSITIONS = ("1st", "2nd", "3rd", "4th")
# a Fraction, so exact: no 0.4 * 15 = 6.000...1
MOST_KEYS = Fraction(2, 5)  # of a module's four-option single choices, at any one position
FEWEST_QUESTIONS = 5  # fewer questions than this: no share means much


@rule("key-position-skew", "keys piled on one position (over 40% of a module's four-option single choices) "
      "reward the learner who always picks it", across=True)
def key_position_skew(items: list[Item]):
    """Positions as presented before any shuffle: the YAML's order, or a scale's ascending order, which
    no runtime shuffles. Reported once per module, at the first question whose key its author can move."""
    by_module: dict[str, list[tuple[Item, int]]] = {}
    for item in items:
        q = item.q
        if isinstance(q, SingleChoice) and len(item.options) == 4 and item.keys:
            at = next(i for i, (_, o, _) in enumerate(item.options) if o["id"] == q.answer)
            by_module.setdefault(q.module or "", []).append((item, at))
    for module, keyed in by_module.items():
        if len(keyed) < FEWEST_QUESTIONS:
            continue
        counts = Counter(at for _, at in keyed)
        most = int(MOST_KEYS * len(keyed))  # the most keys one position may hold
        over = [at for at in range(4) if counts[at] > most]
        if not over:
            continue
        # movable: hand-written, and not a scale (whose order is the data's); a template orders its own
        at_over = [item for item, at in keyed if at in over]
        movable = [i for i in at_over if not i.generated and not i.p.get("ordered")] or at_over
        spread = ", ".join(f"{POSITIONS[at]} {counts[at]}" for at in range(4))
        move = sum(counts[at] - most for at in over)
        named = ", ".join(i.q.id for i in movable[:4]) + (f" and {len(movable) - 4} more" if len(movable) > 4 else "")
        yield movable[0], ("answer",), (f"module {module}: its {len(keyed)} four-option single choices have the key "
                                        f"{spread}: over {round(100 * MOST_KEYS)}% ({most} at most) at the "
                                        f"{' and '.join(POSITIONS[at] for at in over)}; move {move} of those keys "
                                        f"({named}) to another position")


FEWEST_SELECT_ALL = 3


@rule("select-all-same-count", "when every select-all question has the same number of right options, the count "
      "is a clue: learners pick that many", across=True)
def select_all_same_count(items: list[Item]):
    select = [item for item in items if isinstance(item.q, MultipleSelect)]
    counts = {len(item.keys) for item in select}
    if len(select) >= FEWEST_SELECT_ALL and len(counts) == 1:
        count = counts.pop()
        other = f"{count - 1} or {count + 1}" if count > 1 else f"{count + 1}"
        yield select[-1], ("answer",), (f"all {len(select)} select-all questions of the bank have {count} right "
                                        f"option{'' if count == 1 else 's'}: give some {other}")
