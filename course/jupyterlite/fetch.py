"""Fill the cache with the lite site's files, from the registries, once: the only step with a network.

pip fetches the wheels for Pyodide's Python (``--python-version 3.14``, no dependencies, every file
checked by ``--require-hashes``); npm fetches the Pyodide core's tarball, which is checked against
npm's integrity before a file is taken from it; PyYAML's sdist is built here into a pure wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from .pins import (BUILT_DIR, CACHE, PINS, PYODIDE_DIR, SDIST_DIR, SDISTS, STAMP, WASM_WHEELS, WHEEL_DIR, WHEELS,
                   LiteError, check_cache, locate, npm_integrity, read_pins, read_pyodide, sha256)

PY = ["--python-version", "3.14", "--only-binary=:all:", "--no-deps", "--require-hashes"]
PURE = [*PY, "--implementation", "py", "--abi", "none", "--platform", "any"]
WASM = [*PY, "--implementation", "cp", "--abi", "cp314", "--platform", "pyemscripten_2026_0_wasm32"]
# a fixed time for the files of the wheels built here, so that two builds write the same bytes
EPOCH = "1704067200"


def fetch(cache: Path = CACHE, pins: Path = PINS) -> Path:
    """Fetch what is missing, check everything, write the stamp ``make`` waits for; returns the cache."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / STAMP).unlink(missing_ok=True)
    _pip(cache / WHEEL_DIR, pins / WHEELS, PURE)
    _pip(cache / WHEEL_DIR, pins / WASM_WHEELS, WASM)
    _pip(cache / SDIST_DIR, pins / SDISTS, ["--no-binary=:all:", "--no-deps", "--require-hashes"])
    for pin in read_pins(SDISTS, pins):
        _build_pure_wheel(locate(cache / SDIST_DIR, pin), cache / BUILT_DIR, pin.key)
    _pyodide(cache / PYODIDE_DIR, pins)
    problems = check_cache(cache, pins)
    if problems:
        raise LiteError("\n".join(problems))
    (cache / STAMP).write_text("checked against lite/\n")
    return cache


def _pip(dest: Path, requirements: Path, flags: list[str]) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "-d", str(dest), "-r", str(requirements), *flags]
    _run(command, f"pip could not fetch the files {requirements.name} pins")


def _build_pure_wheel(sdist: Path | None, dest: Path, key: str) -> None:
    if sdist is None:
        return  # check_cache says which
    record = dest / f"{key}.from"
    if record.is_file() and record.read_text().strip() == sha256(sdist) and any(dest.glob("*.whl")):
        return
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob(f"{key}-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(sdist) as tar:
            tar.extractall(tmp, filter="data")
        (source,) = [p for p in Path(tmp).iterdir() if p.is_dir()]
        env = {**os.environ, "PYYAML_FORCE_LIBYAML": "0", "SOURCE_DATE_EPOCH": EPOCH}
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
              "--disable-pip-version-check", "-w", str(dest), str(source)],
             f"could not build a pure wheel from {sdist.name}", env=env)
    record.write_text(sha256(sdist) + "\n")


def _pyodide(dest: Path, pins: Path) -> None:
    core = read_pyodide(pins)
    if all((dest / f).is_file() and sha256(dest / f) == h for f, h in core["files"].items()):
        return
    if shutil.which("npm") is None:
        raise LiteError("npm is not installed: it fetches the Pyodide core (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        spec = f"{core['package']}@{core['version']}"
        _run(["npm", "pack", spec, "--silent", "--pack-destination", tmp], f"npm could not fetch {spec}", cwd=tmp)
        (tarball,) = Path(tmp).glob("*.tgz")
        if npm_integrity(tarball) != core["integrity"]:
            raise LiteError(f"{spec}'s tarball has integrity {npm_integrity(tarball)}, but lite/pyodide.json pins {core['integrity']}")
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            for file in core["files"]:
                member = tar.getmember(f"package/{file}")
                with tar.extractfile(member) as source, open(dest / file, "wb") as out:
                    shutil.copyfileobj(source, out)


def _run(command: list[str], what: str, **kwargs) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LiteError(f"{what}: {error}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
        raise LiteError(f"{what}:\n{tail}")
