"""The project's code that importing some modules runs, read statically from the source.

The import closure of a set of modules: each module's file, the packages above it, and everything they
import in turn (function-level imports too), among this repository's packages only (the standard library
and third-party packages are left out). General: no Sphinx here; ``course.sphinx.cache`` keys a page's
execution on the closure of the modules its cells import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parents[2]  # the folder the pages' own packages (course, quizzes) are in


def module_file(name: str, root: Path | None = None) -> Path | None:
    """The file of module ``name`` among this repository's code (a package's ``__init__.py``), else None
    (the standard library, a third-party package, a name that is no module)."""
    base = (root or CODE_ROOT).joinpath(*name.split("."))
    for path in (base.parent / f"{base.name}.py", base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imported(tree: ast.AST, package: str = "") -> set[str]:
    """Every module ``tree`` imports, wherever the import stands (in a function too): ``import a.b`` gives
    a.b; ``from a import b`` gives a and a.b (which is a module when b is a submodule); a relative import
    is read from ``package``."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: max(0, len(package.split(".")) - node.level + 1)]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


_IMPORTS: dict[Path, tuple[tuple[int, int], set[str]]] = {}  # a file: (its mtime and size, what it imports)


def _file_imports(path: Path, module: str) -> set[str]:
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    cached = _IMPORTS.get(path)
    if cached is None or cached[0] != stamp:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        cached = _IMPORTS[path] = (stamp, imported(ast.parse(path.read_bytes(), str(path)), package))
    return cached[1]


def code_closure(modules: Iterable[str], root: Path | None = None) -> list[Path]:
    """The files of this repository that importing ``modules`` runs: each module, the packages above it
    (importing a.b.c runs a/__init__.py and a/b/__init__.py first), and, in turn, everything they
    import, read statically from their source (function-level imports included, so code a call
    reaches is counted before it runs). Modules outside the repository are left out."""
    seen: dict[Path, str] = {}
    looked_up: set[str] = set()  # module names already resolved (most files import the same ones)
    stack = list(modules)
    while stack:
        name = stack.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            module = ".".join(parts[:depth])
            if module in looked_up:
                continue
            looked_up.add(module)
            path = module_file(module, root)
            if path is None:
                if depth == 1 and not (root or CODE_ROOT).joinpath(module).is_dir():
                    break  # not a package of this repository: nothing under it is either
                continue
            if path not in seen:
                seen[path] = module
                stack.extend(_file_imports(path, module))
    return sorted(seen)
