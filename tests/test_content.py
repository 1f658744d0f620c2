"""The content loader and the real course content.

* Bad content: every folder of ``tests/content_cases/`` with an ``expected.txt`` is a small content
  folder with one defect; loading it must report exactly the lines in ``expected.txt``
  (``FILE:LINE: ID: message``, paths relative to ``tests/content_cases/``), through the API and the CLI.
* Real content: it loads, and what the pages show agrees with the source deck
  (``/work/shared/sources/atc-wto-ecommerce-slides.txt``), whose lists are hard-coded here as the
  independent expectation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import course
from course.__main__ import SCHEMA_DIR, schemas
from course.content.model import Conference, Count, MoratoriumDecision, Snapshot, Theme, Topic

from .corpus import CONTENT, CONTENT_CASES, ROOT

CASES = CONTENT_CASES.folder
CASE_NAMES = CONTENT_CASES.names
expected_lines = CONTENT_CASES.expected_lines
case_home = CONTENT_CASES.home  # the binary and Latin-1 files are written at run time, into a tmp copy

CLI_CASES = ["malformed-yaml", "unknown-field", "unknown-source", "binary-file"]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_CONTENT_DIR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "course", "check", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )


# --- bad content ------------------------------------------------------------------------------


def test_every_case_has_expected_lines():
    """A case folder without expected.txt would silently test nothing."""
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert [f for f in folders if f != "valid" and f not in CASE_NAMES] == []
    assert "valid" not in CASE_NAMES
    for name in CASE_NAMES:
        lines = expected_lines(name)
        assert lines and all(line.startswith(f"{name}/") for line in lines), name


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_content_is_reported(name, tmp_path, monkeypatch):
    monkeypatch.chdir(case_home(name, tmp_path))
    with pytest.raises(course.ProblemsFound) as info:
        course.load(Path(name))
    assert [str(p) for p in info.value.problems] == expected_lines(name)


def test_valid_case_loads(monkeypatch):
    monkeypatch.chdir(CASES)
    content = course.load(Path("valid"))
    assert [m.id for m in content.course.modules] == ["mod"]
    assert set(content.sources) == {"deck", "wto-page"}
    assert set(content.facts) == {"some-event", "members-count", "data-flows", "spam", "deck-themes", "deck-openness"}


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_reports_bad_content(name, tmp_path):
    result = cli("--content", name, cwd=case_home(name, tmp_path))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == expected_lines(name)


def test_cli_passes_real_content(content):
    result = cli(cwd=ROOT)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"content OK: {len(content.facts)} facts, {len(content.sources)} sources, "
        f"{len(content.course.modules)} modules"
    ]


# --- the real content -------------------------------------------------------------------------


def test_real_content_loads(content, monkeypatch):
    monkeypatch.delenv("COURSE_CONTENT_DIR", raising=False)
    assert course.load().folder.resolve() == CONTENT.resolve()  # content/ is the default
    assert content.folder.resolve() == CONTENT.resolve()
    assert content.course.title
    assert content.facts and content.sources


def test_every_content_file_is_read(content):
    """A file the loader skips (say, a .yaml) would drop its facts from the book without a word."""
    on_disk = sorted(p.name for p in (ROOT / "content").iterdir() if p.suffix in {".yml", ".yaml"})
    read = sorted([Path(f.raw.path).name for f in content.files] + ["course.yml"])
    assert read == on_disk


def test_every_fact_cites_a_bibliography_entry(content):
    uncited = [fact.id for fact in content.facts.values() if not fact.source]
    unresolved = [(fact.id, s) for fact in content.facts.values() for s in fact.source
                  if s not in content.sources]
    assert uncited == []
    assert unresolved == []


def test_ids_are_unique(content):
    ids = []
    for module in content.course.modules:
        ids += [module.id] + [o.id for o in module.objectives]
    for located in content.files:
        ids += [s.id for s in located.model.sources]
        for fact in located.model.facts:
            ids.append(fact.id)
            ids += [item.id for item in getattr(fact, "items", [])]
            ids += [stage.id for stage in getattr(fact, "stages", [])]
    assert {i: n for i, n in Counter(ids).items() if n > 1} == {}
    assert len(ids) > len(content.facts)  # items and stages were counted too


def test_counts_and_snapshots_have_as_of(content):
    facts = content.of_kind(Count) + content.of_kind(Snapshot)
    assert facts
    assert [f.id for f in facts if not f.as_of] == []


def _parse(value: str) -> tuple[int, ...]:
    """An ISO date of year, month or day precision, parsed without the course's code."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value))
    assert match, f"not an ISO date: {value!r}"
    parts = tuple(int(p) for p in match.groups() if p is not None)
    date(*(parts + (1, 1))[:3])  # raises ValueError for a month or day that does not exist
    return parts


def test_dates_parse_and_are_not_after_the_course_as_of(content):
    limit = _parse(content.course.as_of)
    dated = [(f.id, field, getattr(f, field, None)) for f in content.facts.values()
             for field in ("date", "end_date", "as_of")]
    dated += [(s.id, field, getattr(s, field)) for s in content.sources.values()
              for field in ("date", "checked")]
    dated = [(i, field, value) for i, field, value in dated if value is not None]
    assert ("interim-arrangement-2026", "date", "2026-03-28") in dated  # the latest dated event
    late = []
    for ident, field, value in dated:
        parts = _parse(value)
        if parts[: len(limit)] > limit:  # compared at the as_of's precision: 2026-11-15 is within 2026-11
            late.append((ident, field, str(value)))
    assert late == []


def test_every_module_has_a_content_file_with_facts(content):
    facts_per_module = Counter()
    for located in content.files:
        if located.model.module:
            facts_per_module[located.model.module] += len(located.model.facts)
    assert [m.id for m in content.course.modules if not facts_per_module[m.id]] == []


# The deck's words for each topic it lists, as the topic's name or an alias must show them.
DECK_WORDS = {
    "data-flows": "data flows",
    "data-localization": "data localization or data hosting rules",
    "customs-duties": "customs duties on electronic transmission",
    "personal-information": "personal information",
    "source-code": "source code",
    "cryptography": "cryptography",
    "consumer-protection": "consumer protection",
    "spam": "spam",
    "paperless-trading": "paperless trading",
    "e-signatures": "signatures",
    "e-authentication": "authentication",
    "market-access": "goods and services",
    "cybersecurity": "cybersecurity",
    "transparency": "transparency",
    "capacity-building": "capacity building",
    "legal-issues": "legal issues",
    "open-government-data": "open government data",
    "open-internet-access": "open internet access",
    "e-transaction-frameworks": "electronic transaction frameworks",
    "e-invoicing": "electronic invoicing",
    "e-payments": "electronic payments and financial services",
    "telecom-services": "telecommunication services",
    "e-contracts": "e-contracts",
}

# The slide 'JSI: "Themes" That Include:', theme by theme, in the deck's order.
DECK_THEMES = [
    ("Openness", ["data-flows", "data-localization", "customs-duties"]),
    ("Trust", ["personal-information", "source-code", "cryptography", "consumer-protection", "spam"]),
    ("Trade facilitation", ["paperless-trading", "e-signatures", "e-authentication"]),
    ("Market access issues", ["market-access"]),
    ("Other topics", ["cybersecurity", "transparency", "capacity-building", "legal-issues"]),
]

# The slide 'JSI Negotiations Include:', in the deck's order.
DECK_STAGES = [
    ("Farthest advanced", ["e-signatures", "e-authentication", "spam"]),
    ("Continuing discussions", [
        "consumer-protection", "paperless-trading", "open-government-data", "source-code",
        "customs-duties", "open-internet-access", "e-transaction-frameworks", "e-invoicing",
        "e-payments", "telecom-services",
    ]),
    ("Early stage", ["e-contracts"]),
]


def test_deck_topics_carry_the_deck_words(content):
    wrong = []
    for topic_id, words in DECK_WORDS.items():
        topic = content.facts.get(topic_id)
        names = [topic.name, *topic.aliases] if isinstance(topic, Topic) else []
        if not any(words in n.lower() for n in names):
            wrong.append((topic_id, names))
    assert wrong == []


def test_deck_five_themes_hold_the_deck_topics(content):
    themes = content.themes_of("deck-themes")
    assert all(isinstance(t, Theme) for t in themes)
    assert [(t.name.lower(), list(t.topics)) for t in themes] == [(n.lower(), ts) for n, ts in DECK_THEMES]
    # the same, as the theme files list them (content/03-themes.yml)
    in_file = {t.id: list(t.topics) for t in content.of_kind(Theme) if t.grouping == "deck-themes"}
    assert sorted(in_file.values()) == sorted(ts for _, ts in DECK_THEMES)


def test_deck_stages_2021(content):
    snapshot = content.fact("deck-stages-2021")
    assert isinstance(snapshot, Snapshot)
    assert snapshot.date == "2021-07"
    assert [(s.label, list(s.topics)) for s in snapshot.stages] == DECK_STAGES
    assert len(DECK_STAGES[1][1]) == 10


def test_moratorium_from_mc2_1998_to_lapse_at_mc14_2026(content):
    decisions = content.moratorium()  # as the page's table and the timeline list them
    assert all(isinstance(d, MoratoriumDecision) for d in decisions)
    keys = [_parse(d.date) for d in decisions]
    assert keys == sorted(keys)
    first, last = decisions[0], decisions[-1]
    assert (first.at, _parse(first.date)[0], first.outcome) == ("mc2", 1998, "declared")
    assert (last.at, _parse(last.date)[0], last.outcome) == ("mc14", 2026, "lapsed")
    at_conferences = [(d, content.fact(d.at)) for d in decisions
                      if isinstance(content.fact(d.at), Conference)]
    assert [c.number for _, c in at_conferences] == list(range(2, 15))
    wrong_year = [d.id for d, c in at_conferences if _parse(d.date)[0] != _parse(c.date)[0]]
    assert wrong_year == []


def test_schemas_are_up_to_date():
    """schemas/ is what editors validate against: regenerate with `python -m course schema` and
    `python -m quizzes schema`; nothing else belongs there."""
    from quizzes.__main__ import schemas as quiz_schemas

    generated = {**schemas(), **quiz_schemas()}
    on_disk = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(on_disk) == sorted(generated)
    for name, body in generated.items():
        assert on_disk[name] == body, f"schemas/{name} is stale: regenerate it"
