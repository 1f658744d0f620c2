"""Weigh the book's pages against Jupyter Book's template, and time them on an emulated slow phone.

Why: many learners read the course on a phone, on a slow or metered link, or from a USB copy. The
tests (tests/test_page_weight.py) hold every page to a quarter of the template's weight; this script
prints the figures behind that budget and the times a reader would wait.

Both books are built here, in a temporary folder (the repository's ``_build/`` is never touched):
this book from a copy of its sources, and the template from ``jupyter-book create``. Each is served on
127.0.0.1 by ``http.server`` (files as they are: the uncompressed weight a USB copy gives) and opened
in headless Chromium. For every page: bytes and requests of a fresh load (nothing cached). For the
pages named by ``--slow`` (default: each module page and the template's first page): milliseconds to
the load event under Lighthouse's mobile profile (1.6 Mbit/s, 150 ms round trip, CPU slowed 4x),
the median of ``--repeat`` runs, and for a page with a quiz the time from then until its first
question, answered, shows feedback. It measures; it never asserts. Run:
``.venv/bin/python benchmarks/weight.py [--repeat N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.book_build import BOOK_FILES, JUPYTER_BOOK  # noqa: E402
from tests.browser import launch, serve  # noqa: E402
from tests.page_weight import CPU_SLOWDOWN, SLOW_PHONE, slow_load, weigh  # noqa: E402
from tests.test_page_weight import BUDGET_MAX, BUDGET_SHARE, pages  # noqa: E402

MODULE_PAGES = [f"book/{m}.html" for m in ("01-work-programme", "02-jsi-launch", "03-themes", "04-negotiations",
                                            "05-structured-discussion")]


def build(folder: Path, *args: str) -> Path:
    for command in args:
        result = subprocess.run([JUPYTER_BOOK, *command.split(), str(folder)], capture_output=True, text=True)
        if result.returncode != 0:
            print(result.stdout[-3000:] + result.stderr[-3000:], file=sys.stderr)
            sys.exit(f"jupyter-book {command} failed")
    return folder / "_build" / "html"


def copy_book(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in BOOK_FILES:
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / name)
    return dest


def measure(browser, site: Path, slow: list[str], repeat: int) -> dict[str, dict]:
    found = {}
    with serve(site) as base:
        for page in pages(site):
            w = weigh(browser, base + page)
            found[page] = {"bytes": w.bytes, "requests": w.requests}
            if page in slow:
                quiz = "cq-question" in (site / page).read_text(encoding="utf-8")
                runs = [slow_load(browser, base + page, answer=quiz)
                        for _ in range(repeat)]
                for key in runs[0]:
                    found[page][key] = statistics.median(r[key] for r in runs)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="slow-phone loads per page (median)")
    parser.add_argument("--slow", nargs="*", default=None, help="book pages to time on the slow phone")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, launch("the weight benchmark") as browser:
        tmp = Path(tmp)
        template = build(tmp / "template", "create", "build")
        book = build(copy_book(tmp / "book"), "build -W -n --keep-going")
        first = "intro.html"
        theirs = measure(browser, template, [first], args.repeat)
        ours = measure(browser, book, args.slow if args.slow is not None else MODULE_PAGES, args.repeat)
    lightest = min(v["bytes"] for v in theirs.values())
    budget = min(lightest // BUDGET_SHARE, BUDGET_MAX)
    print(f"slow phone: {SLOW_PHONE['downloadThroughput'] * 8 / 1024 / 1024:.1f} Mbit/s down, "
          f"{SLOW_PHONE['latency']} ms round trip, CPU slowed {CPU_SLOWDOWN}x; median of {args.repeat}")
    print(f"template: lightest page {lightest / 1024:.0f} KB; budget per page {budget / 1024:.0f} KB "
          f"(a quarter of it, at most {BUDGET_MAX // 1024} KB)\n")
    print(f"{'page':<38}{'KB':>8}{'req':>5}{'x template':>12}{'load s':>8}{'x template':>12}{'answer ms':>10}")
    base = theirs[first]
    rows = [("template: " + first, base)] + list(ours.items())
    for page, v in rows:
        load = f"{v['load_ms'] / 1000:8.2f}" if "load_ms" in v else " " * 8
        ratio = f"{v['load_ms'] / base['load_ms']:12.2f}" if "load_ms" in v else " " * 12
        answer = f"{v['answer_ms']:10.0f}" if "answer_ms" in v else ""
        print(f"{page:<38}{v['bytes'] / 1024:8.0f}{v['requests']:5d}{v['bytes'] / base['bytes']:12.2f}"
              f"{load}{ratio}{answer}")
    heaviest = max(ours.items(), key=lambda kv: kv[1]["bytes"])
    print(f"\nheaviest page: {heaviest[0]}, {heaviest[1]['bytes'] / 1024:.0f} KB "
          f"({'within' if heaviest[1]['bytes'] <= budget else 'OVER'} the {budget / 1024:.0f} KB budget)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        figures = {"template": theirs, "book": ours, "budget": budget}
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
