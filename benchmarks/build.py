"""Time the book's builds against the one a reader knows: Jupyter Book's own template.

Why: the book runs its pages through jupyter-cache and the Sphinx extension makes every page depend on
what it reads of ``content/`` (a content fingerprint in each page's cache key: the files it reads, or of a
file it reads a few facts of, those facts), so editing one YAML file re-reads and re-executes pages. This
script measures what that costs, so the claim "a cached rebuild after an edit to one content file stays
within 1.8x the template's cold build" is a number, not a hope. The edit adds a sentence to one fact's
text (a comment line would change no fact, and would re-run only the pages that read the whole file).

It works on a copy of the book in a temporary folder (the repository's own ``_build/`` is never
touched), with a snapshot of the packages (``course``, ``quizzes``) first on the builds' PYTHONPATH, so an
edit to the repository during the run changes nothing it measures; it runs each measurement ``--repeat``
times in alternating rounds, and prints medians and minima.
It measures; it never asserts on a time. Run: ``.venv/bin/python benchmarks/build.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
JB = Path(sys.executable).parent / "jupyter-book"
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
TOUCHED = "content/02-jsi-launch.yml"
# The edit: a sentence added to one fact's text, as an author fixes a record. The fact is, of that file's,
# one that the most pages with code read (the module 2 page, the practice test and the timeline); a page
# that reads other facts of the file only keys its execution on those (course.sphinx: `file: [ids]`).
TOUCHED_FACT, TOUCHED_FIELD = "jsi-statement-2017", "summary"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# myst-nb logs this once per page it runs (e.g. "Executing notebook using local CWD")
EXECUTED = re.compile(r": Executing notebook ")
CHANGED = re.compile(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed")
TARGET_RATIO = 1.8
TARGET = f"cached rebuild after an edit to one content file within {TARGET_RATIO:g}x the template's cold build"
LABELS = {
    "cold": "book, cold (clean --all)",
    "cached": "book, cached, nothing changed",
    "touched": "book, cached, one fact of a content file edited",
    "template": "template, cold (jupyter-book create)",
}


ENV: dict[str, str] = dict(os.environ)  # the builds' environment: PYTHONPATH leads to the code's snapshot


def run(args: list[str], what: str) -> tuple[float, str]:
    """Run a jupyter-book command; return (seconds, output). On a non-zero exit, show the tail and stop."""
    start = time.perf_counter()
    proc = subprocess.run([str(JB), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
    seconds = time.perf_counter() - start
    out = ANSI.sub("", proc.stdout)
    if proc.returncode != 0:
        print(f"\n{what} failed (exit {proc.returncode}): jupyter-book {' '.join(args)}", file=sys.stderr)
        print("\n".join(out.splitlines()[-40:]), file=sys.stderr)
        sys.exit(1)
    return seconds, out


def copy_book(source: Path, dest: Path) -> None:
    skip = shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__", ".jupyter_cache")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(source / name, dest / name)
    for name in ("_templates", "book", "content"):
        shutil.copytree(source / name, dest / name, ignore=skip)


def build(folder: Path, what: str) -> tuple[float, str]:
    return run(["build", str(folder), *BUILD_FLAGS], what)


def clean_all(folder: Path) -> None:
    run(["clean", "--all", str(folder)], f"clean {folder.name}")


def book_round(book: Path, counter: int) -> tuple[dict[str, float], str]:
    """Cold, then cached with nothing changed, then cached after a real change to one content file.

    Returns the three times and the output of the touched-file build."""
    clean_all(book)
    times = {"cold": build(book, "cold build")[0], "cached": build(book, "cached build")[0]}
    touch(book / TOUCHED, TOUCHED_FACT, TOUCHED_FIELD, f" Benchmark edit {counter}.")  # new data in one fact
    times["touched"], out = build(book, "touched build")
    return times, out


def touch(path: Path, fact_id: str, field: str, words: str) -> None:
    """Add ``words`` at the end of the text of ``field`` of the fact ``fact_id`` in a content file, in
    place (the rest of the file, comments and layout included, is left as it is)."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    facts = next(v for k, v in root.value if k.value == "facts")
    fact = next(f for f in facts.value if any(k.value == "id" and v.value == fact_id for k, v in f.value))
    node = next(v for k, v in fact.value if k.value == field)
    end = node.end_mark.index
    if node.style in ('"', "'"):
        end -= 1  # before the closing quote
    else:  # plain or block: after the last character of the text
        while text[end - 1].isspace():
            end -= 1
    path.write_text(text[:end] + words + text[end:], encoding="utf-8")


def template_round(template: Path) -> float:
    clean_all(template)
    return build(template, "template build")[0]


PACKAGES = ("course", "quizzes")


def package_state() -> dict[str, int]:
    """mtimes of the installed packages' files (the snapshot the builds run is taken at the start)."""
    state = {}
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        folder = Path(spec.origin).parent if spec and spec.origin else REPO / name
        state |= {str(p): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".pyc"}
    return state


def snapshot_code(dest: Path) -> None:
    """Copy the packages the book runs (its Sphinx extensions and the pages' code) and put the copy first
    on the builds' PYTHONPATH (before the editable install's finder): an edit made to the repository
    while the benchmark runs, which would change the pages' keys and re-run them all, cannot reach it."""
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        folder = Path(spec.origin).parent if spec and spec.origin else REPO / name
        shutil.copytree(folder, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(dest), os.environ.get("PYTHONPATH", "")]))


def machine() -> dict[str, str | int]:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": cpus, "python": platform.python_version(), "jupyter-book": version("jupyter-book"),
            "platform": platform.platform()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of every measurement (default 3)")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="work in DIR (created; must be empty) and leave it there for inspection")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the results as JSON")
    parser.add_argument("--source", metavar="DIR", type=Path, default=REPO,
                        help="book root to copy (default: this repository)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not JB.exists():
        parser.error(f"{JB} not found: run with the venv's python (.venv/bin/python benchmarks/build.py)")

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            parser.error(f"--keep {args.keep}: folder is not empty")
        work = args.keep.resolve()
    else:
        work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    package_before = package_state()
    try:
        snapshot_code(work / "code")
        book, template = work / "book-copy", work / "template"
        book.mkdir()
        copy_book(args.source.resolve(), book)
        run(["create", str(template)], "jupyter-book create")

        samples: dict[str, list[float]] = {key: [] for key in LABELS}
        executed: list[int] = []
        changed: list[int] = []
        for i in range(args.repeat):  # alternate the order so slow spells fall on both sides
            if i % 2 == 0:
                samples["template"].append(template_round(template))
            times, out = book_round(book, i + 1)
            for key, seconds in times.items():
                samples[key].append(seconds)
            executed.append(len(EXECUTED.findall(out)))
            if m := CHANGED.search(out):
                changed.append(int(m[1]) + int(m[2]))
            if i % 2 == 1:
                samples["template"].append(template_round(template))
            print(f"round {i + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in samples.items()),
                  flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    ref = statistics.median(samples["template"])
    results = {}
    for key, values in samples.items():
        med = statistics.median(values)
        results[key] = {"label": LABELS[key], "samples": values, "median": med, "min": min(values),
                        "ratio_to_template": med / ref}
    ratio = results["touched"]["ratio_to_template"]
    info = machine()

    print(f"\nmachine: nproc {info['nproc']}, python {info['python']}, jupyter-book {info['jupyter-book']}"
          f" ({info['platform']})")
    print(f"book: {args.source.resolve()}   repeats: {args.repeat}   flags: {' '.join(BUILD_FLAGS)}\n")
    width = max(len(v) for v in LABELS.values())
    print(f"{'measurement':<{width}}  {'median s':>9}  {'min s':>7}  {'x template':>10}")
    for r in results.values():
        print(f"{r['label']:<{width}}  {r['median']:>9.2f}  {r['min']:>7.2f}  {r['ratio_to_template']:>10.2f}")
    if executed:
        print(f"\npages executed in the touched-file rebuild: {', '.join(map(str, executed))}"
              f" (counted from myst-nb's 'Executing notebook' lines)")
    if changed:
        print(f"pages re-read by Sphinx in the touched-file rebuild: {', '.join(map(str, changed))}")
    edited = package_before != package_state()
    if edited:
        print("\nnote: the packages changed in the repository during the run; the builds ran the snapshot taken "
              "at its start, so the numbers are those of that code.")
    verdict = "PASS" if ratio <= TARGET_RATIO else "MISS"
    print(f"\ntarget: {TARGET}: {ratio:.2f}x -> {verdict}")

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "machine": info, "repeat": args.repeat, "book": str(args.source.resolve()), "flags": BUILD_FLAGS,
            "results": results, "touched_pages_executed": executed, "touched_pages_reread": changed,
            "target": TARGET, "target_ratio": ratio, "target_met": ratio <= TARGET_RATIO,
            "package_edited_during_run": edited,
        }, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
