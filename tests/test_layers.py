"""The layers: imports run one way, down the chains the README's "Layers" describes, and no import of
the project's own code hides inside a function.

    course.content -> course.render -> course.sphinx
    course.content -> quizzes.core -> quizzes.present -> quizzes.{lint, views, exports} -> applications

Every module's imports are read from its source (function-level ones included), so a cycle cannot hide in
a late import; nor can one hide in ``importlib.import_module`` or ``__import__``: the project's own code is
imported statically. A test then imports the lower layers in a fresh interpreter and pins what they pull in.

Importing ``a.b.c`` runs ``a/__init__.py`` and ``a/b/__init__.py`` first, so a package's ``__init__.py`` may
import only what every module under it may. Two are let off: the facades ``course/__init__.py`` and
``quizzes/__init__.py``, the public face (``from course import load``, ``from quizzes import load_bank``). They
load only ``course.content.load`` (with ``course.problems``) and ``quizzes.core.load``, which sit at the bottom
of the chains, so ``import course.problems`` or ``import quizzes.core.fit`` costs the content loader and no more
(pinned in test_an_import_pulls_in_only_its_layers).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("course", "quizzes")

# Each unit, and the units it may import (besides itself). A module belongs to the longest unit that prefixes it.
BASE = {"course.problems"}
CONTENT = BASE | {"course.content"}
CORE = CONTENT | {"quizzes.core"}
PRESENT = CORE | {"quizzes.present"}
ALLOWED: dict[str, set[str]] = {
    "course.problems": set(),
    "course.content": BASE,
    "course.render": CONTENT,
    "course.sphinx": CONTENT | {"course.render"},
    "course.jupyterlite": set(),  # the lite site's build tool stands alone
    "course": CONTENT | {"course.render"},  # the package's face and its command line
    "quizzes.core": CONTENT,
    "quizzes.present": CORE,
    "quizzes.lint": PRESENT,
    "quizzes.views": PRESENT | {"course.render"},
    "quizzes.exports": PRESENT | {"course.render"},
    # applications: anything below them
    "quizzes": PRESENT | {"course.render", "quizzes.lint", "quizzes.views", "quizzes.exports", "course.content"},
    "quizzes.sphinx": PRESENT | {"course.render", "quizzes.lint", "quizzes.views", "quizzes.exports", "quizzes",
                                 "course.sphinx"},
}
# Third-party packages that are optional where the code runs (the browser's Python has no openpyxl or
# matplotlib; ipywidgets and nbclient are not needed to build a paper): the only lazy imports allowed.
OPTIONAL = {"ipywidgets", "openpyxl", "matplotlib", "nbclient", "nbformat"}
# The two facades (see the docstring) and the only modules of the project they may import.
FACADES = {"course": {"course.content.load", "course.problems"}, "quizzes": {"quizzes.core.load"}}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = modules()


def unit(module: str) -> str:
    return max((u for u in ALLOWED if module == u or module.startswith(u + ".")), key=len)


def imports(module: str, path: Path) -> list[tuple[int, str, bool]]:
    """(line, the module imported, imported inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name, nested) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                for alias in child.names:  # ``from quizzes.core import bank`` imports the module quizzes.core.bank
                    full = f"{base}.{alias.name}"
                    found.append((child.lineno, full if full in MODULES else base, nested))
            visit(child, inner)

    visit(tree, False)
    return found


def dynamic_imports(path: Path) -> list[tuple[int, str | None]]:
    """(line, the module named if a string literal, else None) for every ``importlib.import_module(...)``,
    ``import_module(...)`` or ``__import__(...)`` call in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in ("import_module", "__import__"):
            first = node.args[0] if node.args else None
            literal = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            found.append((node.lineno, literal))
    return sorted(found, key=lambda found: found[0])


def violations(module: str, path: Path) -> list[str]:
    own, found = unit(module), []
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for line, named in dynamic_imports(path):
        if named is None or named.split(".")[0] not in OPTIONAL:
            found.append(f"{shown}:{line}: {module} imports {named or 'a computed name'} dynamically: "
                         "the project's own code is imported statically")
    for line, target, nested in imports(module, path):
        top = target.split(".")[0]
        where = f"{shown}:{line}: {module} imports {target}"
        if top in PACKAGES:
            theirs = unit(target)
            if theirs != own and theirs not in ALLOWED[own]:
                found.append(f"{where}: {own} may not import {theirs}")
            if nested:
                found.append(f"{where} inside a function: the project's own code is imported at the top")
        elif nested and top not in OPTIONAL:
            found.append(f"{where} inside a function: only optional third-party packages are imported late")
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_down_the_layers(module):
    assert violations(module, MODULES[module]) == []


def init_violations(package: str, path: Path) -> list[str]:
    """What a package's ``__init__.py`` imports of the project that some module under it may not (it runs
    whenever one of them is imported); for a facade, anything beyond its FACADES entry."""
    below = [m for m in MODULES if m.startswith(package + ".")]
    found = []
    for line, target, _ in imports(package, path):
        if target.split(".")[0] not in PACKAGES:
            continue
        if package in FACADES:
            if target not in FACADES[package]:
                found.append(f"{path}:{line}: the facade {package} imports {target}: it loads only the bottom layers")
            continue
        theirs = unit(target)
        for module in below:
            if theirs != unit(module) and theirs not in ALLOWED[unit(module)]:
                found.append(f"{path}:{line}: {package} imports {target}, which importing {module} runs: "
                             f"{unit(module)} may not import {theirs}")
                break
    return found


INITS = sorted(m for m, p in MODULES.items() if p.name == "__init__.py")


@pytest.mark.parametrize("package", INITS)
def test_a_package_init_imports_only_what_its_modules_may(package):
    assert violations(package, MODULES[package]) == init_violations(package, MODULES[package]) == []


def test_a_package_init_that_reaches_too_far_is_caught(tmp_path, monkeypatch):
    """The rule can fail: a facade that loads a view, and the course facade were it not let off (importing
    course.problems or course.jupyterlite runs it, and they may import nothing of the project)."""
    facade = tmp_path / "__init__.py"
    facade.write_text("from course.content.load import load\nfrom course.render import kit\n")
    assert init_violations("course", facade) == [
        f"{facade}:2: the facade course imports course.render.kit: it loads only the bottom layers"]
    monkeypatch.delitem(FACADES, "course")
    found = init_violations("course", MODULES["course"])
    assert {v.split(" imports ")[1].split(",")[0] for v in found} == {"course.content.load", "course.problems"}
    assert all("course.jupyterlite may not import" in v or "course.problems may not import" in v for v in found)


def test_an_upward_import_is_caught(tmp_path):
    """The contract can fail: a core module that reaches up to an exporter, at the top or in a function."""
    at_top = tmp_path / "bank.py"
    at_top.write_text("from quizzes.exports.kahoot import row_for\n")
    late = tmp_path / "check.py"
    late.write_text("def f():\n    from quizzes.core.model import Ask\n    import yaml\n")
    assert violations("quizzes.core.bank", at_top) == [
        f"{at_top}:1: quizzes.core.bank imports quizzes.exports.kahoot: quizzes.core may not import quizzes.exports"]
    found = violations("quizzes.core.check", late)
    assert len(found) == 2 and "the project's own code" in found[0] and "optional third-party" in found[1]
    sideways = tmp_path / "gift.py"
    sideways.write_text("from quizzes.views.html import render_quiz\n")
    assert "quizzes.exports may not import quizzes.views" in violations("quizzes.exports.gift", sideways)[0]
    dynamic = tmp_path / "exports.py"
    dynamic.write_text("import importlib\nfrom importlib import import_module\n"
                       "def f(fmt):\n    return importlib.import_module(f'.{fmt}', __package__)\n"
                       "g = __import__('quizzes.exports.gift')\nh = import_module('quizzes.lint')\n"
                       "x = importlib.import_module('openpyxl')\n")
    found = violations("quizzes.exports", dynamic)
    assert [v.split(":")[1] for v in found] == ["4", "5", "6"]
    assert all("the project's own code is imported statically" in v for v in found)


@pytest.mark.parametrize(("module", "never"), [
    ("course.content", ("course.render", "course.sphinx", "quizzes", "sphinx", "docutils")),
    ("quizzes.core.load", ("quizzes.present", "quizzes.lint", "quizzes.views", "quizzes.exports", "course.render",
                           "course.sphinx", "sphinx", "ipywidgets", "openpyxl")),
    ("quizzes.present.draw", ("quizzes.lint", "quizzes.views", "quizzes.exports", "sphinx", "ipywidgets")),
    ("quizzes.quiz", ("quizzes.exports", "quizzes.lint", "sphinx", "openpyxl", "jinja2", "markupsafe")),
    ("course.problems", ("course.render", "course.sphinx", "quizzes", "sphinx")),
    ("quizzes.core.fit", ("quizzes.present", "quizzes.lint", "quizzes.views", "quizzes.exports", "quizzes.sphinx",
                          "sphinx")),
])
def test_an_import_pulls_in_only_its_layers(module, never):
    """What importing a layer loads (click's test, here for the layers): a fresh interpreter, then sys.modules."""
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    pulled = [m for m in loaded.stdout.split() if any(m == n or m.startswith(n + ".") for n in never)]
    assert pulled == []
