"""`python -m quizzes lint`: the item-writing rules, their silences, and the CLI's contract.

* Every rule: ``tests/lint_cases/rules/`` holds, per rule, a question that breaks it (``<rule>-fires``)
  and a close variant that does not (``<rule>-passes``); the linter must report exactly the lines of
  ``rules/expected.txt``, through the API and the CLI. A rule across the whole bank whose passing
  variant cannot share a bank with its firing case has it in ``across-passes/``, which lints clean.
* Silences: a question silences a rule with a reason (``lint: {rule: why}``), a ``generate:`` entry
  for its questions; silenced findings are counted by ``stats``; a silence that finds nothing is
  reported; an unknown rule or a missing reason is a located error, as ``validate`` reports it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from course.problems import ProblemsFound
from quizzes.core import generate
from quizzes.core.load import load_bank
from quizzes.core.model import LINT_RULES, TEMPLATES
from quizzes.lint import RULES, STALE, lint, summary
from quizzes.lint.rules import garbles
from quizzes.report import stats as bank_stats

from .corpus import BANK_CASES, CONTENT, REAL_BANK, quizzes_cli

CASES = Path(__file__).resolve().parent / "lint_cases"
RULE_BANKS = ("rules", "across-passes")  # every rule's firing and passing fixtures, between them
LINE = re.compile(r"[^:]+:\d+: [^:]+: ([a-z-]+): .+")


def expected(name: str) -> list[str]:
    return (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()


def linted(name: str, content, monkeypatch):
    monkeypatch.chdir(CASES)
    bank = load_bank(Path(name), content=content)
    return bank, lint(bank)


# --- every rule ---------------------------------------------------------------------------------


def test_the_model_lists_the_rules():
    assert tuple(RULES) == LINT_RULES
    assert STALE.id not in LINT_RULES  # a stale silence cannot itself be silenced
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", r) for r in [*RULES, STALE.id])
    assert all(r.why and "\n" not in r.why for r in [*RULES.values(), STALE])


def test_every_rule_has_a_firing_and_a_passing_fixture():
    ids = {q["id"] for name in RULE_BANKS for f in (CASES / name).glob("*.yml")
           for q in yaml.safe_load(f.read_text(encoding="utf-8"))["questions"]}
    for rule in [*RULES, STALE.id]:
        assert f"{rule}-fires" in ids and f"{rule}-passes" in ids, rule


def test_rules_report_exactly(content, monkeypatch):
    _, report = linted("rules", content, monkeypatch)
    assert [str(f) for f in report.findings] == expected("rules")


@pytest.mark.parametrize("name", RULE_BANKS)
def test_each_fixture_fires_its_rule_and_its_variant_does_not(name, content, monkeypatch):
    """Read from the findings: `<rule>-fires` (and `<rule>-<case>-fires`) has a finding of its rule,
    `<rule>-passes` has none."""
    bank, report = linted(name, content, monkeypatch)
    fired = {(f.problem.id, f.rule) for f in report.all}
    rules = sorted([*RULES, STALE.id], key=len, reverse=True)
    for q in bank.questions:
        rule = next((r for r in rules if q.id.startswith(r)), None)
        if q.id.endswith("-fires") and rule:
            assert (q.id, rule) in fired, q.id
        elif q.id.endswith("-passes") and rule:
            assert (q.id, rule) not in fired, q.id
    assert "base-passes" not in {i for i, _ in fired}  # the plain question: nothing at all


def test_the_passing_variants_across_the_bank_lint_clean(content, monkeypatch):
    _, report = linted("across-passes", content, monkeypatch)
    assert report.all == []


@pytest.mark.parametrize("text, found", [
    ("Which term fits this description? “The WTO's … of work on electronic commerce.”",
     ["a blank ('…') stands for a word"]),
    ("Which term fits this description? “The WTO's ... of work.”", ["a blank ('...') stands for a word"]),
    ("In ____ the General Council adopted which programme of work?", ["a blank ('____') stands for a word"]),
    ("What is __ ?", ["a blank ('__') stands for a word", "it has 2 words"]),
    ("Which term fits this description? “Duties … … at the border of a country.”", ["ellipses in a row ('… …')"]),
    ("Which term fits this description? “”", ["an empty quotation (“”)"]),
    ("Which term fits this description? “ … ”", ["a blank ('…') stands for a word", "an empty quotation (“ … ”)"]),
    ("Which body did the members call “the Council”?", ["the quoted clue 'the Council' has 2 words"]),
    ("Which body?", ["it has 2 words"]),
    # not garbled: emphasis, an elision in brackets or attached to a word, a clue of four words
    ("Which body, __not__ a council, adopted the Work Programme in 1998?", []),
    ("The declaration says members “will continue […] not imposing customs duties”. Which conference?", []),
    ("A delegate writes “the members agreed, and so on…”: which body met in 1998?", []),
    ("Which term fits this description? “Talks outside formal negotiations.”", []),
])
def test_garbled_text_patterns(text, found):
    """What the fixtures cannot hold (the validator refuses an empty quotation) and what is not garbled."""
    assert garbles(text) == found


# --- silences -------------------------------------------------------------------------------------


def test_silenced_bank_passes_and_stats_count_the_silences(content, monkeypatch):
    bank, report = linted("silenced", content, monkeypatch)
    assert report.findings == []
    assert [(f.problem.id, f.rule) for f in report.silenced] == [
        ("silenced-two-options", "two-option-single"),
        ("silenced-two-rules", "negative-stem"), ("silenced-two-rules", "same-feedback")]
    assert summary(report) == "lint OK: 2 questions, 3 finding(s) silenced"
    assert bank_stats(bank)["lint_silenced"] == {"two-option-single": 1, "negative-stem": 1, "same-feedback": 1}


@pytest.mark.parametrize("name", ["unknown-rule", "no-reason"])
def test_bad_silence_is_a_located_error(name, content, monkeypatch):
    monkeypatch.chdir(CASES)
    with pytest.raises(ProblemsFound) as info:
        load_bank(Path(name), content=content)
    assert [str(p) for p in info.value.problems] == expected(name)


def test_a_generate_entry_silences_the_questions_it_makes(content, monkeypatch, tmp_path):
    """A template stands in for a real one (whose wording changes): its two questions have two options
    each. The entry silences two-option-single for both, and negative-stem, which neither breaks."""
    def two_options(content, module, spec):
        for conf, place, other in (("mc4", "Doha", "Seattle"), ("mc5", "Cancún", "Seattle")):
            yield {"id": f"gen-two-{conf}", "objective_of": "wt-l-782",  # a fact filed under wp-moratorium
                   "type": "single", "prompt": f"Where did {conf.upper()} meet?",
                   "ask": {"fact": conf, "field": "place"}, "answer": "a",
                   "options": [{"id": "a", "value": place, "feedback": f"Right: it met in {place}."},
                               {"id": "b", "value": other, "feedback": "Seattle hosted MC3, in 1999."}],
                   "explanation": f"{conf.upper()} met in {place}."}

    monkeypatch.setitem(generate.TEMPLATES, TEMPLATES[0], two_options)
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "01-work-programme.yml").write_text(
        "module: work-programme\ngenerate:\n"
        f"  - template: {TEMPLATES[0]}\n"
        "    lint: {two-option-single: a drill on two cities, negative-stem: no reason left}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    bank = load_bank(Path("bank"), content=content)
    report = lint(bank)
    assert [(f.problem.id, f.rule, f.silenced) for f in report.silenced] == [
        ("gen-two-mc4", "two-option-single", "a drill on two cities"),
        ("gen-two-mc5", "two-option-single", "a drill on two cities")]
    assert [str(f) for f in report.findings] == [  # the entry's line, named by its template
        f"bank/01-work-programme.yml:3: {TEMPLATES[0]}: stale-silence: the entry silences negative-stem, "
        "which finds nothing in its questions: remove it"]
    assert bank_stats(bank)["lint_silenced"] == {"two-option-single": 2}


def test_a_rule_across_the_bank_is_silenced_and_found_stale_like_any(content, monkeypatch, tmp_path):
    """The second of two questions with one option set silences same-option-set (counted, not reported);
    the first, where it finds nothing, silences it too: a stale silence."""
    question = ("  - id: {id}\n    type: single\n    objective: wp-moratorium\n"
                "    prompt: Where did the Ministerial Conference of {year} meet?\n"
                "    ask: {{fact: {mc}, field: place}}\n    options:\n"
                "      - {{id: a, value: Doha, feedback: \"MC4 met in Doha, in 2001.\"}}\n"
                "      - {{id: b, value: Seattle, feedback: \"MC3 met in Seattle, in 1999.\"}}\n"
                "      - {{id: c, value: Cancún, feedback: \"MC5 met in Cancún, in 2003.\"}}\n"
                "    answer: {answer}\n    explanation: {mc} met in {year}.\n"
                "    lint: {{same-option-set: {why}}}\n")
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "01-work-programme.yml").write_text(
        "module: work-programme\nquestions:\n"
        + question.format(id="first", year=2001, mc="mc4", answer="a", why="the drill on three cities")
        + question.format(id="second", year=2003, mc="mc5", answer="c", why="the drill on three cities"),
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = lint(load_bank(Path("bank"), content=content))
    assert [(f.problem.id, f.rule, f.silenced) for f in report.silenced] == [
        ("second", "same-option-set", "the drill on three cities")]
    assert [str(f) for f in report.findings] == [
        "bank/01-work-programme.yml:14: first: stale-silence: lint silences same-option-set, which finds nothing "
        "here: remove it"]


# --- the CLI ----------------------------------------------------------------------------------------


def test_cli_lists_the_rules():
    result = quizzes_cli("lint", "--rules", cwd=CASES)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{r.id}: {r.why}" for r in [*RULES.values(), STALE]]


def test_cli_reports_findings(content):
    result = quizzes_cli("lint", "--bank", "rules", "--content", str(CONTENT), cwd=CASES)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected("rules")
    assert all(LINE.fullmatch(line) for line in result.stdout.splitlines())
    assert result.stderr == (
        "lint: 33 finding(s) in 30 question(s): stem-gives-key 2, key-stands-out 3, mixed-kinds 2, "
        "two-option-single 1, all-none-of-the-above 1, duplicate-options 2, negative-stem 1, about-the-course 1, "
        "same-feedback 4, template-phrasing 6, garbled-text 4, mixed-term-categories 1, options-out-of-order 1, "
        "same-option-set 1, key-position-skew 1, select-all-same-count 1, stale-silence 1; 1 silenced\n")


def test_cli_passes_a_bank_whose_findings_are_silenced():
    result = quizzes_cli("lint", "--bank", "silenced", "--content", str(CONTENT), cwd=CASES)
    assert (result.returncode, result.stdout, result.stderr) == (0, "lint OK: 2 questions, 3 finding(s) silenced\n", "")


def test_cli_stats_report_silences():
    result = quizzes_cli("stats", "--json", "--bank", "silenced", "--content", str(CONTENT), cwd=CASES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["lint_silenced"] == {"two-option-single": 1, "negative-stem": 1,
                                                          "same-feedback": 1}
    result = quizzes_cli("stats", "--bank", "silenced", "--content", str(CONTENT), cwd=CASES)
    assert result.stdout.splitlines()[-1] == ("lint findings silenced: 3 "
                                              "(two-option-single 1, negative-stem 1, same-feedback 1)")


@pytest.mark.parametrize("name", ["unknown-rule", "no-reason"])
def test_cli_reports_a_bad_silence_as_validate_does(name):
    for command in ("lint", "validate"):
        result = quizzes_cli(command, "--bank", name, "--content", str(CONTENT), cwd=CASES)
        assert "Traceback" not in result.stdout + result.stderr
        assert (result.returncode, result.stdout.splitlines()) == (1, expected(name)), command
        assert result.stderr == f"{len(expected(name))} problem(s)\n"


@pytest.mark.parametrize("name", ["malformed-yaml", "key-contradicted", "duplicate-id", "no-yml"])
def test_cli_reports_a_bank_that_does_not_load_as_validate_does(name):
    result = quizzes_cli("lint", "--bank", name, "--content", str(CONTENT), cwd=BANK_CASES.folder)
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, result.stdout.splitlines()) == (1, BANK_CASES.expected_lines(name))


def test_cli_reports_missing_folders():
    result = quizzes_cli("lint", "--bank", "no-such-folder", "--content", str(CONTENT), cwd=CASES)
    assert (result.returncode, result.stdout) == (1, "no-such-folder:0: -: question bank folder not found\n")
    result = quizzes_cli("lint", "--bank", "rules", "--content", "no-such-content", cwd=CASES)
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, result.stdout) == (1, "no-such-content:0: -: content folder not found\n")


# --- the valid and the real bank --------------------------------------------------------------------


@pytest.mark.parametrize("folder", [BANK_CASES.folder / "valid", REAL_BANK])
def test_lint_reads_any_bank_that_loads(folder, content, monkeypatch):
    """Findings there are expected (the real bank is being rewritten): only their form is checked."""
    monkeypatch.chdir(folder.parent)
    try:
        bank = load_bank(Path(folder.name), content=content)
    except ProblemsFound as exc:
        pytest.fail(f"{folder} does not load ({len(exc.problems)} problems, first: {exc.problems[0]})")
    report = lint(bank)
    for finding in report.all:
        assert LINE.fullmatch(str(finding)) and LINE.fullmatch(str(finding)).group(1) == finding.rule, finding
        assert finding.problem.id in bank.by_id or finding.rule == STALE.id
        assert finding.problem.file == bank.where.get(finding.problem.id, (finding.problem.file,))[0]


def test_the_real_bank_has_no_unsilenced_finding(content):
    """What learners and trainers get: every question passes the item-writing rules, or says in its
    own YAML why a rule does not apply (make check and CI run `quizzes lint` too)."""
    report = lint(load_bank(REAL_BANK, content=content))
    assert [str(f) for f in report.findings] == []
    assert all(reason.strip() for q in load_bank(REAL_BANK, content=content).questions for reason in q.lint.values())
