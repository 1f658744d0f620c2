"""The question bank: loading, proving keys from content/, stats, export, and the CLI.

* Bad banks: every folder of ``tests/bank_cases/`` with an ``expected.txt`` is a small bank folder
  with one defect, checked against the real ``content/``. Loading it must report exactly the lines in
  ``expected.txt`` (``FILE:LINE: ID: message``, paths relative to ``tests/bank_cases/``), through
  the API and, for a subset, the CLI. Files no editor should be handed (NUL bytes, Latin-1, 21 MB, an
  alias bomb, 5000 levels of nesting) are written into a tmp copy of the case at run time.
* A fact changed in content/: a tmp copy of ``content/`` with one fact changed must fail exactly the
  questions of ``bank_cases/rests-on-facts/`` that rest on it, naming the question and the fact.
* A valid bank (``bank_cases/valid/``, one question of every type and one template): it loads, its
  stats and coverage are what the files say, and ``export json`` writes the presented form.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

import course
from course.problems import ProblemsFound
from quizzes.core.load import load_bank
from quizzes.present.present import present
from quizzes.report import stats as bank_stats

from .corpus import BANK_CASES, CONTENT, LARGE_SIZE, REAL_BANK, ROOT, quizzes_cli

CASES = BANK_CASES.folder
CASE_NAMES = BANK_CASES.names
GENERATED = BANK_CASES.generated  # written at run time: files no editor should be handed
expected_lines = BANK_CASES.expected_lines
case_home = BANK_CASES.home
LOADING_BANKS = {"valid", "rests-on-facts"}  # fixture banks that must load; every other folder is a case

# The error kinds the bank loader must report, one case each (a guard against a case being dropped).
REQUIRED_CASES = {
    "malformed-yaml", "wrong-type", "unknown-field", "unknown-type", "duplicate-id", "unknown-ask-fact",
    "unknown-facts-fact", "key-contradicted", "distractor-also-correct", "distractor-not-ruled-out",
    "option-text", "true-false-contradicted", "numeric-wrong", "ordering-wrong-order",
    "ordering-same-period", "matching-wrong-pair", "objective-other-module", "unknown-module",
    "bad-ask-shape", "empty-file", "binary-file", "not-utf8", "too-large", "alias-bomb", "deep-nesting",
    "no-yml", "yaml-extension", "short-not-needed", "short-too-long", "short-wrong-figure", "option-short-misnames",
    "short-on-numeric", "negated-claim-contradicted",
}

CLI_CASES = [
    "malformed-yaml", "unknown-field", "duplicate-id", "key-contradicted", "ordering-same-period",
    "binary-file", "too-large", "alias-bomb", "deep-nesting", "no-yml", "yaml-extension",
]


def real_bank(content):
    """The real bank is written in parallel: test it when it loads, say why when it does not."""
    try:
        return load_bank(REAL_BANK, content=content)
    except ProblemsFound as exc:
        pytest.fail(f"quizzes/bank/ does not load ({len(exc.problems)} problems, first: {exc.problems[0]})")


# --- bad banks ----------------------------------------------------------------------------------


def test_every_case_has_expected_lines():
    """A case folder without expected.txt would silently test nothing."""
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert [f for f in folders if f not in LOADING_BANKS and f not in CASE_NAMES] == []
    assert not LOADING_BANKS & set(CASE_NAMES)
    assert REQUIRED_CASES <= set(CASE_NAMES), sorted(REQUIRED_CASES - set(CASE_NAMES))
    assert set(GENERATED) <= set(CASE_NAMES)
    for name in CASE_NAMES:
        lines = expected_lines(name)
        assert lines and all(line.startswith(name) for line in lines), name
        assert all(re.fullmatch(r"[^:]+:\d+: [^:]+: .+", line) for line in lines), name
    for name in GENERATED:  # written at run time only: never a NUL byte or a 21 MB file in git
        assert not list((CASES / name).glob("*.yml")), name


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_bank_is_reported(name, tmp_path, monkeypatch, content, record_property):
    monkeypatch.chdir(case_home(name, tmp_path))
    start = time.perf_counter()
    with pytest.raises(ProblemsFound) as info:
        load_bank(Path(name), content=content)
    record_property("load_seconds", round(time.perf_counter() - start, 4))  # measured, not asserted
    assert [str(p) for p in info.value.problems] == expected_lines(name)


def test_bad_bank_is_reported_with_content_dir(monkeypatch):
    """The same, with load_bank reading content/ itself (as the CLI does)."""
    monkeypatch.chdir(CASES)
    with pytest.raises(ProblemsFound) as info:
        load_bank(Path("numeric-wrong"), CONTENT)
    assert [str(p) for p in info.value.problems] == expected_lines("numeric-wrong")


def test_large_file_is_refused_before_it_is_read(tmp_path, monkeypatch, content, record_property):
    """'Fails fast' without a timing assertion: the size check comes before any byte is read."""
    home = case_home("too-large", tmp_path)
    big = home / "too-large" / "03-themes.yml"
    assert big.stat().st_size == LARGE_SIZE >= 20 * 1024 * 1024
    read: list[Path] = []
    real_read_bytes, real_read_text = Path.read_bytes, Path.read_text
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read_bytes(self))
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: read.append(self) or real_read_text(self, *a, **k))
    monkeypatch.chdir(home)
    start = time.perf_counter()
    with pytest.raises(ProblemsFound) as info:
        load_bank(Path("too-large"), content=content)
    record_property("load_seconds", round(time.perf_counter() - start, 4))
    assert [str(p) for p in info.value.problems] == expected_lines("too-large")
    assert big.resolve() not in [p.resolve() for p in read]


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_reports_bad_bank(name, tmp_path):
    result = quizzes_cli("validate", "--bank", name, "--content", str(CONTENT), cwd=case_home(name, tmp_path))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == expected_lines(name)
    assert result.stderr == f"{len(expected_lines(name))} problem(s)\n"


@pytest.mark.parametrize("command", [["validate"], ["stats", "--json"], ["export", "json"]])
def test_cli_commands_report_a_bad_bank_alike(command):
    """stats and export validate first: the same lines, exit 1, nothing half-written on stdout."""
    result = quizzes_cli(*command, "--bank", "key-contradicted", "--content", str(CONTENT), cwd=CASES)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected_lines("key-contradicted")


def test_cli_missing_bank_folder():
    result = quizzes_cli("validate", "--bank", "no-such-folder", "--content", str(CONTENT), cwd=CASES)
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, result.stdout) == (1, "no-such-folder:0: -: question bank folder not found\n")


# --- a fact changed in content/ ----------------------------------------------------------------

# mutation -> (edits to a copy of content/: (file, old text, new text)), the facts whose record changes,
# and the exact lines rests-on-facts/ must then give. Every other question of that bank must pass.
MUTATIONS = {
    "source-code-moves-to-openness": (
        [("03-themes.yml", "topics: [data-flows, data-localization, customs-duties]",
          "topics: [data-flows, data-localization, customs-duties, source-code]"),
         ("03-themes.yml", "topics: [personal-information, source-code, cryptography,",
          "topics: [personal-information, cryptography,")],
        {"deck-trust", "deck-openness"},
        [
            "rests-on-facts/03-themes.yml:11: source-code-theme: distractor 'a' is also correct by the data: "
                "Source code is under Openness",
            "rests-on-facts/03-themes.yml:12: source-code-theme: key 'b' contradicts the data: "
                "Source code is under Openness",
            "rests-on-facts/03-themes.yml:21: trust-topics: key 'a' contradicts the data: "
                "Source code is under Openness, not Trust",
            "rests-on-facts/03-themes.yml:31: source-code-not-openness: key false contradicts the data: "
                "Source code is under Openness",
            "rests-on-facts/03-themes.yml:39: themes-matching: pair 'source-code' -> 'deck-trust' "
                "contradicts the data: Source code is under Openness",
        ],
    ),
    "jsi-2017-members-71-to-72": (
        # the December 2024 count is 71 members too: it moves with the 2017 count here, so that no other
        # count in the data still holds the old figure the questions' texts repeat
        [("02-jsi-launch.yml", "    value: 71\n", "    value: 72\n"),
         ("04-negotiations.yml", "    value: 71\n", "    value: 74\n")],
        {"jsi-2017-members", "concluded-2024-members"},
        [
            "rests-on-facts/02-jsi-launch.yml:9: members-2017-numeric: key 71 contradicts the data: "
                "fact 'jsi-2017-members' has value 72",
            "rests-on-facts/02-jsi-launch.yml:11: members-2017-numeric: explanation: the text says '71 members', "
                "but no count in the data is 71 members: write the figure the data holds",
            "rests-on-facts/02-jsi-launch.yml:18: members-2017-single: key 'a' contradicts the data: "
                "Members joining the 2017 joint statement: the figure was 72",
            "rests-on-facts/02-jsi-launch.yml:22: members-2017-single: explanation: the text says '71 members', "
                "but no count in the data is 71 members: write the figure the data holds",
            "rests-on-facts/02-jsi-launch.yml:26: members-2017-true-false: prompt: the text says '71 members', "
                "but no count in the data is 71 members: write the figure the data holds",
            "rests-on-facts/02-jsi-launch.yml:28: members-2017-true-false: key true contradicts the data: "
                "Members joining the 2017 joint statement: the figure was 72",
            "rests-on-facts/02-jsi-launch.yml:29: members-2017-true-false: explanation: the text says '71 members', "
                "but no count in the data is 71 members: write the figure the data holds",
        ],
    ),
    "stabilised-text-moves-to-2025": (
        [("04-negotiations.yml", "date: 2024-07-26\n    source: [mofa-2024-07-26]",
          "date: 2025-01-15\n    source: [mofa-2024-07-26]")],
        {"stabilised-text-2024"},
        [
            "rests-on-facts/04-negotiations.yml:11: steps-order: the order contradicts the data: "
                "stabilised-text-2024 (2025-01-15) comes after annex4-request (2024-12); list items oldest first",
            "rests-on-facts/04-negotiations.yml:20: stabilised-year: key 'b' contradicts the data: "
                "Co-convenors announce a stabilised text of an Agreement on Electronic Commerce: in 2025",
            "rests-on-facts/04-negotiations.yml:21: stabilised-year: distractor 'c' is also correct by the data: "
                "Co-convenors announce a stabilised text of an Agreement on Electronic Commerce: in 2025",
        ],
    ),
}


def changed_content(tmp_path: Path, mutation: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    for file, old, new in MUTATIONS[mutation][0]:
        text = (folder / file).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"content/{file} no longer contains {old!r} exactly once"
        (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_rests_on_facts_bank_loads_on_the_real_content(content, monkeypatch):
    monkeypatch.chdir(CASES)
    bank = load_bank(Path("rests-on-facts"), content=content)
    assert len(bank.questions) == 14


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_changed_fact_fails_the_questions_resting_on_it(mutation, tmp_path, monkeypatch, content):
    _, changed, expected = MUTATIONS[mutation]
    monkeypatch.chdir(CASES)
    before = load_bank(Path("rests-on-facts"), content=content)
    changed_dir = changed_content(tmp_path, mutation)
    new_content = course.load(changed_dir)  # the change itself is valid content
    with pytest.raises(ProblemsFound) as info:
        load_bank(Path("rests-on-facts"), changed_dir)
    problems = info.value.problems
    assert [str(p) for p in problems] == expected
    failing = {p.id for p in problems}
    resting = {q.id for q in before.questions if changed & set(before.tested_facts(q))}
    assert failing <= resting  # nothing fails that does not rest on a changed fact
    assert not {q.id for q in before.questions if q.id.startswith("control-")} & failing
    names = changed | {new_content.label(new_content.facts[f]) for f in changed}
    for p in problems:  # each names its question (the ID column) and the fact, by id or name, or the stale figure
        assert p.id in before.by_id
        assert any(n in p.message for n in names) or "the text says" in p.message, p


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_changed_fact_fails_only_resting_questions_of_the_real_bank(mutation, tmp_path, content):
    bank = real_bank(content)
    _, changed, _ = MUTATIONS[mutation]
    try:
        load_bank(REAL_BANK, changed_content(tmp_path, mutation))
        problems = []
    except ProblemsFound as exc:
        problems = exc.problems
    resting = {q.id for q in bank.questions if changed & set(bank.tested_facts(q))}
    # a question whose key rests on the fact fails; so does one whose words repeat the old figure
    assert {p.id for p in problems if "the text says" not in p.message} <= resting, [str(p) for p in problems]


# --- a valid bank -------------------------------------------------------------------------------

VALID_QUESTIONS = {  # id -> (module, type, the facts it tests, by hand from the YAML)
    "wp-mc2-place": ("work-programme", "single", {"mc2"}),
    "wp-mc3-geneva": ("work-programme", "true-false", {"mc3"}),
    "wp-places": ("work-programme", "matching", {"mc4", "mc5", "mc9"}),
    "jsi-convenors-all": ("jsi-launch", "multiple", {"jsi-coconvenors", "not-joining-2024"}),
    "jsi-members-2017": ("jsi-launch", "numeric", {"jsi-2017-members"}),
    "gen-count-jsi-2017-members": ("jsi-launch", "numeric", {"jsi-2017-members"}),
    "gen-count-jsi-2017-trade": ("jsi-launch", "numeric", {"jsi-2017-trade"}),
    "gen-count-davos-2019-members": ("jsi-launch", "numeric", {"davos-2019-members"}),
    "gen-count-davos-2019-trade": ("jsi-launch", "numeric", {"davos-2019-trade"}),
    "themes-server-rule": ("themes", "single",
                           {"data-localization", "deck-themes", "deck-openness", "deck-trust",
                            "deck-trade-facilitation"}),
    "neg-steps-order": ("negotiations", "ordering",
                        {"ministerial-statement-2021", "stabilised-text-2024", "annex4-request"}),
}
VALID_TESTED = set().union(*(facts for _, _, facts in VALID_QUESTIONS.values()))


def test_valid_bank_loads(valid_bank):
    assert {q.id: (q.module, q.type) for q in valid_bank.questions} == {
        i: (m, t) for i, (m, t, _) in VALID_QUESTIONS.items()}
    assert {q.type for q in valid_bank.questions} == {"single", "multiple", "true-false", "matching", "ordering",
                                                      "numeric"}
    assert valid_bank.where["wp-places"] == ("valid/01-work-programme.yml", 24)
    assert valid_bank.where["gen-count-jsi-2017-trade"] == ("valid/02-jsi-launch.yml", 3)  # the generate entry


def test_valid_bank_coverage(valid_bank, content):
    assert {q.id: set(valid_bank.tested_facts(q)) for q in valid_bank.questions} == {
        i: f for i, (_, _, f) in VALID_QUESTIONS.items()}
    tested, untested = valid_bank.coverage()
    assert tested == VALID_TESTED
    assert untested == sorted(set(content.facts) - VALID_TESTED)


def test_valid_bank_stats(valid_bank, content):
    assert bank_stats(valid_bank) == {
        "questions": 11,
        "per_module": {"work-programme": 3, "jsi-launch": 6, "themes": 1, "negotiations": 1,
                       "structured-discussion": 0},
        "per_module_and_type": {
            "work-programme": {"single": 1, "true-false": 1, "matching": 1},
            "jsi-launch": {"multiple": 1, "numeric": 5},
            "themes": {"single": 1},
            "negotiations": {"ordering": 1},
            "structured-discussion": {},
        },
        "per_type": {"single": 2, "multiple": 1, "true-false": 1, "matching": 1, "ordering": 1, "numeric": 5},
        "per_skill": {"recall": 9, "classify": 1, "apply": 1},
        "generated": 4,
        "facts": len(content.facts),
        "facts_tested": len(VALID_TESTED),
        "facts_untested": sorted(set(content.facts) - VALID_TESTED),
        "lint_silenced": {},  # no question of the valid bank silences a lint rule (tests/test_lint.py)
        "per_objective": {o.id: {"questions": VALID_OBJECTIVES.get(o.id, (0, 0))[0],
                                 "beyond_recall": VALID_OBJECTIVES.get(o.id, (0, 0))[1]}
                          for m in content.course.modules for o in m.objectives},
        # of the four choice questions, the scenario on a server rule (132 characters, no short form) does not fit
        "kahoot": {"choice": 4, "fit": 3},
    }


# The valid bank's questions per objective, and how many test more than recall: the four generated
# counts are filed under their facts' objective (jsi-numbers), as the hand-written one is.
VALID_OBJECTIVES = {"wp-origins": (1, 0), "wp-moratorium": (2, 1), "jsi-numbers": (5, 0), "jsi-convenors": (1, 0),
                    "themes-classify": (1, 1), "neg-after": (1, 0)}


def test_cli_validate_valid_bank(content):
    result = quizzes_cli("validate", "--bank", "valid", "--content", str(CONTENT), cwd=CASES)
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"bank OK: 11 questions (4 from templates) in 4 modules; {len(VALID_TESTED)}/{len(content.facts)} facts tested"
    ]


def test_cli_stats_json_is_the_api_stats(valid_bank):
    result = quizzes_cli("stats", "--json", "--bank", "valid", "--content", str(CONTENT), cwd=CASES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == bank_stats(valid_bank)


def test_cli_stats_table(valid_bank):
    result = quizzes_cli("stats", "--bank", "valid", "--content", str(CONTENT), cwd=CASES)
    assert result.returncode == 0, result.stdout + result.stderr
    table = [line.split() for line in result.stdout.splitlines()[:7]]
    assert table == [  # one column per type present, in sorted order
        ["module", "matching", "multiple", "numeric", "ordering", "single", "true-false", "total"],
        ["work-programme", "1", "0", "0", "0", "1", "1", "3"],
        ["jsi-launch", "0", "1", "5", "0", "0", "0", "6"],
        ["themes", "0", "0", "0", "0", "1", "0", "1"],
        ["negotiations", "0", "0", "0", "1", "0", "0", "1"],
        ["structured-discussion", "0", "0", "0", "0", "0", "0", "0"],
        ["all", "1", "1", "5", "1", "2", "1", "11"],
    ]
    assert "skills: apply 1, classify 1, recall 9; from templates: 4" in result.stdout
    assert f"facts tested: {len(VALID_TESTED)} of {len(valid_bank.content.facts)}" in result.stdout


COMMON_KEYS = {"id", "module", "type", "prompt", "hint", "explanation", "difficulty", "skill", "objective",
               "facts", "sources", "key"}
TYPE_KEYS = {
    "single": {"options"}, "multiple": {"options"}, "true-false": {"feedback"},
    "numeric": {"tolerance", "unit", "variants", "misses"}, "ordering": {"items", "dates"},
    "matching": {"lefts", "rights", "feedback"},
}


def test_cli_export_json(tmp_path, valid_bank):
    out = tmp_path / "bank.json"
    result = quizzes_cli("export", "json", "-o", str(out), "--bank", "valid", "--content", str(CONTENT), cwd=CASES)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == (f"json: wrote 11 question(s) to {out} (paper: 11 of 11 questions, module(s) 1, 2, 3, "
                             "4, 5, bank order, options shuffled with seed 0)\n")
    exported = json.loads(out.read_text(encoding="utf-8"))["questions"]
    # every question in bank order, its options shuffled with the default seed (the paper's own order)
    from quizzes.present.draw import draw
    assert exported == draw(valid_bank).questions
    questions = [present(valid_bank, q) for q in valid_bank.questions]  # the presented form, as authored
    assert [q["id"] for q in exported] == [q["id"] for q in questions]
    for q, shown in zip(questions, exported):
        for choices in ("options", "rights", "items"):
            if choices in q:
                assert sorted(shown[choices], key=lambda c: c["id"]) == sorted(q[choices], key=lambda c: c["id"])
        assert {k: v for k, v in shown.items() if k not in ("options", "rights", "items")} == \
            {k: v for k, v in q.items() if k not in ("options", "rights", "items")}
    by_id = {q["id"]: q for q in questions}
    assert set(by_id) == set(VALID_QUESTIONS)
    for q in questions:
        assert set(q) - {"ordered"} == COMMON_KEYS | TYPE_KEYS[q["type"]], q["id"]  # ordered: options on a scale
        assert q["module"] == VALID_QUESTIONS[q["id"]][0] and q["prompt"] and q["explanation"]
        assert q["sources"] and all(set(s) == {"id", "number", "author", "short", "title", "url"} for s in q["sources"])
    assert "Cancún" in out.read_text(encoding="utf-8")  # ensure_ascii=False: UTF-8, not \u escapes

    single = by_id["wp-mc2-place"]
    assert [(o["id"], o["text"]) for o in single["options"]] == [("a", "Geneva"), ("b", "Seattle"), ("c", "Doha")]
    assert single["key"] == "a"
    assert [o["feedback"] for o in single["options"]] == [
        "Yes: MC2 (1998): met in Geneva.", "Seattle hosted MC3, in 1999.", "Not this one: MC2 (1998): met in Geneva."]
    assert [s["id"] for s in single["sources"]] == ["wto-mindec1"]
    multiple = by_id["jsi-convenors-all"]
    assert [o["text"] for o in multiple["options"]] == ["Australia", "Brazil", "Japan", "Singapore"]
    assert multiple["key"] == ["a", "c", "d"]
    true_false = by_id["wp-mc3-geneva"]
    assert true_false["key"] is False
    assert true_false["feedback"] == {"true": "No: it is false. MC3 (1999): met in Seattle.",  # the default
                                      "false": "Right: MC3 met in Seattle."}  # the author's
    numeric = by_id["jsi-members-2017"]
    assert (numeric["key"], numeric["tolerance"], numeric["unit"], numeric["variants"]) == (71, 0, "members", [70])
    ordering = by_id["neg-steps-order"]
    assert ordering["key"] == ["convergence", "stabilised", "annex4"]
    assert sorted(i["id"] for i in ordering["items"]) == sorted(ordering["key"])
    assert ordering["dates"] == {"convergence": "14 December 2021", "stabilised": "26 July 2024",
                                 "annex4": "December 2024"}
    matching = by_id["wp-places"]
    rights = {r["id"]: r["text"] for r in matching["rights"]}
    assert sorted(rights.values()) == ["Bali", "Cancún", "Doha", "Nairobi"]
    assert ({left["id"]: rights[matching["key"][left["id"]]] for left in matching["lefts"]}
            == {"l1": "Doha", "l2": "Cancún", "l3": "Bali"})


def test_presented_ordering_is_never_already_solved(content, monkeypatch):
    monkeypatch.chdir(CASES)
    bank = load_bank(Path("rests-on-facts"), content=content)
    presented = present(bank, bank.question("control-1998-order"))  # its texts sort D, G, M: oldest first
    assert [i["id"] for i in presented["items"]] != presented["key"]


def test_matching_lefts_do_not_show_their_answer(valid_bank):
    presented = present(valid_bank, valid_bank.question("wp-places"))
    rights = {r["id"]: r["text"] for r in presented["rights"]}
    shown = [(left["text"], rights[presented["key"][left["id"]]]) for left in presented["lefts"]]
    assert [(left, right) for left, right in shown if right in left] == []


# --- the real bank ------------------------------------------------------------------------------


def test_cli_validate_real_bank(content):
    bank = real_bank(content)
    stats = bank_stats(bank)
    result = quizzes_cli("validate", cwd=ROOT)
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert result.stdout.splitlines() == [
        f"bank OK: {stats['questions']} questions ({stats['generated']} from templates) in "
        f"{len(stats['per_module'])} modules; {stats['facts_tested']}/{stats['facts']} facts tested"
    ]


# -- proofs over lists the sources give only in part ------------------------------------------------
def test_an_incomplete_theme_proves_only_what_it_names(content):
    """The co-convenors' summary of the 2024 text names its main disciplines only: a topic it does not
    name cannot be proven absent from a group, unless another group of the same text holds it."""
    from quizzes.core.model import Claim
    from quizzes.core.prove import verdict

    def says(theme, topic):
        return verdict(content, Claim(fact=theme, field="topics", value=topic), topic).truth

    assert content.fact("agreement-trust").complete is False
    assert says("agreement-trust", "consumer-protection") is True
    assert says("agreement-trust", "spam") is None           # not named: undecidable, not "false"
    assert says("agreement-trust", "customs-duties") is False  # in the open-environment group
    assert says("deck-trust", "spam") is True and says("deck-trust", "data-flows") is False  # complete


def test_a_list_set_against_a_grouping_rules_out_what_the_grouping_places(content):
    from quizzes.core.model import Claim
    from quizzes.core.prove import verdict

    def left_out(topic):
        return verdict(content, Claim(list="agreement-left-out", value=topic), topic).truth

    assert left_out("source-code") is True
    assert left_out("customs-duties") is False  # the 2024 text prohibits them: not left out
    assert left_out("cryptography") is None     # neither placed nor listed: the sources are silent
