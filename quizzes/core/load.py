"""Read the question bank, run its templates, and prove every question against the content.

``load_bank`` returns a :class:`~quizzes.core.bank.Bank` or raises :class:`course.problems.ProblemsFound` with every
problem as ``FILE:LINE: ID: message``: bad YAML, schema errors, duplicate ids across files, unknown
objectives or facts, and keys the data contradicts.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from course.content import load as content_load  # called through the module: a test can swap the loader
from course.content import yamlio
from course.content.load import parse_file, yaml_entries
from course.problems import Problem, ProblemsFound, display_path
from quizzes.core import generate
from quizzes.core.bank import Bank, Lines
from quizzes.core.check import check_question, known_figures
from quizzes.core.model import BankFile, Question
from quizzes.core.prove import AskError

_QUESTION = TypeAdapter(Question)
MAX_BANK_BYTES = 2 * 1024 * 1024  # one file
MAX_BANK_TOTAL = 20_000_000  # the whole folder: room for the 10,000-question benchmark bank (11 MB)


def default_bank_dir() -> Path:
    env = os.environ.get("QUIZ_BANK_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "bank"


def load_bank(bank_dir: Path | None = None, content_dir: Path | None = None, content=None) -> Bank:
    """Load, validate and prove the bank; raise ProblemsFound listing every problem."""
    if content is None:
        with gc_paused():
            content = content_load.load(content_dir)
    # Proving every key reads facts from every file; that is not what a page shows, so it is
    # not recorded as the page's reads (Content.track_reads): only what is then presented is.
    with gc_paused(), content.untracked():
        return _load_bank(bank_dir, content_dir, content)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused. Loading (and linting) makes many small, acyclic objects: the
    collector, left on, rescans the growing heap again and again and makes a large bank cost more than
    linear time (measured in benchmarks/validate.py)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _load_bank(bank_dir: Path | None, content_dir: Path | None, content) -> Bank:
    bank_dir = Path(bank_dir) if bank_dir else default_bank_dir()
    problems: list[Problem] = []
    if not bank_dir.is_dir():
        raise ProblemsFound([Problem(display_path(bank_dir), 0, "", "question bank folder not found")])
    files, too_much = yaml_entries(bank_dir, MAX_BANK_BYTES, MAX_BANK_TOTAL, "question")
    if too_much:
        raise ProblemsFound(too_much)
    for stray in sorted(bank_dir.glob("*.yaml")):
        problems.append(Problem(display_path(stray), 0, "", "bank files end in .yml; rename it, or it is ignored"))
    if not files:
        problems.append(Problem(display_path(bank_dir), 0, "", "no question files (*.yml) in the bank folder"))

    modules = {m.id: m for m in content.course.modules}
    figures = known_figures(content)  # what a question's prose may say, read once for every question
    questions, lines, places = [], {}, Lines()
    seen: dict[str, str] = {}  # question id -> where it is first defined (FILE:LINE)
    for path in files:
        name = display_path(path)
        try:
            located = yamlio.load(path, MAX_BANK_BYTES)
        except yamlio.YamlProblem as exc:
            problems.append(Problem(display_path(exc.path), exc.line, exc.id, exc.message))
            continue
        bank_file, found = parse_file(located, BankFile, outer_id=True)
        problems += found
        if bank_file is None:
            continue
        if bank_file.module not in modules:
            problems.append(Problem(name, located.line_of(("module",)), bank_file.module,
                                    f"unknown module; course.yml lists {', '.join(modules)}"))
            continue
        places.files[name] = located.lines  # lint reads its lines from here: the file is parsed once
        objectives = {o.id for o in modules[bank_file.module].objectives}
        entries = [(q, ("questions", i)) for i, q in enumerate(bank_file.questions)]
        for g, spec in enumerate(bank_file.generate):
            line = located.line_of(("generate", g))
            places.templates.setdefault((name, line), spec.template)
            try:
                made, unmade = generate.run(content, bank_file.module, spec)
            except AskError as exc:  # pragma: no cover - templates only build from the data
                problems.append(Problem(name, line, spec.template, f"template failed: {exc}"))
                continue
            problems += [Problem(name, line, qid, f"template {spec.template}: {why}") for qid, why in unmade]
            for data in made:
                if spec.lint:  # the entry's silences hold for every question it makes
                    data = {**data, "lint": {**spec.lint, **data.get("lint", {})}}
                try:
                    entries.append((_QUESTION.validate_python(data), ("generate", g)))
                except ValidationError as exc:
                    problems.append(Problem(name, line, data.get("id", ""),
                                            f"template {spec.template}: {exc.errors()[0]['msg']}"))
        for question, place in entries:
            line = located.line_of(place)
            generated = place[0] == "generate"  # a template's question: point at its generate entry
            question = question.model_copy(update={"module": bank_file.module})
            if question.id in seen:
                problems.append(Problem(name, line, question.id,
                                        f"duplicate question id (first at {seen[question.id]})"))
                continue
            seen[question.id] = f"{name}:{line}"
            if question.objective not in objectives:
                owner = next((m.id for m in modules.values()
                              if question.objective in {o.id for o in m.objectives}), None)
                elsewhere = f" (it belongs to module {owner!r})" if owner else ""
                problems.append(Problem(name, located.line_of(place + ("objective",)) if not generated else line,
                                        question.id, f"objective {question.objective!r} is not one of this "
                                        f"module's: {', '.join(sorted(objectives))}{elsewhere}"))
            for n, fact_id in enumerate(question.facts):
                if fact_id not in content.facts:
                    problems.append(Problem(name, located.line_of(place + ("facts", n)), question.id,
                                            f"facts: unknown fact id {fact_id!r}"))
            for where, message in check_question(content, question, figures):
                problems.append(Problem(name, line if generated else located.line_of(place + where),
                                        question.id, message))
            questions.append(question)
            lines[question.id] = (name, line)
            if not generated:
                places.at[question.id] = place
    if problems:
        raise ProblemsFound(problems)
    return Bank(content, questions, lines, places)
