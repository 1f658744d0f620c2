"""The commands the lite steps run (pip, npm, jupyter lite), each failing as one readable LiteError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from course.jupyterlite.pins import LiteError

# a fixed time for the files of the wheels built here, so that two builds write the same bytes
EPOCH = "1704067200"


def run(command: list[str], what: str, *, tail: int = 12, **kwargs) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LiteError(f"{what}: {getattr(error, 'strerror', None) or error}") from None
    if done.returncode != 0:
        lines = "\n".join((done.stdout + done.stderr).strip().splitlines()[-tail:])
        raise LiteError(f"{what}:\n{lines}")


def pip_wheel(source: Path, dest: Path, what: str, **env: str) -> None:
    """A wheel of ``source`` in ``dest``, with this environment's setuptools (no download), reproducibly."""
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", str(dest), str(source)],
        what, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env})
