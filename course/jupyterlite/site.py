"""Assemble the lite folder from the checked cache and run ``jupyter lite build`` into the book.

What goes in, and why (see also ``lite/README.md``):

- ``pypi/``: the kernel's and the quiz code's wheels, and the course's own (built here from the
  working tree, so the browser runs the code the book was built with). piplite indexes them.
- ``static/pyodide/``: the Pyodide core, and a ``pyodide-lock.json`` listing micropip alone (Pyodide's
  own lock names ~350 packages whose files are not shipped; the kernel loads micropip from the lock at
  boot and checks its sha256).
- ``files/``: the quiz notebooks, the workshop notebook and ``content/*.yml``, which the notebooks read.
- only the federated extensions the notebooks need (the kernel, the widgets, pygments), not every
  JupyterLab extension of the environment (jupytext's and Voila's fail in JupyterLite).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from course.jupyterlite.pins import (
    BUILT_DIR,
    CACHE,
    PINS,
    PYODIDE_DIR,
    ROOT,
    SDISTS,
    WASM_WHEELS,
    WHEEL_DIR,
    WHEELS,
    LiteError,
    locate,
    read_pins,
    read_pyodide,
    require_cache,
    sha256,
)
from course.jupyterlite.run import pip_wheel, run

NOTEBOOKS = ROOT / "notebooks"
WORKSHOP = ROOT / "book" / "workshop.ipynb"
CONTENT = ROOT / "content"
# The build tools' own environment (lite/build-requirements.txt; `make` makes it), not .venv: the Pyodide
# kernel's JupyterLab extension would load, and fail, in the pages of .venv's JupyterLab and Voila.
TOOLS = Path(os.environ.get("COURSE_LITE_VENV", ROOT / ".venv-lite"))
LABEXTENSIONS = TOOLS / "share" / "jupyter" / "labextensions"
EXTENSIONS = ["@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension", "jupyterlab_pygments"]
# micropip is loaded from the lock, not installed from pypi/
BOOT = "micropip"
# Parts of jedi's wheel that only serve completions for packages the browser kernel does not have:
# typeshed's third-party stubs and django's (2.5 MB of its 4.9). Completion of the standard library
# and of the course's code is unchanged.
JEDI_UNUSED = ("jedi/third_party/typeshed/stubs/", "jedi/third_party/django-stubs/")

SETTINGS = {  # lite/jupyter-lite.json, as the app reads it
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "The WTO and electronic commerce: notebooks",
        "exposeAppInBrowser": True,  # window.jupyterapp: the tests and the benchmark drive the app with it
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "disablePyPIFallback": True,  # never PyPI: a package not in pypi/ fails, offline or not
        }},
    },
}


def build(out: Path, cache: Path = CACHE, pins: Path = PINS, notebooks: Path = NOTEBOOKS,
          workshop: Path = WORKSHOP, content: Path = CONTENT) -> Path:
    """The lite site in ``out`` (replaced), from the checked cache; returns ``out``."""
    out = Path(out).resolve()
    require_cache(cache, pins)
    quizzes = sorted(notebooks.glob("*.ipynb"))
    if not quizzes or not workshop.is_file():
        raise LiteError(f"no notebooks for the lite site: {workshop if quizzes else notebooks / '*.ipynb'} is missing")
    sources = [*quizzes, workshop]
    with tempfile.TemporaryDirectory(prefix="lite-") as tmp:
        lite = Path(tmp) / "lite"
        _wheels(lite / "pypi", cache, pins)
        _own_wheel(lite / "pypi", Path(tmp) / "src")
        _pyodide(lite / "static" / "pyodide", cache, pins)
        files = lite / "files"
        (files / "content").mkdir(parents=True)
        for source in sources:
            shutil.copy2(source, files / source.name)
        for data in sorted(content.glob("*.yml")):
            shutil.copy2(data, files / "content" / data.name)
        extensions = _extensions(Path(tmp) / "labextensions")
        (lite / "jupyter-lite.json").write_text(json.dumps(SETTINGS, indent=1), encoding="utf-8")
        (lite / "jupyter_lite_config.json").write_text(json.dumps({
            "LiteBuildConfig": {
                "apps": ["lab"],  # JupyterLab alone: the notebooks open in it; the other apps add weight
                "no_sourcemaps": True,  # source maps were half the first site's 93 MB
                "no_unused_shared_packages": True,
                "ignore_sys_prefix": ["federated_extensions"],  # only the extensions listed in EXTENSIONS
            },
            "FederatedExtensionAddon": {"extra_labextensions_path": [str(extensions)]},
        }, indent=1), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        jupyter_lite = TOOLS / "bin" / "jupyter-lite"
        if not jupyter_lite.is_file():
            raise LiteError(f"no {jupyter_lite}: the JupyterLite build tools are made by `make book` from "
                            "lite/build-requirements.txt")
        run([str(jupyter_lite), "build", "--lite-dir", str(lite), "--output-dir", str(out)],
            "jupyter lite build failed", tail=20, cwd=lite)
    _drop_old_font_formats(out / "build")
    return out


def _wheels(dest: Path, cache: Path, pins: Path) -> None:
    """Every pinned wheel but micropip (the lock's), and the wheels built from the pinned sdists."""
    dest.mkdir(parents=True)
    wheels = [locate(cache / WHEEL_DIR, pin) for name in (WHEELS, WASM_WHEELS) for pin in read_pins(name, pins)
              if pin.key != BOOT]
    wheels += [locate(cache / BUILT_DIR, pin) for pin in read_pins(SDISTS, pins)]
    for wheel in wheels:
        if wheel.name.startswith("jedi-"):
            _without(wheel, dest / wheel.name, JEDI_UNUSED)
        else:
            shutil.copy2(wheel, dest / wheel.name)


def _without(wheel: Path, dest: Path, prefixes: tuple[str, ...]) -> None:
    """A copy of ``wheel`` without the files under ``prefixes``, its RECORD rewritten to match."""
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename.startswith(prefixes):
                continue
            data = source.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                data = "".join(line for line in data.decode().splitlines(True)
                               if not line.startswith(prefixes)).encode()
            target.writestr(info, data)


def _own_wheel(dest: Path, work: Path) -> None:
    """The course's packages as a wheel, built from a copy (setuptools writes build/ and egg-info beside
    its source)."""
    work.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", work)
    for package in ("course", "quizzes"):
        shutil.copytree(ROOT / package, work / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip_wheel(work, dest, "could not build the course's own wheel")


def _pyodide(dest: Path, cache: Path, pins: Path) -> None:
    dest.mkdir(parents=True)
    core = read_pyodide(pins)
    for file in core["files"]:
        if file != "pyodide-lock.json":
            shutil.copy2(cache / PYODIDE_DIR / file, dest / file)
    (boot,) = [pin for pin in read_pins(WHEELS, pins) if pin.key == BOOT]
    wheel = locate(cache / WHEEL_DIR, boot)
    shutil.copy2(wheel, dest / wheel.name)
    lock = json.loads((cache / PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = {**lock["packages"][BOOT], "file_name": wheel.name, "version": boot.version, "sha256": sha256(wheel)}
    (dest / "pyodide-lock.json").write_text(json.dumps({"info": lock["info"], "packages": {BOOT: entry}}),
                                            encoding="utf-8")


def _extensions(dest: Path) -> Path:
    for name in EXTENSIONS:
        source = LABEXTENSIONS / name
        if not (source / "package.json").is_file():
            raise LiteError(f"the JupyterLab extension {name} is not in {LABEXTENSIONS}: the JupyterLite build "
                            "tools are made by `make book` from lite/build-requirements.txt")
        shutil.copytree(source, dest / name)
    return dest


def _drop_old_font_formats(build: Path) -> None:
    """Keep each icon font as WOFF2 alone: every browser that runs Pyodide reads it, so the .eot, .ttf,
    .woff and .svg copies beside it (2.7 MB) are never requested."""
    for woff2 in build.glob("*.woff2"):
        for old in (".eot", ".ttf", ".woff", ".svg"):
            woff2.with_suffix(old).unlink(missing_ok=True)
