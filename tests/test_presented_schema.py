"""The presented question's types and JSON Schemas (quizzes.present.types; schemas/presented.schema.json,
export-json.schema.json, quiz-page-data.schema.json).

Every question of the real bank, presented and shuffled, validates against the published schema; so do
the data a module page embeds for quiz.js and the file ``python -m quizzes export json`` writes. The
schemas can fail (a key missing, a value of the wrong type, a key no type names), and each TypedDict
names exactly the keys ``present`` produces, so the types cannot drift from the code.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path

import jsonschema
import pytest
from typing_extensions import get_type_hints

from quizzes.__main__ import main, schemas
from quizzes.present.draw import arrange, draw, shuffled
from quizzes.present.present import key_ids, present
from quizzes.present.types import (
    PRESENTED_TYPES,
    PaperData,
    PaperModule,
    PresentedItem,
    PresentedMiss,
    PresentedOption,
    PresentedSource,
    TrueFalseFeedback,
)
from quizzes.quiz import Quiz
from quizzes.views.html import OPTION_FIELDS, PAGE_FIELDS, page_data

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
NEW_SCHEMAS = ("presented.schema.json", "export-json.schema.json", "quiz-page-data.schema.json")
PAGE_DATA = re.compile(r'<script type="application/json" class="course-quiz-data">(.*?)</script>', re.S)


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def problems(check: jsonschema.protocols.Validator, instance) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(instance))


@pytest.fixture(scope="module")
def presented(bank) -> list[dict]:
    return [present(bank, q) for q in bank.questions]


def keys(typed) -> tuple[set[str], set[str]]:
    """(required keys, optional keys) of a TypedDict."""
    return set(typed.__required_keys__), set(typed.__optional_keys__)


# -- the schemas are the command's ---------------------------------------------------------------------------
def test_the_schema_command_writes_the_presented_schemas():
    """``python -m quizzes schema`` publishes them beside the bank's (tests/test_content.py compares every
    file of schemas/ with the command's output; this names the three of the presented form)."""
    generated = schemas()
    for name in NEW_SCHEMAS:
        assert name in generated
        assert json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")) == generated[name], \
            f"schemas/{name} is stale: run python -m quizzes schema"
    assert schemas() == generated  # the same each time


# -- everything the runtimes read validates ---------------------------------------------------------------
def test_every_presented_question_validates(presented):
    check = validator("presented.schema.json")
    assert {q["type"] for q in presented} == set(PRESENTED_TYPES)
    for q in presented:
        assert problems(check, q) == [], q["id"]
        for seed in range(3):
            assert problems(check, shuffled(q, random.Random(f"{seed}:{q['id']}"))) == [], q["id"]


def test_a_quiz_arranged_with_a_seed_validates(presented):
    check = validator("presented.schema.json")
    for q in arrange(presented, "quiz-schema", 7):
        assert problems(check, q) == [], q["id"]


def page_data_of(quiz: Quiz) -> dict:
    found = PAGE_DATA.findall(quiz.html())
    assert len(found) == 1
    return json.loads(found[0])


def test_the_data_a_module_page_embeds_validates(bank):
    """Each module's page quiz (``Quiz.for_module``, rendered by quizzes.views.html as the book renders
    it), the practice test's, and one quiz of the whole bank, so every question's page form is checked."""
    check = validator("quiz-page-data.schema.json")
    quizzes = [Quiz.for_module(m.id, bank=bank) for m in bank.content.course.modules]
    quizzes += [Quiz.for_module("work-programme", most=40, bank=bank), Quiz.practice(count=15, seed=2026, bank=bank),
                Quiz(bank.questions, quiz_id="whole-bank", seed=0, bank=bank, one_at_a_time=True)]
    for quiz in quizzes:
        data = page_data_of(quiz)
        assert problems(check, data) == [], quiz.quiz_id
        assert data["questions"] == [page_data(q) for q in quiz.questions]
    assert {q["type"] for q in page_data_of(quizzes[-1])["questions"]} == set(PRESENTED_TYPES)


def test_the_json_export_validates(tmp_path, capsys):
    check = validator("export-json.schema.json")
    for args in ([], ["--seed", "3", "--count", "12"], ["--module", "themes"]):
        out = tmp_path / "paper.json"
        assert main(["export", "json", *args, "-o", str(out)]) == 0, capsys.readouterr().err
        data = json.loads(out.read_text(encoding="utf-8"))
        assert problems(check, data) == [], args
        assert set(data) == set(PaperData.__required_keys__)


# -- the schemas can fail -----------------------------------------------------------------------------------
def first_of(presented: list[dict], kind: str) -> dict:
    return copy.deepcopy(next(q for q in presented if q["type"] == kind))


BROKEN = {
    "no key": (lambda q: q.pop("key"), "single"),
    "no prompt": (lambda q: q.pop("prompt"), "numeric"),
    "key of the wrong type": (lambda q: q.update(key=3), "single"),
    "multiple key not a list": (lambda q: q.update(key=q["key"][0]), "multiple"),
    "true-false key a string": (lambda q: q.update(key="true"), "true-false"),
    "numeric key a string": (lambda q: q.update(key="1998"), "numeric"),
    "an option without feedback": (lambda q: q["options"][0].pop("feedback"), "single"),
    "a key no type names": (lambda q: q.update(answer="a"), "single"),
    "an unknown type": (lambda q: q.update(type="essay"), "single"),
    "ordered false": (lambda q: q.update(ordered=False), "single"),
    "a third true-false feedback": (lambda q: q["feedback"].update(maybe="?"), "true-false"),
    "an ordering item without text": (lambda q: q["items"][0].pop("text"), "ordering"),
    "a matching key to a number": (lambda q: q["key"].update(l1=1), "matching"),
    "a difficulty the bank has not": (lambda q: q.update(difficulty="trivial"), "ordering"),
    "a source without a number": (lambda q: q["sources"][0].pop("number"), "true-false"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_presented_schema_refuses_a_broken_question(presented, case):
    check = validator("presented.schema.json")
    change, kind = BROKEN[case]
    q = first_of(presented, kind)
    assert problems(check, q) == []
    change(q)
    assert problems(check, q) != [], case


def test_the_page_and_export_schemas_refuse_too(bank, presented):
    page = page_data_of(Quiz(bank.questions[:5], quiz_id="few", seed=0, bank=bank))
    page["questions"][0]["prompt"] = "the page's HTML has the prompt: the data carries no such key"
    assert problems(validator("quiz-page-data.schema.json"), page) != []
    page = page_data_of(Quiz(bank.questions[:5], quiz_id="few", seed=0, bank=bank))
    del page["one_at_a_time"]
    assert problems(validator("quiz-page-data.schema.json"), page) != []
    paper = draw(bank, count=3, seed=1)
    data = json.loads(json.dumps({"title": paper.title, "course": paper.course, "as_of": paper.as_of,
                                  "seed": paper.seed, "drawn": paper.drawn, "paper": paper.describe(),
                                  "shuffle": paper.shuffle_note(), "modules": paper.modules,
                                  "questions": paper.questions}))
    check = validator("export-json.schema.json")
    assert problems(check, data) == []
    data["questions"][0].pop("key")
    assert problems(check, data) != []


# -- the types are the code's -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(PRESENTED_TYPES))
def test_each_type_names_the_keys_present_produces(presented, kind):
    """Every question of the type has the type's required keys and no key the type does not name; each
    optional key is one that ``present`` adds only sometimes."""
    required, optional = keys(PRESENTED_TYPES[kind])
    produced = [set(q) for q in presented if q["type"] == kind]
    assert produced, f"the bank has no {kind} question"
    assert set.intersection(*produced) == required
    assert set.union(*produced) <= required | optional
    assert optional <= {"short", "ordered"}


def test_the_nested_types_name_the_keys_present_produces(presented):
    nested = {
        PresentedOption: [o for q in presented for o in q.get("options", [])],
        PresentedSource: [s for q in presented for s in q["sources"]],
        PresentedItem: [i for q in presented for name in ("items", "lefts", "rights") for i in q.get(name, [])],
        PresentedMiss: [m for q in presented for m in q.get("misses", [])],
        TrueFalseFeedback: [q["feedback"] for q in presented if q["type"] == "true-false"],
    }
    for typed, found in nested.items():
        required, optional = keys(typed)
        assert found, typed.__name__
        assert set.intersection(*map(set, found)) == required, typed.__name__
        assert set.union(*map(set, found)) == required | optional, typed.__name__  # each optional key seen


def test_every_optional_key_is_one_present_adds(presented):
    seen = {(q["type"], k) for q in presented for k in q}
    optional = {(kind, k) for kind, typed in PRESENTED_TYPES.items() for k in typed.__optional_keys__}
    # the bank has no multiple select or matching on a scale ("ordered"): every other optional key is
    # seen in the real bank
    assert optional - seen <= {("multiple", "ordered"), ("matching", "ordered")}


def test_a_paper_module_is_what_draw_makes(bank):
    paper = draw(bank)
    assert all(set(m) == set(PaperModule.__required_keys__) for m in paper.modules)


def test_the_page_types_are_the_fields_the_script_reads():
    """The page schema is the presented one cut to PAGE_FIELDS (options to OPTION_FIELDS)."""
    page = schemas()["quiz-page-data.schema.json"]["$defs"]
    for kind, typed in PRESENTED_TYPES.items():
        name = typed.__name__.replace("Presented", "Page", 1)
        assert set(page[name]["properties"]) == set(get_type_hints(typed)) & set(PAGE_FIELDS), kind
    assert set(page["PageOption"]["properties"]) == set(OPTION_FIELDS)


# -- one key set for every runtime ----------------------------------------------------------------------------
def test_key_ids(presented):
    for q in presented:
        if q["type"] == "single":
            assert key_ids(q) == {q["key"]}
        elif q["type"] == "multiple":
            assert key_ids(q) == set(q["key"]) and len(key_ids(q)) == len(q["key"])
        else:
            with pytest.raises(ValueError, match="no options to key"):
                key_ids(q)
