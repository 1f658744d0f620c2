"""The JupyterLite site in the book, as files: what a learner's browser will be served, and what the
build refuses. The live round trips are in test_jupyterlite_browser.py.

The site is built once per session (``lite_site``, as `make book` builds it) from the cache that
`make test` fetched; nothing here makes a network call.
"""

from __future__ import annotations

import email.parser
import importlib.metadata as md
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from course.jupyterlite import pins as lite_pins
from course.jupyterlite.pins import PINS, check_cache, dist_of, read_pins, read_pyodide, sha256
from quizzes.sphinx.launch import RUN_IN_BROWSER
from quizzes.views.notebooks import LITE_CELL, LITE_PACKAGES, NOTEBOOK_DIR, WORKSHOP_NOTEBOOK, notebook_pages

from .corpus import ROOT
from .corpus import pins as requirement_pins

# What Pyodide's kernel brings itself (the pyodide-kernel extension's own wheels), not our pypi/
KERNEL_OWN = {"ipykernel", "piplite", "pyodide-kernel", "widgetsnbextension"}
# The environment markers of Pyodide 314, to read the wheels' Requires-Dist as piplite does
PYODIDE_MARKERS = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
                   "platform_machine": "wasm32", "python_version": "3.14", "python_full_version": "3.14.2",
                   "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def shipped(site: Path) -> dict[str, Path]:
    """Canonical distribution name -> its wheel, for every wheel the site serves to piplite."""
    wheels = [*site.glob("pypi/*.whl"), *site.glob("extensions/**/pypi/*.whl")]
    return {dist_of(w)[0]: w for w in wheels}


def requires(wheel: Path) -> set[str]:
    """What a wheel needs on Pyodide (its Requires-Dist whose markers hold there)."""
    with zipfile.ZipFile(wheel) as z:
        (meta,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        message = email.parser.Parser().parsestr(z.read(meta).decode())
    needed = set()
    for spec in message.get_all("Requires-Dist") or []:
        req = Requirement(spec)
        if req.marker is None or req.marker.evaluate(PYODIDE_MARKERS):
            needed.add(canonicalize_name(req.name))
    return needed


def test_every_notebook_and_the_workshop_are_in_the_site(lite_site):
    files = lite_site / "files"
    expected = sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) + [WORKSHOP_NOTEBOOK.name]
    assert len(expected) >= 7
    assert sorted(p.name for p in files.glob("*.ipynb")) == sorted(expected)
    for name in expected:  # unchanged: the same notebook runs in JupyterLab, Binder and nbval
        source = NOTEBOOK_DIR / name if name != WORKSHOP_NOTEBOOK.name else WORKSHOP_NOTEBOOK
        assert (files / name).read_bytes() == source.read_bytes(), name
    assert (sorted(p.name for p in (files / "content").glob("*.yml"))
            == sorted(p.name for p in (ROOT / "content").glob("*.yml")))
    # the app lists them: its contents index is what the file browser and ?path= open
    listed = {item["name"] for item in json.loads((lite_site / "api/contents/all.json").read_text())["content"]}
    assert set(expected) | {"content"} <= listed
    assert (lite_site / "lab" / "index.html").is_file()


def test_every_notebook_installs_the_quiz_code_first_and_only_in_the_browser():
    for path in [*NOTEBOOK_DIR.glob("*.ipynb"), WORKSHOP_NOTEBOOK]:
        cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        assert "".join(cells[0]["source"]) == LITE_CELL, f"{path.name}: the first code cell is not the install cell"
        assert cells[0]["outputs"] == [], f"{path.name}: the install cell printed something in a normal kernel"
    assert 'if sys.platform == "emscripten":' in LITE_CELL


def test_the_site_ships_every_package_the_notebooks_install_and_what_they_need(lite_site):
    """piplite resolves the install cell's packages from the site's index alone (PyPI is off): each, and
    each of their dependencies on Pyodide, must be a wheel of the site."""
    wheels = shipped(lite_site)
    wanted = [canonicalize_name(n) for n in LITE_PACKAGES] + ["ipython", "comm", "jedi", "pyodide-kernel", "ipykernel"]
    missing, seen = [], set()
    while wanted:
        name = wanted.pop()
        if name in seen:
            continue
        seen.add(name)
        if name not in wheels:
            missing.append(name)
            continue
        wanted += sorted(requires(wheels[name]) - seen)
    assert not missing, f"not in the lite site's wheels: {missing}"


# Imported here but not needed in the browser, each for a reason checked by the live test
NOT_NEEDED = {
    "linkify_it": "markdown-it-py tries it on import; the course renders Markdown with linkify off",
    "_cython_3_3_1": ("the Cython runtime of PyYAML's libyaml binding; Pyodide's PyYAML is pure "
                      "(course.content.yamlio falls back to SafeLoader)"),
    "cython_runtime": "the same",
}
IMPORTS = r"""
import json, sys
before = set(sys.modules)
from quizzes.quiz import Quiz
from quizzes.workshop import Workshop
quiz = Quiz.for_module("themes", seed=0)
quiz._repr_mimebundle_()
widget = quiz.widget()
item = next(i for i in widget.items if i.question["type"] == "single")
item.set_response(item.question["options"][0]["id"])
item.check.click()
Quiz.practice(count=15, seed=2026)._repr_mimebundle_()
workshop = Workshop()
workshop._repr_mimebundle_()
workshop.begin()
workshop.end("finished")
workshop.text()
print(json.dumps(sorted({m.split(".")[0] for m in set(sys.modules) - before})))
"""


def test_the_site_ships_a_wheel_for_every_module_the_quiz_code_imports(lite_site):
    """Run what a learner runs (a quiz answered, the practice test, a workshop round) in a fresh Python
    and list every module it imported: each one outside the standard library must come from a wheel
    the site ships."""
    done = subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    modules = set(json.loads(done.stdout.strip().splitlines()[-1])) - {"course", "quizzes"}
    providers = md.packages_distributions()
    wheels = shipped(lite_site)
    missing = []
    stdlib = {m for m in modules if m in sys.stdlib_module_names or m.startswith("_sysconfigdata")}
    for module in sorted(modules - stdlib - set(NOT_NEEDED)):
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        if not dists & set(wheels):
            missing.append(f"{module} ({', '.join(sorted(dists)) or 'no distribution'})")
    assert "pydantic_core" in modules and "ipywidgets" in modules, "the run did not reach the quiz code"
    assert not missing, f"imported by the quiz code, but no wheel in the lite site: {missing}"


def test_the_pyodide_core_and_its_lock_are_the_pinned_ones(lite_site):
    core = read_pyodide()
    pyodide = lite_site / "static" / "pyodide"
    for file, digest in core["files"].items():
        if file != "pyodide-lock.json":
            assert sha256(pyodide / file) == digest, file
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    assert list(lock["packages"]) == ["micropip"], "the lock must name only files the site ships"
    micropip = lock["packages"]["micropip"]
    assert sha256(pyodide / micropip["file_name"]) == micropip["sha256"]
    assert lock["info"]["python"].startswith("3.14")


def test_the_site_is_configured_to_fetch_nothing_from_another_host(lite_site):
    config = json.loads((lite_site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["pipliteUrls"] and all(u.startswith("./") for u in kernel["pipliteUrls"])
    for path in lite_site.rglob("jupyter-lite.json"):
        text = path.read_text()
        assert "://" not in text.replace("http://json-schema.org", ""), f"{path}: an address on another host"
    assert not list(lite_site.rglob("*.map")), "source maps are not shipped"
    # only the extensions the notebooks need (jupytext's and Voila's fail in JupyterLite)
    names = sorted(e["name"] for e in config["federated_extensions"])
    assert names == ["@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension",
                     "jupyterlab_pygments"]


def test_the_lite_pins_are_the_tested_pins():
    """The browser runs the versions the tests run here (requirements.txt), each pinned with a hash."""
    tested = requirement_pins(ROOT / "requirements.txt")
    for name in (lite_pins.WHEELS, lite_pins.WASM_WHEELS, lite_pins.SDISTS):
        for pin in read_pins(name):
            assert pin.sha256, pin.where
            if pin.key in tested:
                assert pin.version == tested[pin.key], (f"{pin.where}: {pin.name} {pin.version}, "
                                                        f"requirements.txt has {tested[pin.key]}")
    tools = requirement_pins(PINS / "build-requirements.txt")
    drift = {n: (v, tested[n]) for n, v in tools.items() if n in tested and tested[n] != v}
    assert not drift, f"lite/build-requirements.txt differs from requirements.txt: {drift}"
    assert "jupyterlite-core" in tools and "jupyterlite-core" not in tested, "the lite tools stay out of .venv"
    assert {canonicalize_name(n) for n in LITE_PACKAGES} - {"wto-ecommerce-course"} <= {
        p.key for n in (lite_pins.WHEELS, lite_pins.SDISTS) for p in read_pins(n)}


def _build(cache: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course.jupyterlite", "--cache", str(cache), "build", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_missing_or_altered_file_stops_the_build_with_a_clear_message(tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(lite_pins.CACHE, cache)
    (jedi,) = (cache / "wheels").glob("jedi-*.whl")
    jedi.unlink()
    with open(cache / "pyodide" / "pyodide.asm.wasm", "ab") as wasm:
        wasm.write(b"\0")
    done = _build(cache, tmp_path / "out")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    jedi_line = next(n for n, line in enumerate((PINS / "wheels.txt").read_text().splitlines(), 1)
                     if line.startswith("jedi=="))
    assert f"lite: jedi 0.20.1 (lite/wheels.txt:{jedi_line}) is missing from {cache / 'wheels'}" in lines, done.stderr
    assert any(line.startswith(f"lite: {cache / 'pyodide' / 'pyodide.asm.wasm'} has sha256 ") and
               line.endswith(f"but lite/pyodide.json pins {read_pyodide()['files']['pyodide.asm.wasm']}")
               for line in lines), done.stderr
    assert lines[-1].startswith("lite: run `make book` again with a network")
    assert not (tmp_path / "out").exists(), "nothing is built from a bad cache"


def test_a_bad_pin_line_is_named_with_its_file_and_line(tmp_path):
    shutil.copytree(PINS, tmp_path / "lite")
    path = tmp_path / "lite" / "wasm-wheels.txt"
    path.write_text(path.read_text() + "pydantic_core>=2.50\n")
    with pytest.raises(lite_pins.LiteError, match=r"wasm-wheels\.txt:4: expected NAME==VERSION --hash=sha256:HEX, "
                                                  r"found 'pydantic_core>=2.50'"):
        check_cache(lite_pins.CACHE, tmp_path / "lite")


@pytest.mark.build
def test_quiz_pages_and_the_workshop_open_their_notebook_in_the_site(built_book, lite_site):
    """Each page with a quiz, and the workshop, has "Run in your browser" in its launch menu, opening
    its own notebook in the site that `make book` puts at _build/html/lite; other pages have none."""
    html = built_book / "_build" / "html"
    wanted = notebook_pages()
    assert len(wanted) == 7
    for page in sorted(html.glob("book/*.html")):
        docname = page.relative_to(html).with_suffix("").as_posix()
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a for a in doc.select(".dropdown-launch-buttons a") if a.get_text(strip=True) == RUN_IN_BROWSER]
        if docname not in wanted:
            assert not links, docname
            continue
        assert len(links) == 1, docname
        url = urlsplit(links[0]["href"])
        target = urlsplit(urljoin(f"http://127.0.0.1/{docname}.html", url.path)).path.lstrip("/")
        assert target == "lite/lab/index.html", (docname, links[0]["href"])
        (notebook,) = parse_qs(url.query)["path"]
        assert notebook == wanted[docname]
        assert (lite_site / "files" / notebook).is_file(), notebook
        assert (html / links[0].img["src"].replace("../", "")).is_file()
