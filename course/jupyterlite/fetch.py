"""Fill the cache with the lite site's files, from the registries, once: the only step with a network.

pip fetches the wheels for Pyodide's Python (``--python-version 3.14``, no dependencies, every file
checked by ``--require-hashes``); npm fetches the Pyodide core's tarball, which is checked against
npm's integrity before a file is taken from it; PyYAML's sdist is built here into a pure wheel.
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import tempfile
from pathlib import Path

from course.jupyterlite.pins import (
    BUILT_DIR,
    CACHE,
    PINS,
    PYODIDE_DIR,
    SDIST_DIR,
    SDISTS,
    STAMP,
    WASM_WHEELS,
    WHEEL_DIR,
    WHEELS,
    LiteError,
    Pin,
    check_cache,
    locate,
    npm_integrity,
    read_pins,
    read_pyodide,
    sha256,
)
from course.jupyterlite.run import pip_wheel, run

PY = ["--python-version", "3.14", "--only-binary=:all:", "--no-deps", "--require-hashes"]
PURE = [*PY, "--implementation", "py", "--abi", "none", "--platform", "any"]
WASM = [*PY, "--implementation", "cp", "--abi", "cp314", "--platform", "pyemscripten_2026_0_wasm32"]


def fetch(cache: Path = CACHE, pins: Path = PINS) -> Path:
    """Fetch what is missing, check everything, write the stamp ``make`` waits for; returns the cache."""
    cache.mkdir(parents=True, exist_ok=True)
    (cache / STAMP).unlink(missing_ok=True)
    _pip(cache / WHEEL_DIR, pins / WHEELS, PURE)
    _pip(cache / WHEEL_DIR, pins / WASM_WHEELS, WASM)
    _pip(cache / SDIST_DIR, pins / SDISTS, ["--no-binary=:all:", "--no-deps", "--require-hashes"])
    for pin in read_pins(SDISTS, pins):
        _build_pure_wheel(pin, cache)
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
    run(command, f"pip could not fetch the files {requirements.name} pins")


def _build_pure_wheel(pin: Pin, cache: Path) -> None:
    """The sdist's pure wheel in the cache, recorded with the sdist's sha256 (check_cache reads it)."""
    sdist, dest = locate(cache / SDIST_DIR, pin), cache / BUILT_DIR
    if sdist is None:
        return  # check_cache says which
    record, built = dest / f"{pin.key}.from", locate(dest, pin)
    if built is not None and record.is_file() and record.read_text().strip() == sha256(sdist):
        return
    dest.mkdir(parents=True, exist_ok=True)
    if built is not None:
        built.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(sdist) as tar:
            tar.extractall(tmp, filter="data")
        (source,) = [p for p in Path(tmp).iterdir() if p.is_dir()]
        pip_wheel(source, dest, f"could not build a pure wheel from {sdist.name}", PYYAML_FORCE_LIBYAML="0")
    record.write_text(sha256(sdist) + "\n")


def _pyodide(dest: Path, pins: Path) -> None:
    core = read_pyodide(pins)
    if all((dest / f).is_file() and sha256(dest / f) == h for f, h in core["files"].items()):
        return
    if shutil.which("npm") is None:
        raise LiteError("npm is not installed: it fetches the Pyodide core (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        spec = f"{core['package']}@{core['version']}"
        run(["npm", "pack", spec, "--silent", "--pack-destination", tmp], f"npm could not fetch {spec}", cwd=tmp)
        (tarball,) = Path(tmp).glob("*.tgz")
        if npm_integrity(tarball) != core["integrity"]:
            raise LiteError(f"{spec}'s tarball has integrity {npm_integrity(tarball)}, "
                            f"but lite/pyodide.json pins {core['integrity']}")
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            for file in core["files"]:
                member = tar.getmember(f"package/{file}")
                with tar.extractfile(member) as source, open(dest / file, "wb") as out:
                    shutil.copyfileobj(source, out)
