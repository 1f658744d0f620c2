"""What the lite site is made of, pinned (``lite/``), and the check that a cache holds exactly that.

Every problem is a sentence naming the file (and the pin's line): the build must fail with a message a
trainer can act on, never a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

ROOT = Path(__file__).resolve().parents[2]
PINS = ROOT / "lite"
CACHE = ROOT / "_build" / "lite-cache"
# the pin files, each with the way pip fetches it (course.jupyterlite.fetch)
WHEELS, WASM_WHEELS, SDISTS = "wheels.txt", "wasm-wheels.txt", "sdists.txt"
PYODIDE = "pyodide.json"
# where the fetched files wait in the cache
WHEEL_DIR, SDIST_DIR, BUILT_DIR, PYODIDE_DIR = "wheels", "sdists", "built", "pyodide"
STAMP = ".fetched"
AGAIN = "run `make book` again with a network (it fetches into {cache}), or `python -m course.jupyterlite fetch`"
_LINE = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?P<hashes>(?:\s+--hash=sha256:[0-9a-f]{64})+)\s*$")


class LiteError(Exception):
    """A problem with the lite site's files, said in one line each."""


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    sha256: tuple[str, ...]
    where: str  # lite/wheels.txt:12

    @property
    def key(self) -> str:
        return canonicalize_name(self.name)


def read_pins(name: str, folder: Path = PINS) -> list[Pin]:
    """One requirements file of exact pins with hashes; any other line is a located error."""
    path = folder / name
    if not path.is_file():
        raise LiteError(f"{_shown(path)}: missing (the lite site's pins)")
    pins = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise LiteError(f"{_shown(path)}:{number}: expected NAME==VERSION --hash=sha256:HEX, found {line!r}")
        hashes = tuple(re.findall(r"sha256:([0-9a-f]{64})", match["hashes"]))
        pins.append(Pin(match["name"], match["version"], hashes, f"{_shown(path)}:{number}"))
    return pins


def read_pyodide(folder: Path = PINS) -> dict:
    path = folder / PYODIDE
    try:
        pin = json.loads(path.read_text(encoding="utf-8"))
        assert {"package", "version", "integrity", "files"} <= set(pin)
    except (OSError, ValueError, AssertionError):
        raise LiteError(f"{_shown(path)}: missing or not a JSON object "
                        "with package, version, integrity and files") from None
    return pin


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_integrity(path: Path) -> str:
    """npm's integrity string (``sha512-BASE64``) of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def dist_of(path: Path) -> tuple[str, str] | None:
    """(canonical name, version) of a wheel or sdist file name, or None for any other file."""
    try:
        if path.name.endswith(".whl"):
            name, version, *_ = parse_wheel_filename(path.name)
        elif path.name.endswith((".tar.gz", ".zip")):
            name, version = parse_sdist_filename(path.name)
        else:
            return None
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return str(name), str(version)


def locate(folder: Path, pin: Pin) -> Path | None:
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if dist_of(path) == (pin.key, pin.version):
            return path
    return None


def check_cache(cache: Path = CACHE, pins: Path = PINS) -> list[str]:
    """Every way the cache differs from the pins, one sentence each (empty: the cache is good)."""
    problems = []
    for name, folder in ((WHEELS, WHEEL_DIR), (WASM_WHEELS, WHEEL_DIR), (SDISTS, SDIST_DIR)):
        for pin in read_pins(name, pins):
            found = locate(cache / folder, pin)
            if found is None:
                problems.append(f"{pin.name} {pin.version} ({pin.where}) is missing from {_shown(cache / folder)}")
            elif sha256(found) not in pin.sha256:
                problems.append(f"{_shown(found)} has sha256 {sha256(found)}, "
                                f"but {pin.where} pins {', '.join(pin.sha256)}")
    for pin in read_pins(SDISTS, pins):  # built here from the checked sdist (fetch writes both)
        built = locate(cache / BUILT_DIR, pin)
        source = cache / BUILT_DIR / f"{pin.key}.from"
        if built is None or not built.name.endswith("-py3-none-any.whl"):
            problems.append(f"the pure wheel of {pin.name} {pin.version}, built from its sdist, "
                            f"is missing from {_shown(cache / BUILT_DIR)}")
        elif not source.is_file() or source.read_text().strip() not in pin.sha256:
            problems.append(f"{_shown(built)} was not built from the sdist {pin.where} pins")
    core = read_pyodide(pins)
    for file, digest in core["files"].items():
        path = cache / PYODIDE_DIR / file
        if not path.is_file():
            problems.append(f"the Pyodide core's {file} ({core['package']} {core['version']}) "
                            f"is missing from {_shown(path.parent)}")
        elif sha256(path) != digest:
            problems.append(f"{_shown(path)} has sha256 {sha256(path)}, but lite/{PYODIDE} pins {digest}")
    return problems


def require_cache(cache: Path = CACHE, pins: Path = PINS) -> None:
    problems = check_cache(cache, pins)
    if problems:
        raise LiteError("\n".join([*problems, AGAIN.format(cache=_shown(cache))]))


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
