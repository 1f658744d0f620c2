"""How long checking a question bank takes, against the floor of merely parsing its YAML.

Why: `python -m quizzes validate` runs at every build, in CI and in authors' editors' save hooks, and
`python -m quizzes lint` beside it. validate reads YAML with line tracking, validates the schema and
proves every key, figure and short form from the content data; lint then reads every question as a
learner does. The bare `yaml.load(CSafeLoader)` of the same files (the bank's and content/'s) is the
least any YAML tool must pay. Targets, at every size: validate within 2x the bare parse; lint's own
time within 1x more (the `lint` command, which validates first, within 3x); both linear. Each is read
against the parse with the garbage collector on (as `yaml.load` runs) and, the stricter reading, paused
(as the validator and the linter run).

Synthetic banks of N questions are made from the project's own bank (quizzes/bank/*.yml): every
hand-written question as written and every question its templates make, copied round-robin with
unique ids (and families), grouped by module, in files of 250. So every question is valid and every
key is really proven. A copy repeats its original's options, so lint's rules across the bank (options
shared by two questions...) fire on the copies: the findings are counted and printed with the times.

What is timed, in one process, after a warm-up (imports and first-call caches are not counted):

- **bare parse**: ``yaml.load(..., Loader=CSafeLoader)`` of the bank's files and content/'s, with the
  garbage collector on (as ``yaml.load`` normally runs) and paused (as the validator runs);
- **validate**: ``python -m quizzes validate`` (``quizzes.__main__.main``, its output discarded): it
  loads content/, loads and proves the bank, counts the facts it tests;
- **lint**: ``quizzes.lint.lint`` over a bank just loaded (the lint command's own work, after the load).

Each measure runs once per round, ``--repeat`` rounds (so a slow spell of a shared machine falls on all
of them), and the medians are compared. ``--clock cpu`` times this process's CPU instead of the wall.
It measures; it never asserts on a time.
Run: .venv/bin/python benchmarks/validate.py [--sizes 1000 10000] [--repeat 3] [--clock wall|cpu]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

import course
from course.content.load import content_files, default_content_dir
from quizzes.__main__ import main as quizzes_main
from quizzes.core import generate
from quizzes.core.load import default_bank_dir, load_bank
from quizzes.core.model import Generate
from quizzes.lint import lint

PER_FILE = 250


def bank_questions(content, bank_dir: Path) -> list[tuple[str, dict]]:
    """(module, question data) for every question of the project's bank: as written, and as made."""
    made = []
    for path in sorted(bank_dir.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        module = data["module"]
        for entry in data.get("generate", []):
            spec = Generate.model_validate(entry)
            questions, _ = generate.run(content, module, spec)
            for q in questions:
                if spec.lint:
                    q = {**q, "lint": {**spec.lint, **q.get("lint", {})}}
                made.append((module, q))
        made += [(module, q) for q in data.get("questions", [])]
    return made


def write_bank(folder: Path, size: int, pool: list[tuple[str, dict]]) -> None:
    by_module: dict[str, list[dict]] = {}
    for n in range(size):
        module, data = pool[n % len(pool)]
        question = {**copy.deepcopy(data), "id": f"{data['id']}-{n}"}
        if question.get("family"):
            question["family"] = f"{question['family']}-{n // len(pool)}"
        by_module.setdefault(module, []).append(question)
    for module, questions in by_module.items():
        for part in range(0, len(questions), PER_FILE):
            chunk = {"module": module, "questions": questions[part:part + PER_FILE]}
            (folder / f"{module}-{part // PER_FILE:03d}.yml").write_text(
                yaml.safe_dump(chunk, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")


def bare_parse(paths: list[Path]) -> None:
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def bare_parse_gc_paused(paths: list[Path]) -> None:
    """The same, with the cyclic GC paused as the validator pauses it: the stricter comparison."""
    gc.disable()
    try:
        bare_parse(paths)
    finally:
        gc.enable()


def validate_command(folder: Path, content_dir: Path) -> None:
    """``python -m quizzes validate --bank FOLDER --content CONTENT``, in this process, output discarded."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = quizzes_main(["validate", "--bank", str(folder), "--content", str(content_dir)])
    if code != 0:
        raise SystemExit(f"validate failed on the synthetic bank:\n{out.getvalue()[-3000:]}")


def timed(func, clock, setup=lambda: None) -> float:
    """``func(setup())``'s time on ``clock``; ``setup`` (not timed) gives the run fresh inputs."""
    given = setup()
    gc.collect()
    start = clock()
    func(given)
    return clock() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall: elapsed time (default); cpu: this process's CPU time, steadier on a busy machine")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    content_dir = default_content_dir()
    content = course.load(content_dir)
    pool = bank_questions(content, default_bank_dir())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"bank-{size}"
            folder.mkdir()
            write_bank(folder, size, pool)
            files = sorted(folder.glob("*.yml")) + content_files(content_dir)
            megabytes = sum(p.stat().st_size for p in files) / 1e6
            validate_command(folder, content_dir)  # warm-up, and proof that it is valid
            bank = load_bank(folder, content_dir)
            assert len(bank.questions) == size
            report = lint(bank)
            del bank
            # in rounds, each measure once per round, so a slow spell of a shared machine falls on all
            measures = {
                "parse": (lambda _, files=files: bare_parse(files), None),
                "paused": (lambda _, files=files: bare_parse_gc_paused(files), None),
                "validate": (lambda _, folder=folder: validate_command(folder, content_dir), None),
                # a bank just loaded, as the lint command lints: nothing an earlier run computed is reused
                "lint": (lint, lambda folder=folder: load_bank(folder, content_dir)),
            }
            runs: dict[str, list[float]] = {name: [] for name in measures}
            for _ in range(args.repeat):
                for name, (func, setup) in measures.items():
                    runs[name].append(timed(func, clock, setup or (lambda: None)))
            parse, paused, validate, linting = (statistics.median(runs[name]) for name in measures)
            rows.append((size, megabytes, parse, paused, validate, linting, len(report.findings)))
            del report
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (CSafeLoader), {args.repeat} rounds, "
          f"median {args.clock} times; a bank of N questions copied from the project's {len(pool)}, with content/")
    print(f"{'questions':>10} {'MB':>6} {'parse s':>8} {'(GC off)':>9} {'validate s':>11} {'x parse':>8} "
          f"{'x GC off':>9} {'lint s':>7} {'x parse':>8} {'x GC off':>9} {'us/q validate':>14} {'us/q lint':>10}"
          f" {'findings':>9}")
    for size, mb, parse, paused, validate, linting, findings in rows:
        print(f"{size:>10} {mb:>6.2f} {parse:>8.3f} {paused:>9.3f} {validate:>11.3f} {validate / parse:>8.2f} "
              f"{validate / paused:>9.2f} {linting:>7.3f} {linting / parse:>8.2f} {linting / paused:>9.2f} "
              f"{validate / size * 1e6:>14.1f} {linting / size * 1e6:>10.1f} {findings:>9}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        grew = last[0] / first[0]
        print(f"linearity: {grew:g}x the questions took {last[4] / first[4]:.1f}x the time to validate, "
              f"{last[5] / first[5]:.1f}x to lint (the bare parse {last[3] / first[3]:.1f}x)")
    for what, column, most in (("validate", 4, 2), ("lint's own time", 5, 1)):
        plain = max(r[column] / r[2] for r in rows)
        strict = max(r[column] / r[3] for r in rows)
        print(f"target: {what} within {most}x the bare parse: worst {plain:.2f}x -> "
              f"{'PASS' if plain <= most else 'MISS'}; against the GC-paused parse (the stricter reading): "
              f"{strict:.2f}x -> {'PASS' if strict <= most else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
