"""How long proving a question bank takes, against the floor of merely parsing its YAML.

Why: `python -m quizzes validate` runs at every build, in CI and in authors' editors' save hooks. It
reads YAML with line tracking, validates the schema and proves every key from the content data; the
bare `yaml.load(CSafeLoader)` of the same files is the least any YAML tool must pay. The target is
validation within 2x the bare parse, and linear in the bank's size.

Synthetic banks of N questions are made from the real content (the templates' questions, with
unique ids, split into files of 250), so every question is valid and every key is really proven.
Run: .venv/bin/python benchmarks/validate.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

import course
from quizzes.core import generate
from quizzes.core.load import load_bank
from quizzes.core.model import Generate

PER_FILE = 250
TEMPLATES = [("count-value", "jsi-launch"), ("count-value", "negotiations"), ("glossary-term", "themes")]


def template_questions(content) -> list[tuple[str, dict]]:
    made = []
    for name, module in TEMPLATES:
        questions, _ = generate.run(content, module, Generate(template=name))
        made += [(module, data) for data in questions]
    return made


def write_bank(folder: Path, size: int, pool: list[tuple[str, dict]]) -> None:
    by_module: dict[str, list[dict]] = {}
    for n in range(size):
        module, data = pool[n % len(pool)]
        by_module.setdefault(module, []).append({**copy.deepcopy(data), "id": f"{data['id']}-{n}"})
    for module, questions in by_module.items():
        for part in range(0, len(questions), PER_FILE):
            chunk = {"module": module, "questions": questions[part:part + PER_FILE]}
            (folder / f"{module}-{part // PER_FILE:03d}.yml").write_text(
                yaml.safe_dump(chunk, sort_keys=False, allow_unicode=True), encoding="utf-8")


def bare_parse(folder: Path) -> None:
    for path in sorted(folder.glob("*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def bare_parse_gc_paused(folder: Path) -> None:
    """The same, with the cyclic GC paused as the validator pauses it: the stricter comparison."""
    gc.disable()
    try:
        bare_parse(folder)
    finally:
        gc.enable()


def timed(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    content = course.load()
    pool = template_questions(content)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"bank-{size}"
            folder.mkdir()
            write_bank(folder, size, pool)
            megabytes = sum(p.stat().st_size for p in folder.glob("*.yml")) / 1e6
            checked = load_bank(folder, content=content)  # warm-up, and proof that it is valid
            assert len(checked.questions) == size
            parse = timed(lambda: bare_parse(folder), args.repeat)
            paused = timed(lambda: bare_parse_gc_paused(folder), args.repeat)
            validate = timed(lambda: load_bank(folder, content=content), args.repeat)
            rows.append((size, megabytes, statistics.median(parse), statistics.median(paused),
                         statistics.median(validate)))
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (CSafeLoader), repeat {args.repeat}, median times")
    print(f"{'questions':>10} {'MB':>6} {'bare parse s':>13} {'(GC paused)':>12} {'validate s':>11} "
          f"{'ratio':>6} {'(to paused)':>12} {'us/question':>12}")
    for size, mb, parse, paused, validate in rows:
        print(f"{size:>10} {mb:>6.2f} {parse:>13.3f} {paused:>12.3f} {validate:>11.3f} {validate / parse:>6.2f} "
              f"{validate / paused:>12.2f} {validate / size * 1e6:>12.1f}")
    if len(rows) > 1:
        (s1, *_, v1), (s2, *_, v2) = rows[0], rows[-1]
        print(f"linearity: {s2 // s1}x the questions took {v2 / v1:.1f}x the time")
    worst = max(v / p for *_, p, v in [(r[0], r[3], r[4]) for r in rows])
    print(f"target: validation within 2x the bare parse (compared with the GC-paused parse, the stricter "
          f"reading): worst ratio {worst:.2f} -> {'PASS' if worst <= 2 else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
