"""Build the JupyterLite site, weigh it, and time a quiz and the workshop in it, in headless Chromium.

Why: "Run in your browser" puts JupyterLab and a Python kernel (Pyodide) in the book's folder, so a
learner or a trainer with no server and no network can run the quiz notebooks. That is worth it only
if the site stays light enough to copy and serve (goal: at most 40 MB) and a learner can answer a
question soon after opening a notebook (goal: within 30 s). This script prints the figures behind
both goals. It measures; it never asserts.

How: ``course.jupyterlite.site.build`` builds the site from the pre-fetched cache (``make book``
fetches it) into a temporary folder (``--keep DIR``: into DIR, left there), timed. The site's files
are summed by part. The site is served on 127.0.0.1 by ``http.server`` and, ``--repeat`` times, each
notebook is opened in a fresh browser context (service workers allowed, as a learner's browser has
them; nothing cached from an earlier run; every request to another host aborted and counted):
``quiz-03-themes.ipynb`` until its kernel is idle, Run All, its quiz widget drawn, then its first
question with radio buttons (one answer) answered and graded; ``workshop.ipynb`` until its widget is
drawn. Run:
``.venv/bin/python benchmarks/lite.py [--repeat N] [--keep DIR] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from course.jupyterlite import site as lite_site  # noqa: E402
from course.jupyterlite.pins import LiteError  # noqa: E402
from tests.browser import ELSEWHERE, launch, serve  # noqa: E402
from tests.live_widgets import NOTEBOOK_READY, RUN_ALL  # noqa: E402

BOOK = REPO / "_build" / "html"
QUIZ, WORKSHOP = "quiz-03-themes.ipynb", "workshop.ipynb"
SIZE_GOAL_MB, ANSWER_GOAL_S = 40, 30
TIMEOUT_MS = 120_000
PARTS = ("app", "Pyodide core", "wheels", "notebooks and data")


def part_of(rel: str) -> str:
    if rel.startswith("static/pyodide/"):
        return "Pyodide core"
    if rel.startswith("pypi/") or (rel.startswith("extensions/") and rel.endswith(".whl")):
        return "wheels"
    if rel.startswith("files/"):
        return "notebooks and data"
    return "app"


def weigh(site: Path) -> dict[str, dict]:
    """Bytes and files of each part of the site."""
    parts = {name: {"bytes": 0, "files": 0} for name in PARTS}
    for f in site.rglob("*"):
        if f.is_file():
            part = parts[part_of(f.relative_to(site).as_posix())]
            part["bytes"] += f.stat().st_size
            part["files"] += 1
    return parts


def book_alone(html: Path) -> int | None:
    """Bytes of the built book without its lite/ folder (None if the book is not built)."""
    if not html.is_dir():
        return None
    return sum(f.stat().st_size for f in html.rglob("*")
               if f.is_file() and f.relative_to(html).parts[0] != "lite")


class Session:
    """One notebook opened in a fresh context: its page, when it was opened, what it did that it must not."""

    def __init__(self, browser, base: str, path: str, blocked: list[str], errors: Counter):
        self.context = browser.new_context(service_workers="allow")
        self.context.route(ELSEWHERE, lambda route: (blocked.append(route.request.url), route.abort()))
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", lambda m: errors.update([f"{path}: {m.text[:200]}"]) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: errors.update([f"{path}: page error: {str(e)[:200]}"]))
        self.path, self.times = path, {}
        self.t0 = time.perf_counter()
        self.page.goto(base + f"lab/index.html?path={path}")

    def since(self, t: float) -> float:
        return time.perf_counter() - t

    def run_all(self, selector: str, drawn: str = "widget drawn"):
        """Wait for the idle kernel, run all cells, wait for the widget; returns the widget."""
        self.page.wait_for_function(NOTEBOOK_READY, arg=self.path, timeout=TIMEOUT_MS)
        self.times["kernel ready"] = self.since(self.t0)
        self.t_run = time.perf_counter()
        self.page.evaluate(RUN_ALL)
        widget = self.page.locator(f".jp-OutputArea-output {selector}").first
        widget.wait_for(state="visible", timeout=TIMEOUT_MS)
        self.times[drawn] = self.since(self.t0)
        self.times["run all → widget"] = self.since(self.t_run)
        return widget

    def close(self):
        self.context.close()


def time_quiz(browser, base: str, blocked: list[str], errors: Counter) -> dict[str, float]:
    s = Session(browser, base, QUIZ, blocked, errors)
    try:
        widget = s.run_all(".quiz-widget", "first widget drawn")
        questions = widget.locator(".quiz-question")
        single = next(q for q in (questions.nth(k) for k in range(questions.count())) if q.get_by_role("radio").count())
        single.get_by_role("radio").first.check()
        single.get_by_role("button", name="Check").click()
        single.locator(".quiz-verdict").wait_for(state="visible", timeout=TIMEOUT_MS)
        s.times["graded answer"] = s.since(s.t0)
        s.times["run all → graded"] = s.since(s.t_run)
        return {"quiz: " + k: v for k, v in s.times.items()}
    finally:
        s.close()


def time_workshop(browser, base: str, blocked: list[str], errors: Counter) -> dict[str, float]:
    s = Session(browser, base, WORKSHOP, blocked, errors)
    try:
        s.run_all(".course-workshop")
        return {"workshop: " + k: v for k, v in s.times.items()}
    finally:
        s.close()


def measure(site: Path, repeat: int, blocked: list[str], errors: Counter) -> tuple[list[dict], str]:
    runs = []
    with launch("the lite benchmark") as browser, serve(site) as base:
        for _ in range(repeat):
            run = time_quiz(browser, base, blocked, errors)
            run.update(time_workshop(browser, base, blocked, errors))
            runs.append(run)
        return runs, browser.version


def report(build_s: float, parts: dict, book: int | None, runs: list[dict], blocked: list[str],
           errors: Counter, chromium: str) -> dict:
    mb = lambda n: n / 1e6  # noqa: E731
    total = sum(p["bytes"] for p in parts.values())
    print(f"machine: {len(os.sched_getaffinity(0))} cores, Python {sys.version.split()[0]}, "
          f"Chromium {chromium}")
    print(f"build: {build_s:.1f} s (course.jupyterlite.site.build)\n")
    print(f"{'part':<22}{'MB':>8}{'files':>7}")
    for name, p in parts.items():
        print(f"{name:<22}{mb(p['bytes']):8.2f}{p['files']:7d}")
    print(f"{'total':<22}{mb(total):8.2f}{sum(p['files'] for p in parts.values()):7d}")
    print(f"goal: total ≤ {SIZE_GOAL_MB} MB: {'PASS' if mb(total) <= SIZE_GOAL_MB else 'MISS'}")
    if book is not None:
        print(f"the lite site adds {mb(total):.1f} MB to a {mb(book):.1f} MB book ({total / book:.2f}x; "
              f"_build/html without lite/)")
    else:
        print("(_build/html not built: no book size to compare with)")
    names = list(runs[0])
    medians = {k: statistics.median(r[k] for r in runs) for k in names}
    print(f"\nseconds, from opening the notebook unless said; {len(runs)} runs, each in a fresh context")
    print(f"{'':<30}" + "".join(f"{'run ' + str(i + 1):>8}" for i in range(len(runs))) + f"{'median':>9}")
    for k in names:
        print(f"{k:<30}" + "".join(f"{r[k]:8.1f}" for r in runs) + f"{medians[k]:9.1f}")
    graded = medians["quiz: graded answer"]
    print(f"goal: a quiz answered within {ANSWER_GOAL_S} s of opening: median {graded:.1f} s, "
          f"{'PASS' if graded <= ANSWER_GOAL_S else 'MISS'}")
    print(f"requests to other hosts (aborted): {len(blocked)}" + "".join(f"\n  {u}" for u in sorted(set(blocked))))
    print(f"console and page errors: {sum(errors.values())}"
          + "".join(f"\n  {n}x {e}" for e, n in errors.most_common()))
    return {"build_s": build_s, "parts": {k: {"mb": mb(p["bytes"]), "files": p["files"]} for k, p in parts.items()},
            "total_mb": mb(total), "book_mb": None if book is None else mb(book), "runs": runs, "median": medians,
            "blocked": blocked, "errors": dict(errors), "goals": {"size": mb(total) <= SIZE_GOAL_MB,
                                                                  "answer": graded <= ANSWER_GOAL_S}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs in the browser, each in fresh contexts (median)")
    parser.add_argument("--keep", type=Path, help="build the site into this folder (replaced) and leave it there")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lite-bench-") as tmp:
        out = args.keep if args.keep else Path(tmp) / "lite"
        start = time.perf_counter()
        try:
            site = lite_site.build(out)
        except LiteError as error:
            print(error, file=sys.stderr)
            return 1
        build_s = time.perf_counter() - start
        parts = weigh(site)
        blocked, errors = [], Counter()
        try:
            runs, chromium = measure(site, args.repeat, blocked, errors)
        except PlaywrightError as error:  # a step that never came: say which, and what the page said
            print(f"the browser gave up: {error}", file=sys.stderr)
            print("".join(f"  {n}x {e}\n" for e, n in errors.most_common()), end="", file=sys.stderr)
            return 1
    found = report(build_s, parts, book_alone(BOOK), runs, blocked, errors, chromium)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(found, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
