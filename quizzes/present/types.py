"""The presented question's shape: one ``TypedDict`` per question type, as ``present`` makes it.

``present`` (quizzes.present.present) builds each question type's dict as its type here (a plain dict at
run time), so mypy checks every key and value it produces; the code that reads the dict (the grader, the
views, the exports, the lint) takes these types too, narrowing on ``q["type"]``, and mypy checks it against
the same description (the modules ``[tool.mypy] files`` lists in pyproject.toml). ``python -m quizzes
schema`` publishes it as JSON Schema (``schemas/presented.schema.json``, generated from these classes by
pydantic), and a test compares these keys with what ``present`` really produces at run time.

Every type is closed (``extra="forbid"``: a key the type does not name is refused by the schema).
``NotRequired`` keys are the ones ``present`` adds only sometimes: ``short`` (the Kahoot forms, when
the author wrote one) and ``ordered`` (options that are a scale: never shuffled, always ``true``).

``PaperData`` is a drawn paper as data: the top level of ``python -m quizzes export json``
(``schemas/export-json.schema.json``). A book page's quiz data (``schemas/quiz-page-data.schema.json``)
is these questions cut to the fields quiz.js reads; ``quizzes.__main__.page_data_schema`` makes it.
"""

# No ``from __future__ import annotations`` here: TypedDict reads NotRequired from the annotation's
# value, so that ``__required_keys__`` and ``__optional_keys__`` are right at run time.
from typing import Annotated, Literal, NotRequired

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict  # pydantic reads typing's TypedDict only from Python 3.12

from quizzes.core.model import Skill

_CLOSED = ConfigDict(extra="forbid", use_attribute_docstrings=True)

Difficulty = Literal["easy", "medium", "hard"]


@with_config(_CLOSED)
class PresentedSource(TypedDict):
    """A source of a fact the question tests, numbered as the book's bibliography numbers it."""

    id: str
    number: int
    """its number in the book's bibliography, from 1"""
    author: str
    short: str
    """how a citation names it (the author when the data gives no short name)"""
    title: str
    url: str | None


@with_config(_CLOSED)
class PresentedOption(TypedDict):
    """An option of a single or multiple choice question."""

    id: str
    text: str
    """Markdown; the data's name of the option's value when the author gave no text"""
    feedback: str
    """Markdown; what the data says, when the author wrote none"""
    short: NotRequired[str]
    """the option in at most 75 characters, for Kahoot, when the author gave one"""


@with_config(_CLOSED)
class PresentedItem(TypedDict):
    """An ordering item, or a left or right side of a matching question: an id and its text."""

    id: str
    text: str
    """Markdown"""


@with_config(_CLOSED)
class PresentedMiss(TypedDict):
    """A wrong number learners are likely to give, and what it is."""

    value: float
    feedback: str


@with_config(_CLOSED)
class TrueFalseFeedback(TypedDict):
    """The feedback a true/false question gives for each answer a learner may choose."""

    true: str
    false: str


class PresentedBase(TypedDict):
    """What every presented question has, in this order (``type`` is each type's own). Its descriptions are
    in ``Field``: pydantic reads the attribute docstrings of a TypedDict's own class only, not its base's."""

    id: str
    module: str
    prompt: Annotated[str, Field(description="Markdown")]
    hint: Annotated[str | None, Field(description="Markdown")]
    explanation: Annotated[str, Field(description="Markdown, shown after answering")]
    difficulty: Difficulty
    skill: Skill
    objective: str
    facts: Annotated[list[str], Field(description="the ids of the facts the question tests, sorted")]
    sources: list[PresentedSource]


@with_config(_CLOSED)
class PresentedSingle(PresentedBase):
    """A single choice question: one option is right."""

    type: Literal["single"]
    short: NotRequired[str]
    """the prompt in at most 120 characters, for Kahoot, when the author gave one"""
    options: list[PresentedOption]
    key: str
    """the id of the right option"""
    ordered: NotRequired[Literal[True]]
    """the options are a scale, in ascending order: never shuffled"""


@with_config(_CLOSED)
class PresentedMultiple(PresentedBase):
    """A multiple select question: every right option must be chosen, and no other."""

    type: Literal["multiple"]
    short: NotRequired[str]
    """the prompt in at most 120 characters, for Kahoot, when the author gave one"""
    options: list[PresentedOption]
    key: list[str]
    """the ids of the right options, in the author's order"""
    ordered: NotRequired[Literal[True]]
    """the options are a scale, in ascending order: never shuffled"""


@with_config(_CLOSED)
class PresentedTrueFalse(PresentedBase):
    """A true/false question."""

    type: Literal["true-false"]
    short: NotRequired[str]
    """the prompt in at most 120 characters, for Kahoot, when the author gave one"""
    key: bool
    feedback: TrueFalseFeedback


@with_config(_CLOSED)
class PresentedNumeric(PresentedBase):
    """A number to type: right within ``tolerance`` of ``key``, or of one of the ``variants``."""

    type: Literal["numeric"]
    key: float
    tolerance: float
    unit: str | None
    variants: list[float]
    """other figures the sources report, accepted too"""
    misses: list[PresentedMiss]


@with_config(_CLOSED)
class PresentedOrdering(PresentedBase):
    """Items to put in order, earliest first."""

    type: Literal["ordering"]
    items: list[PresentedItem]
    """in the order shown (never the answer's)"""
    key: list[str]
    """the item ids in the right order"""
    dates: dict[str, str]
    """each item's date, in words, by item id"""


@with_config(_CLOSED)
class PresentedMatching(PresentedBase):
    """Each left-hand item to be matched with a right-hand choice (a choice may match several, or none)."""

    type: Literal["matching"]
    ordered: NotRequired[Literal[True]]
    """the right-hand choices are a scale, in ascending order: never shuffled"""
    lefts: list[PresentedItem]
    rights: list[PresentedItem]
    key: dict[str, str]
    """the right id of each left id"""
    feedback: dict[str, str]
    """why each left goes with its right, by left id"""


Presented = Annotated[
    PresentedSingle | PresentedMultiple | PresentedTrueFalse | PresentedNumeric | PresentedOrdering
    | PresentedMatching,
    Field(discriminator="type"),
]
"""A presented question, of any type (``type`` says which)."""

PRESENTED_TYPES: dict[str, type] = {
    "single": PresentedSingle, "multiple": PresentedMultiple, "true-false": PresentedTrueFalse,
    "numeric": PresentedNumeric, "ordering": PresentedOrdering, "matching": PresentedMatching,
}


@with_config(_CLOSED)
class PaperModule(TypedDict):
    """A module a paper draws from."""

    id: str
    number: int
    title: str


@with_config(_CLOSED)
class PaperData(TypedDict):
    """A drawn paper as data: what ``python -m quizzes export json`` writes."""

    title: str
    course: str
    as_of: str
    seed: int | None
    """what shuffled the options (and, ``drawn``, chose the questions); null: as given"""
    drawn: bool
    """true: a seeded draw of some questions; false: every question of the modules, in bank order"""
    paper: str
    """one line describing the paper"""
    shuffle: str
    """how the options were ordered"""
    modules: list[PaperModule]
    questions: list[Presented]
