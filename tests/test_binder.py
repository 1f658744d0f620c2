"""Binder and launch buttons: the lean environment in binder/ really runs what learners open there.

Binder (repo2docker) builds binder/ instead of the dev requirements. Nothing here can start Binder
(no network, no Docker), so the tests check what would break it: a pin that drifts from the tested
one, a dependency missing from the freeze, a module the notebooks import that the lean list leaves
out, a Python version that is not the one the tests ran on, and launch links that point elsewhere.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import subprocess
import sys

import jupytext
import pytest
import yaml
from bs4 import BeautifulSoup
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from course.sphinx import TEXT_NOTEBOOK

from .corpus import ROOT, pins

BINDER = ROOT / "binder"


def test_binder_files_exist_and_install_the_course():
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "-e .", "repo2docker installs the course's packages from this line"
    assert re.fullmatch(r"python-3\.\d+", (BINDER / "runtime.txt").read_text(encoding="utf-8").strip())


def test_runtime_is_the_python_the_tests_ran_on():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_binder_pins_are_the_tested_pins():
    lean, full = pins(BINDER / "requirements.txt"), pins(ROOT / "requirements.txt")
    drift = {n: (v, full.get(n)) for n, v in lean.items() if full.get(n) != v}
    assert not drift, f"binder/requirements.txt differs from requirements.txt: {drift}"
    assert len(lean) < len(full) * 0.8, "the Binder environment should be lean, not the dev freeze"
    for heavy in ("jupyter-book", "sphinx", "pytest", "playwright", "hypothesis"):
        assert heavy not in lean


def _requires(name: str) -> set[str]:
    """The distributions ``name`` needs at run time (no extras), as installed here."""
    needed = set()
    for spec in md.requires(name) or []:
        req = Requirement(spec)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            needed.add(canonicalize_name(req.name))
    return needed


def test_binder_freeze_is_complete():
    """Every dependency of every pinned package is pinned too, so Binder installs nothing unpinned."""
    lean = pins(BINDER / "requirements.txt")
    missing = {f"{dep} (needed by {name})" for name in lean for dep in _requires(name) if dep not in lean}
    assert not missing, sorted(missing)


# the notebooks' JupyterLite install cell (piplite), as ast.unparse writes it
BROWSER_ONLY = "sys.platform == 'emscripten'"


def _walk(tree: ast.AST):
    """ast.walk, without the code that runs only in the browser's kernel."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == BROWSER_ONLY:
            yield from (n for part in node.orelse for n in [part, *_walk(part)])
            continue
        yield node
        yield from _walk(node)


def _imports(source: str) -> set[str]:
    found = set()
    for node in _walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _notebook_code() -> dict[str, str]:
    """The code a learner runs on Binder: notebooks, the book's pages, and the modules they import."""
    code = {}
    for path in [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("book/*.ipynb")]:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code[str(path.relative_to(ROOT))] = "\n".join(
            "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for path in ROOT.glob("book/*.md"):
        if not TEXT_NOTEBOOK.match(path.read_text(encoding="utf-8")):
            continue  # a page without a kernel runs no code (its ```bash blocks are shown, not run)
        nb = jupytext.read(path)
        code[str(path.relative_to(ROOT))] = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    # The course's modules, except the build- and test-time ones (Sphinx plug-ins, notebook writer).
    build_only = {"sphinx", "jupyterlite"}  # folders: the Sphinx adapters, the lite site's build tool
    for package in ("course", "quizzes"):
        for path in (ROOT / package).rglob("*.py"):
            if not build_only & set(path.relative_to(ROOT).parts) and path.name != "notebooks.py":
                code[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return code


def test_binder_has_every_module_the_learners_code_imports():
    lean = pins(BINDER / "requirements.txt")
    providers = md.packages_distributions()
    ours = {"course", "quizzes"}
    missing = []
    for where, source in sorted(_notebook_code().items()):
        for module in sorted(_imports(source) - ours):
            if module in sys.stdlib_module_names:
                continue
            dists = {canonicalize_name(d) for d in providers.get(module, [])}
            if not dists & set(lean):
                missing.append(f"{where}: import {module} ({', '.join(sorted(dists)) or 'not installed'})")
    assert not missing, "binder/requirements.txt lacks: " + "; ".join(missing)


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_config_has_repository_and_launch_buttons():
    config = _config()
    url = config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url), url
    assert config["repository"]["branch"] == "main"
    launch = config["launch_buttons"]
    assert launch["binderhub_url"] == "https://mybinder.org"
    assert launch["notebook_interface"] == "jupyterlab"
    assert not launch.get("thebe"), "thebe would load a script from a CDN"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "repository:" in readme and "url:" in readme, "the README says which value to change"


@pytest.mark.build
def test_built_pages_launch_on_binder(built_book):
    """The workshop and the module pages offer Binder, opening the right file on the right branch."""
    config = _config()
    org_repo = config["repository"]["url"].removeprefix("https://github.com/")
    html_dir = built_book / "_build" / "html"
    for page, source in [("book/workshop.html", "book/workshop.ipynb"), ("book/03-themes.html", "book/03-themes.md")]:
        soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.find_all("a", href=True) if "mybinder.org" in a["href"]]
        assert links == [f"https://mybinder.org/v2/gh/{org_repo}/main?urlpath=lab/tree/{source}"], (page, links)
        repo_links = [a["href"] for a in soup.find_all("a", href=True)
                      if a["href"].startswith(config["repository"]["url"])]
        assert any(h.rstrip("/") == config["repository"]["url"] for h in repo_links), page


def test_a_notebook_quiz_imports_no_export_library():
    """A learner's quiz (Binder, a kernel in the browser) proves the bank and draws a quiz: it must not
    need the exports' libraries, such as openpyxl for Kahoot's spreadsheet (the bank's proof reads
    Kahoot's limits, not its writer)."""
    code = ("import sys; from quizzes.quiz import Quiz; Quiz.for_module('themes', seed=0); "
            "print(sorted(m for m in ('openpyxl', 'matplotlib', 'bs4', 'sphinx') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
