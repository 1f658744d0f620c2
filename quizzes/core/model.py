"""The question model: one pydantic class per question type, discriminated by ``type``.

A question never states an answer on its own authority. It says what it *asks about* (``ask``: a
fact's field, a topic's theme, a list's members...) and gives each option a ``value``; the checker
(:mod:`quizzes.core.prove`) works out from content/ which values are true, so the key is proven, each
distractor is shown false, and a change in the data fails the questions that rest on it.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema, model_validator

from course.content.model import Id, Strict, Text

# The most characters each kind of text may have. A question's text has no reason to be long, and a
# long one costs: Markdown (quizzes/core/markdown.py) renders every field, and markdown-it-py 3.0 is
# quadratic on some inputs. Each limit is at least four times the longest text of its kind in the bank
# when they were set (a prompt of 474 characters, an explanation of 1,011, feedback of 467, a hint of
# 201, an option of 91, an ordering item of 93, a glossary clue of 111; a short form is held to
# Kahoot's 120 by the checker), so no honest question comes near one.
TEXT_LIMITS = {
    "a prompt": 2000, "a short form": 2000, "an explanation": 4000, "a hint": 2000, "feedback": 2000,
    "an option": 1000, "an item": 1000, "a unit": 1000, "a clue": 1000,
}


def _limited(what: str) -> AfterValidator:
    limit = TEXT_LIMITS[what]

    def at_most(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"{len(text)} characters; {what} has at most {limit}")
        return text
    return AfterValidator(at_most)


Prompt = Annotated[Text, _limited("a prompt")]
ShortForm = Annotated[Text, _limited("a short form")]
Explanation = Annotated[Text, _limited("an explanation")]
Hint = Annotated[Text, _limited("a hint")]
Feedback = Annotated[Text, _limited("feedback")]
OptionText = Annotated[Text, _limited("an option")]
ItemText = Annotated[Text, _limited("an item")]
Unit = Annotated[Text, _limited("a unit")]
Clue = Annotated[Text, _limited("a clue")]

Value = bool | int | float | str
FieldName = Literal[
    "year", "date", "body", "at", "documents", "value", "outcome", "place", "symbol", "description", "number",
    "evidence", "unit", "qualifier", "as_of", "kind", "term", "name", "grouping", "themes", "topics", "count",
]
FIELDS: tuple[FieldName, ...] = get_args(FieldName)


# The item-writing rules of `python -m quizzes lint` (implemented in quizzes/lint/rules.py) a question may
# silence for itself, with a reason: ``lint: {rule-id: "why it does not apply here"}``.
LINT_RULES = (
    "stem-gives-key", "key-stands-out", "mixed-kinds", "two-option-single", "all-none-of-the-above",
    "duplicate-options", "negative-stem", "about-the-course", "same-feedback", "template-phrasing",
    "garbled-text", "mixed-term-categories", "options-out-of-order", "same-option-set", "key-position-skew",
    "select-all-same-count",
)


def _known_rule(rule: str) -> str:
    if rule not in LINT_RULES:
        raise ValueError(f"unknown lint rule; the rules are: {', '.join(LINT_RULES)}")
    return rule


def _reason(text: str) -> str:
    if not text:
        raise ValueError("give the reason the rule does not apply here")
    return text


LintRule = Annotated[str, AfterValidator(_known_rule), WithJsonSchema({"type": "string", "enum": list(LINT_RULES)})]
Reason = Annotated[str, BeforeValidator(lambda v: "" if v is None else v), StringConstraints(strip_whitespace=True),
                   AfterValidator(_reason)]
Silences = Annotated[dict[LintRule, Reason], Field(
    default_factory=dict, description="lint rules silenced for this question: {rule-id: the reason, never empty}")]


# The levels a question tests, lowest first (after the cognitive levels of Bloom's taxonomy as revised by
# Anderson & Krathwohl 2001: remember, understand, apply, analyse); "beyond recall" is every level after the first.
Skill = Literal["recall", "classify", "apply", "analyse"]
SKILLS: tuple[Skill, ...] = get_args(Skill)
# What each level makes the learner do (README, "Levels"). A question's level is what it asks of the
# learner, not how it is dressed: a scenario whose answer is one fact's value is recall.
SKILL_DESCRIPTION = (
    "what the question makes the learner do. recall: remember a fact (a scenario whose answer is one fact's "
    "value is recall, however it is dressed); classify: place a given case under given categories, or explain "
    "which category holds it; apply: use a rule on a new case to reach a result the data does not state; "
    "analyse: relate several facts or sources: weigh dated claims, compare tracks, find what is out of date")


SHAPES = {
    ("fact", "field"): "field",
    ("grouping", "topic"): "theme-of",
    ("snapshot", "topic"): "stage-of",
    ("theme",): "in-theme",
    ("stage",): "in-stage",
    ("list",): "member-of",
    ("item",): "list-of",
    ("statement",): "statement",
}
ASK_KEYS = ("fact", "field", "topic", "grouping", "snapshot", "theme", "stage", "list", "item", "statement")


def _shape(obj) -> tuple:
    return tuple(sorted(k for k in ASK_KEYS if getattr(obj, k) is not None))


def _shapes_text() -> str:
    return "; ".join("{" + ", ".join(s) + "}" for s in SHAPES)


class Ask(Strict):
    """What the options (or a claim's ``value``) are answers to. Exactly one shape:

    - ``{fact, field}``: a field of a fact (year, body, place, symbol, outcome, value...);
    - ``{topic, grouping}``: the theme a topic is under in a grouping;
    - ``{topic, snapshot}``: the stage a topic was at in a dated snapshot;
    - ``{theme}``: the topics under a theme; ``{stage}``: the topics at a stage;
    - ``{list}``: the members of a list (item ids, or the facts its items stand for);
    - ``{item}``: the list an item belongs to;
    - ``{statement}``: a statement fact, true as the data states it (true/false only).
    """

    fact: Id | None = None
    field: FieldName | None = None
    topic: Id | None = None
    grouping: Id | None = None
    snapshot: Id | None = None
    theme: Id | None = None
    stage: Id | None = None
    list: Id | None = None
    item: Id | None = None
    statement: Id | None = None

    @model_validator(mode="after")
    def _one_shape(self):
        if isinstance(self, Claim):
            return self
        if _shape(self) not in SHAPES:
            raise ValueError(f"ask has the keys {{{', '.join(_shape(self))}}}; use one of: {_shapes_text()}")
        return self

    @property
    def relation(self) -> str:
        return SHAPES[_shape(self)]


class Claim(Ask):
    """A true/false statement: the ask, and the value it claims; or, ``negated``, the opposite (so a
    statement of the data, which can only be true, can be asked as a false one, and keys balance)."""

    value: Value | None = None
    negated: bool = Field(False, description=(
        "the prompt states the opposite of what the ask and value say: the key is true when the data says no"))

    @model_validator(mode="after")
    def _claim_shape(self):
        if _shape(self) not in SHAPES:
            raise ValueError(f"claim has the keys {{{', '.join(_shape(self))}}}; "
                             f"use one of: {_shapes_text()}, plus value")
        if (self.value is None) != (_shape(self) == ("statement",)):
            raise ValueError("a claim gives a value, except a {statement} claim")
        return self


class Option(Strict):
    id: Id
    value: Value = Field(description="what this option says: a fact id, a theme id, a year, a symbol...")
    text: OptionText | None = Field(
        None, description="Markdown; must name the value. Default: the value's name in the data")
    feedback: Feedback | None = Field(
        None, description="why this option is wrong (or right); default: what the data says")
    short: OptionText | None = Field(None, description=(
        "the option in at most 75 characters, for Kahoot, when its text is longer; must name the value too"))


class QuestionBase(Strict):
    id: Id
    prompt: Prompt = Field(description="Markdown (no HTML)")
    explanation: Explanation = Field(
        description="Markdown, shown after answering; the sources are added from the facts")
    hint: Hint | None = None
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    skill: Skill = Field("recall", description=SKILL_DESCRIPTION)
    objective: Id = Field(description="a learning objective id from content/course.yml")
    family: Id | None = Field(None, description=(
        "questions that ask the same thing another way share a family: a draw (a module quiz, a paper, a "
        "workshop round, --count) takes at most one of a family, so one question never answers another"))
    facts: list[Id] = Field([], description="facts tested beyond those the ask and the options name")
    module: Id | None = Field(None, description="set from the file's module")
    lint: Silences


SHORT_DESCRIPTION = ("the prompt in at most 120 characters of plain text, for Kahoot, when the prompt is longer: "
                     "the same question in fewer words (its figures are checked like the prompt's)")


class SingleChoice(QuestionBase):
    type: Literal["single"]
    short: ShortForm | None = Field(None, description=SHORT_DESCRIPTION)
    ask: Ask
    options: list[Option] = Field(min_length=2, max_length=8)
    answer: Id = Field(description="the id of the correct option")

    def answer_ids(self) -> set[str]:
        """The key as a set of option ids (one here), as a select-all question gives it."""
        return {self.answer}


class MultipleSelect(QuestionBase):
    type: Literal["multiple"]
    short: ShortForm | None = Field(None, description=SHORT_DESCRIPTION)
    ask: Ask
    options: list[Option] = Field(min_length=2, max_length=10)
    answer: list[Id] = Field(min_length=1, description="the ids of every correct option")

    def answer_ids(self) -> set[str]:
        """The key as a set of option ids."""
        return set(self.answer)


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    short: ShortForm | None = Field(None, description=SHORT_DESCRIPTION)
    claim: Claim
    answer: bool
    feedback_true: Feedback | None = None
    feedback_false: Feedback | None = None


class Pair(Strict):
    left: Value
    right: Value
    feedback: Feedback | None = Field(None, description="why the left goes with the right; default: what the data says")


class Match(Strict):
    """The relation pairs are matched by, exactly one of: {grouping} (topic -> theme),
    {snapshot} (topic -> stage) or {field} (fact -> that field's value)."""

    grouping: Id | None = None
    snapshot: Id | None = None
    field: FieldName | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [k for k in ("grouping", "snapshot", "field") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("match gives exactly one of grouping, snapshot or field")
        return self


class Matching(QuestionBase):
    type: Literal["matching"]
    match: Match
    pairs: list[Pair] = Field(min_length=2, max_length=8, description="left: a topic or fact id; right: its match")
    distractors: list[Value] = Field([], description="extra right-hand choices that match nothing")


class OrderItem(Strict):
    id: Id
    fact: Id = Field(description="a dated fact (event, decision, conference, document, snapshot)")
    text: ItemText | None = None


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[OrderItem] = Field(min_length=3, max_length=8, description="in the correct order, oldest first")


class Miss(Strict):
    """A wrong number learners are likely to give (another date's figure), and what it is."""

    value: float | int = Field(allow_inf_nan=False)
    feedback: Feedback = Field(description="what this number is, so the learner sees which figure they confused")


class Numeric(QuestionBase):
    type: Literal["numeric"]
    ask: Ask = Field(description="{fact, field}: the number asked for")
    answer: float | int = Field(allow_inf_nan=False)
    tolerance: float = Field(0, ge=0, allow_inf_nan=False)
    unit: Unit | None = None
    misses: list[Miss] = Field([], description="the usual confusions, each with feedback saying what it is")

    @model_validator(mode="after")
    def _misses_are_wrong(self):
        for miss in self.misses:
            if abs(miss.value - self.answer) <= self.tolerance:
                raise ValueError(f"miss {miss.value:g} is within the tolerance of the answer: it would be right")
        return self


Question = Annotated[
    SingleChoice | MultipleSelect | TrueFalse | Matching | Ordering | Numeric,
    Field(discriminator="type"),
]
QUESTION_TYPES = {
    "single": SingleChoice, "multiple": MultipleSelect, "true-false": TrueFalse,
    "matching": Matching, "ordering": Ordering, "numeric": Numeric,
}

Template = Literal["glossary-term", "count-value"]
TEMPLATES: tuple[Template, ...] = get_args(Template)


class Generate(Strict):
    """A question template run over the content data: one question per fact it applies to, filed
    under that fact's own ``objective`` (content/), not under one objective for the whole file."""

    template: Template
    skill: Skill = "recall"
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    lint: Silences  # applies to every question the template makes
    clues: dict[Id, Clue] = Field({}, description=(
        "glossary-term only: {term id: a clue in quiz wording that describes the term without naming it}; "
        "the template asks about these terms and no others"))


class BankFile(Strict):
    """One file of quizzes/bank/: a module's questions, and the templates it runs."""

    module: Id
    generate: list[Generate] = Field([], description="question templates run over the content data")
    questions: list[Question] = []
