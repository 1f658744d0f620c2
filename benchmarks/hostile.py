"""How long each bad input takes to be refused: the hostile corpus through the real CLIs.

Why: a validator that is correct but takes a minute on a 20 MB file or an alias bomb is still a
denial of service in an editor's save hook. Each case runs as a subprocess (`python -m course check` /
`python -m quizzes validate`), as an author would run it; the table gives wall time, exit code and
the first line printed. Run: .venv/bin/python benchmarks/hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus import BANK_CASES, CONTENT, CONTENT_CASES  # noqa: E402  (the corpus and its run-time files)


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    first = (result.stdout.splitlines() or [""])[0]
    return elapsed, result.returncode, first


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in CONTENT_CASES.names:
            home = CONTENT_CASES.home(name, Path(tmp) / f"c-{name}")
            rows.append(("content", name, *run(["-m", "course", "check", "--content", name], home)))
        for name in BANK_CASES.names:
            if name == "valid":
                continue
            home = BANK_CASES.home(name, Path(tmp) / f"b-{name}")
            rows.append(("bank", name, *run(["-m", "quizzes", "validate", "--bank", name,
                                             "--content", str(CONTENT)], home)))
    baseline = run(["-c", "import course, quizzes"], ROOT)[0]
    print(f"{'corpus':<8} {'case':<28} {'s':>6} {'exit':>5}  first line")
    for corpus, name, elapsed, code, first in rows:
        print(f"{corpus:<8} {name:<28} {elapsed:>6.2f} {code:>5}  {first[:90]}")
    worst = max(rows, key=lambda r: r[2])
    print(f"\n{len(rows)} cases; slowest {worst[1]} {worst[2]:.2f} s; python start + imports alone {baseline:.2f} s; "
          f"all exit 1: {all(r[3] == 1 for r in rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
