"""Grading (quizzes/present/grade.py) on hand-made presented questions, the form
``quizzes.present.present.present`` returns.

Every case states the whole result: valid, correct, score, the feedback list and the message. An
invalid response (nothing chosen, text that is not a number, a malformed answer) must give
``valid=False`` and a message, never an exception and never a grade (the ``MALFORMED`` cases).
"""

from __future__ import annotations

import copy
import math

import pytest

from quizzes.present.grade import Result, grade, parse_number

from .corpus import NUMBERS  # what learners type, with what parse_number makes of it (also run in the browser)

SINGLE = {
    "id": "wp-mc2-place", "type": "single", "key": "a",
    "options": [
        {"id": "a", "text": "Geneva", "feedback": "Yes: MC2 met in Geneva."},
        {"id": "b", "text": "Seattle", "feedback": "Not this one: Seattle hosted MC3."},
        {"id": "c", "text": "Doha", "feedback": "Not this one: Doha hosted MC4."},
    ],
}
MULTIPLE = {
    "id": "jsi-convenors", "type": "multiple", "key": ["a", "c", "d"],
    "options": [
        {"id": "a", "text": "Australia", "feedback": "Yes: Australia is a co-convenor."},
        {"id": "b", "text": "Brazil", "feedback": "Not this one: Brazil did not join the July 2024 statement."},
        {"id": "c", "text": "Japan", "feedback": "Yes: Japan is a co-convenor."},
        {"id": "d", "text": "Singapore", "feedback": "Yes: Singapore is a co-convenor."},
    ],
}
TRUE_FALSE = {
    "id": "wp-mc3-geneva", "type": "true-false", "key": False,
    "feedback": {"true": "The data says: MC3 met in Seattle.", "false": "Right: MC3 met in Seattle."},
}
NUMERIC = {"id": "jsi-members-2017", "type": "numeric", "key": 71, "tolerance": 0, "unit": "members"}
NUMERIC_PERCENT = {"id": "jsi-trade-2017", "type": "numeric", "key": 77, "tolerance": 0.0, "unit": "%"}
NUMERIC_YEAR = {"id": "wp-year", "type": "numeric", "key": 1998, "tolerance": 1, "unit": None}
NUMERIC_MISSES = {"id": "jsi-members-2019", "type": "numeric", "key": 76, "tolerance": 0, "unit": "members",
                  "misses": [{"value": 71, "feedback": "71 is the figure for the 2017 joint statement."}]}
ORDERING = {
    "id": "neg-steps", "type": "ordering", "key": ["convergence", "stabilised", "annex4"],
    "items": [  # as presented: sorted by text, not in key order
        {"id": "annex4", "text": "Annex 4 request"},
        {"id": "convergence", "text": "Good convergence"},
        {"id": "stabilised", "text": "Stabilised text"},
    ],
    "dates": {"convergence": "14 December 2021", "stabilised": "26 July 2024", "annex4": "December 2024"},
}
MATCHING = {
    "id": "wp-places", "type": "matching", "key": {"l1": "r3", "l2": "r2", "l3": "r1"},
    "lefts": [{"id": "l1", "text": "MC4"}, {"id": "l2", "text": "MC5"}, {"id": "l3", "text": "MC9"}],
    "rights": [{"id": "r1", "text": "Bali"}, {"id": "r2", "text": "Cancún"}, {"id": "r3", "text": "Doha"},
               {"id": "r4", "text": "Nairobi"}],
    "feedback": {"l1": "MC4 met in Doha", "l2": "MC5 met in Cancún", "l3": "MC9 met in Bali"},
}

ORDER_FEEDBACK = ("The order is: Good convergence (14 December 2021); Stabilised text (26 July 2024); "
                  "Annex 4 request (December 2024).")


def right(*feedback: str) -> dict:
    return {"valid": True, "correct": True, "score": 1.0, "feedback": list(feedback), "message": ""}


def wrong(*feedback: str) -> dict:
    return {"valid": True, "correct": False, "score": 0.0, "feedback": list(feedback), "message": ""}


def invalid(message: str) -> dict:
    return {"valid": False, "correct": False, "score": 0.0, "feedback": [], "message": message}


CHOOSE_ONE = invalid("Choose one answer.")
CHOOSE_SOME = invalid("Choose at least one answer.")
CHOOSE_TF = invalid("Choose true or false.")
ENTER_NUMBER = invalid("Enter a number, such as 1998 or 71.")
PLACE_ALL = invalid("Put every item in a position.")
MATCH_ALL = invalid("Match every item.")

CASES = [  # (name, presented question, response, the whole result)
    # single choice
    ("single-right", SINGLE, "a", right("Yes: MC2 met in Geneva.")),
    ("single-wrong", SINGLE, "b", wrong("Not this one: Seattle hosted MC3.")),
    ("single-none", SINGLE, None, CHOOSE_ONE),
    ("single-unknown-option", SINGLE, "z", CHOOSE_ONE),
    ("single-empty-text", SINGLE, "", CHOOSE_ONE),
    ("single-wrong-case", SINGLE, "A", CHOOSE_ONE),  # ids are exact
    ("single-a-number", SINGLE, 1, CHOOSE_ONE),
    # multiple select: all or nothing, no partial credit
    ("multiple-right", MULTIPLE, ["a", "c", "d"], right()),
    ("multiple-right-any-order", MULTIPLE, ("d", "a", "c"), right()),
    ("multiple-right-repeated", MULTIPLE, ["a", "a", "c", "d"], right()),  # a set: repeats do not count
    ("multiple-one-missing", MULTIPLE, ["a", "c"], wrong("Also correct: Singapore.")),
    ("multiple-one-extra", MULTIPLE, ["a", "b", "c", "d"],
     wrong("Not this one: Brazil did not join the July 2024 statement.")),
    ("multiple-extra-and-missing", MULTIPLE, ["b", "c"],
     wrong("Not this one: Brazil did not join the July 2024 statement.", "Also correct: Australia; Singapore.")),
    ("multiple-only-wrong", MULTIPLE, ["b"],
     wrong("Not this one: Brazil did not join the July 2024 statement.", "Also correct: Australia; Japan; Singapore.")),
    ("multiple-empty-list", MULTIPLE, [], CHOOSE_SOME),
    ("multiple-none", MULTIPLE, None, CHOOSE_SOME),
    ("multiple-unknown-option", MULTIPLE, ["a", "z"], CHOOSE_SOME),
    # true/false
    ("true-false-right", TRUE_FALSE, False, right("Right: MC3 met in Seattle.")),
    ("true-false-wrong", TRUE_FALSE, True, wrong("The data says: MC3 met in Seattle.")),
    ("true-false-text", TRUE_FALSE, "false", CHOOSE_TF),
    ("true-false-zero", TRUE_FALSE, 0, CHOOSE_TF),
    ("true-false-none", TRUE_FALSE, None, CHOOSE_TF),
    # numeric
    ("numeric-right-text", NUMERIC, "71", right()),
    ("numeric-right-int", NUMERIC, 71, right()),
    ("numeric-right-float", NUMERIC, 71.0, right()),
    ("numeric-right-with-unit", NUMERIC, " 71 members ", right()),
    ("numeric-right-with-unit-capitalised", NUMERIC, "71 Members", right()),
    ("numeric-too-high", NUMERIC, "72", wrong("Too high.")),
    ("numeric-too-low", NUMERIC, "70", wrong("Too low.")),
    ("numeric-abc", NUMERIC, "abc", ENTER_NUMBER),
    ("numeric-empty", NUMERIC, "", ENTER_NUMBER),
    ("numeric-blank", NUMERIC, "   ", ENTER_NUMBER),
    ("numeric-none", NUMERIC, None, ENTER_NUMBER),
    ("numeric-true", NUMERIC, True, ENTER_NUMBER),  # a bool is not a number here (True == 1 in Python)
    ("numeric-false", NUMERIC, False, ENTER_NUMBER),
    ("numeric-nan", NUMERIC, math.nan, ENTER_NUMBER),
    ("numeric-exponent", NUMERIC, "7.1e1", ENTER_NUMBER),  # exponents are not accepted
    ("numeric-singular-unit", NUMERIC, "71 member", ENTER_NUMBER),  # only the unit as given is stripped
    ("numeric-percent", NUMERIC_PERCENT, "77%", right()),
    ("numeric-percent-spaced", NUMERIC_PERCENT, "77 %", right()),
    ("numeric-decimal-comma", NUMERIC_PERCENT, "77,0", right()),
    ("numeric-decimal-comma-high", NUMERIC_PERCENT, "77,5", wrong("Too high.")),
    ("numeric-within-tolerance", NUMERIC_YEAR, "1999", right()),
    ("numeric-at-tolerance-low", NUMERIC_YEAR, "1997", right()),
    ("numeric-beyond-tolerance", NUMERIC_YEAR, "2000", wrong("Too high.")),
    ("numeric-thousands", NUMERIC_YEAR, "1,998", right()),
    # a usual confusion is named: the learner sees which figure they gave, not only "too low"
    ("numeric-miss-named", NUMERIC_MISSES, "71 members", wrong("71 is the figure for the 2017 joint statement.")),
    ("numeric-not-a-miss", NUMERIC_MISSES, "72", wrong("Too low.")),
    # ordering: all or nothing; any misplaced item shows the whole order with dates
    ("ordering-right", ORDERING, ["convergence", "stabilised", "annex4"], right()),
    ("ordering-right-tuple", ORDERING, ("convergence", "stabilised", "annex4"), right()),
    ("ordering-two-swapped", ORDERING, ["stabilised", "convergence", "annex4"], wrong(ORDER_FEEDBACK)),
    ("ordering-reversed", ORDERING, ["annex4", "stabilised", "convergence"], wrong(ORDER_FEEDBACK)),
    ("ordering-missing-item", ORDERING, ["convergence", "stabilised"], PLACE_ALL),
    ("ordering-repeated-item", ORDERING, ["convergence", "convergence", "annex4"], PLACE_ALL),
    ("ordering-unknown-item", ORDERING, ["convergence", "stabilised", "annex5"], PLACE_ALL),
    ("ordering-empty", ORDERING, [], PLACE_ALL),
    ("ordering-none", ORDERING, None, PLACE_ALL),
    ("ordering-text", ORDERING, "convergence", PLACE_ALL),
    ("ordering-dict", ORDERING, {"convergence": 1}, PLACE_ALL),
    # matching: one feedback line (with a full stop) per wrong left, in the key's order
    ("matching-right", MATCHING, {"l1": "r3", "l2": "r2", "l3": "r1"}, right()),
    ("matching-one-wrong", MATCHING, {"l1": "r3", "l2": "r4", "l3": "r1"}, wrong("MC5 met in Cancún.")),
    ("matching-two-swapped", MATCHING, {"l1": "r2", "l2": "r3", "l3": "r1"},
     wrong("MC4 met in Doha.", "MC5 met in Cancún.")),
    ("matching-missing-left", MATCHING, {"l1": "r3", "l2": "r2"}, MATCH_ALL),
    ("matching-empty-right", MATCHING, {"l1": "r3", "l2": "", "l3": "r1"}, MATCH_ALL),
    ("matching-none-right", MATCHING, {"l1": "r3", "l2": None, "l3": "r1"}, MATCH_ALL),
    ("matching-extra-left", MATCHING, {"l1": "r3", "l2": "r2", "l3": "r1", "l4": "r4"}, MATCH_ALL),
    ("matching-empty", MATCHING, {}, MATCH_ALL),
    ("matching-list", MATCHING, ["r3", "r2", "r1"], MATCH_ALL),
    ("matching-none", MATCHING, None, MATCH_ALL),
    ("matching-unknown-right", MATCHING, {"l1": "r9", "l2": "r2", "l3": "r1"}, MATCH_ALL),
]

# Malformed responses: refused as invalid, never graded and never an exception.
MALFORMED = [
    ("single-a-list", SINGLE, ["a"], CHOOSE_ONE, "TypeError: unhashable type: 'list'"),
    ("single-a-dict", SINGLE, {"a": True}, CHOOSE_ONE, "TypeError: unhashable type: 'dict'"),
    ("multiple-a-string", MULTIPLE, "acd", CHOOSE_SOME, "set('acd') picks a, c and d: graded correct"),
    ("multiple-a-string-of-one", MULTIPLE, "a", CHOOSE_SOME, "set('a'): graded as the list ['a']"),
    ("multiple-a-dict", MULTIPLE, {"a": 1, "c": 1, "d": 1}, CHOOSE_SOME, "the dict's keys are graded: correct"),
    ("multiple-a-number", MULTIPLE, 5, CHOOSE_SOME, "TypeError: 'int' object is not iterable"),
    ("ordering-none-inside", ORDERING, [None, "stabilised", "annex4"], PLACE_ALL,
     "TypeError: '<' not supported between str and None (sorted)"),
]


@pytest.mark.parametrize("question, response, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_grade(question, response, expected):
    before = copy.deepcopy(question)
    result = grade(question, response)
    assert isinstance(result, Result)
    assert result.as_dict() == expected
    assert question == before  # grading never changes the presented question


@pytest.mark.parametrize("question, response, expected", [m[1:4] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_grade_refuses_malformed_responses(question, response, expected):
    assert grade(question, response).as_dict() == expected


def test_case_names_are_unique():
    names = [c[0] for c in CASES] + [b[0] for b in MALFORMED]
    assert len(names) == len(set(names))


def test_every_type_is_graded_right_wrong_and_invalid():
    kinds = {}
    for _, q, _, expected in CASES:
        outcome = "invalid" if not expected["valid"] else ("right" if expected["correct"] else "wrong")
        kinds.setdefault(q["type"], set()).add(outcome)
    assert kinds == {t: {"right", "wrong", "invalid"}
                     for t in ("single", "multiple", "true-false", "numeric", "ordering", "matching")}


def test_unknown_question_type_is_an_error():
    with pytest.raises(ValueError, match=r"^unknown question type 'essay'$"):
        grade({"type": "essay"}, "anything")


# --- parse_number -------------------------------------------------------------------------------

# Spaces group thousands only; digits are ASCII, as the page's script reads them.
NUMBERS_QUESTIONABLE = [
    ("7 1", None, None),
    ("1 9 9 8", None, None),
    ("\uff11\uff19\uff19\uff18", None, None),  # full-width digits
    ("\u0667\u0661", None, None),  # Arabic-Indic digits
]


@pytest.mark.parametrize("text, unit, expected", NUMBERS + NUMBERS_QUESTIONABLE,
                         ids=[repr(n[0]) + (f"-{n[1]}" if n[1] else "") for n in NUMBERS + NUMBERS_QUESTIONABLE])
def test_parse_number(text, unit, expected):
    assert parse_number(text, unit) == expected
    if expected is not None:
        assert type(parse_number(text, unit)) is float


def test_a_figure_the_sources_also_report_is_accepted_and_said_so():
    """content/ records that some sources count 70 members where the WTO counted 71: 70 is not wrong."""
    q = {"type": "numeric", "key": 71, "tolerance": 0, "unit": "members", "variants": [70]}
    assert grade(q, "70").as_dict() == {
        "valid": True, "correct": True, "score": 1.0, "message": "",
        "feedback": ["Accepted: 70 is also reported; the figure used here is 71."]}
    assert grade(q, "71").feedback == []  # the verdict says it is right: no line repeats it
    assert grade(q, "69").as_dict()["correct"] is False
