"""Sphinx glue: the ``{fact}`` role, the ``course-glossary`` directive, and fresh pages.

* ``{fact}`id``` / ``{fact}`id.field``` prints a value from ``content/`` in prose, so a page never
  retypes a date, a count or a symbol. An unknown id or field is a build warning (an error under -W).
* Staleness: jupyter-cache keys a notebook on its code, not on the YAML (or the renderers) its code
  reads. A page declares the content files its code reads (front matter ``course: reads: [...]``;
  course.yml and sources.yml always count; undeclared means all), naming a file whose facts it reads
  only a few of as ``{file: [fact ids]}``. A text notebook gets a hidden last cell holding a
  fingerprint of its inputs: the code it runs (the import closure of the project's modules its cells
  import, read from the source), the files, and of a file read in part only its outline and the facts
  read; so its cache key changes exactly when its tables can, not when an exporter, the linter or
  another fact of a file changes. Sphinx re-reads a page when a file it reads whole, a file whose fact
  a ``{fact}`` role prints, its code or the code behind its roles and directives changes, or when its
  fingerprint does (``env-get-outdated``: a file read in part is no dependency of it).
  ``tests/test_pages.py`` checks the declarations against what the code really reads.
* The content is loaded and checked once per build; a content problem stops the build, listed as
  ``FILE:LINE: ID: message``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from course.content import Content, yamlio
from course.content.load import content_files, load
from course.content.model import Conference, Count, ListFact, Term
from course.content.vocab import EVIDENCE_LABELS
from course.problems import ProblemsFound
from course.render.kit import REFERENCES_PAGE

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
FINGERPRINT_CODE = (
    "# Added at build time by course.sphinx: a fingerprint of the data this page reads and of the\n"
    "# code that renders it, so that jupyter-cache re-executes this page whenever either changes.\n"
    "COURSE_CONTENT_FINGERPRINT = {fingerprint!r}\n"
)
FINGERPRINT_CELL = "\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n" + FINGERPRINT_CODE + "```\n"
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
ALWAYS_READ = ("course", "sources")  # every page shows objectives and citations
CODE_ROOT = Path(__file__).resolve().parents[2]  # the folder the pages' own packages (course, quizzes) are in
TEXT_NOTEBOOK = re.compile(r"\A---\s*\n(?:.*\n)*?(?:jupytext|kernelspec):", re.MULTILINE)


def _content(app: Sphinx) -> Content:
    return app.env.course_content  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data


def load_content(app: Sphinx) -> None:
    folder = Path(app.srcdir) / app.config.course_content_dir
    try:
        app.env.course_content = load(folder)  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data
    except ProblemsFound as exc:
        raise ExtensionError("content/ has problems:\n" + "\n".join(map(str, exc.problems))) from None
    app.env.course_folder = folder  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data
    # The pages' kernels inherit this, so a book copied elsewhere (tests, benchmarks) reads its own data.
    os.environ["COURSE_CONTENT_DIR"] = str(folder.resolve())


def _digest(paths, facts: dict[Path, list[str] | None] | None = None, kinds: Iterable[str] = ()) -> str:
    """A fingerprint of files: each one's name and bytes, or, for a content file of which ``facts``
    names the facts read, its outline and those facts' data, and those of every fact of ``kinds``
    (:func:`facts_digest`; ``None``: a file the page does not read, only its facts of ``kinds``)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if facts and path in facts:
            digest.update(path.name.encode() + b"\0facts\0" + facts_digest(path, facts[path], kinds).encode() + b"\0")
        else:
            digest.update(path.name.encode() + b"\0" + _file_digest(path) + b"\0")
    return digest.hexdigest()[:16]


_FILES: dict[Path, tuple[tuple[int, int], bytes]] = {}  # a file: (its mtime and size, the digest of its bytes)


def _file_digest(path: Path) -> bytes:
    """The digest of a file's bytes, read once per version of the file (every page hashes the code)."""
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    cached = _FILES.get(path)
    if cached is None or cached[0] != stamp:
        cached = _FILES[path] = (stamp, hashlib.sha256(path.read_bytes()).digest())
    return cached[1]


_ENTRIES: dict[Path, tuple[tuple[int, int], str, dict[str, str], dict[str, list[str]]]] = {}  # file: its reading


def _entries(path: Path) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """A content file's outline (its other keys, and the id and kind of each fact and source, in order),
    the data of each fact and source by id, as canonical JSON (a list item's or a stage's id gives its
    fact's), and the ids of its facts by kind. Read once per version of the file."""
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_size)
    cached = _ENTRIES.get(path)
    if cached is None or cached[0] != stamp:
        try:
            data = yamlio.load(path).data
        except yamlio.YamlProblem:
            data = None
        by_kind: dict[str, list[str]] = {}
        if not isinstance(data, dict):  # not content the build accepts: the bytes stand for all of it
            outline, entries = hashlib.sha256(path.read_bytes()).hexdigest(), {}
        else:
            entries = {}
            listed = [e for part in ("facts", "sources") for e in (data.get(part) or []) if isinstance(e, dict)]
            for entry in listed:
                text = json.dumps(entry, sort_keys=True, ensure_ascii=False)
                for part in ("items", "stages"):
                    for inner in entry.get(part) or []:
                        if isinstance(inner, dict) and isinstance(inner.get("id"), str):
                            entries.setdefault(inner["id"], text)
                if isinstance(entry.get("id"), str):
                    entries[entry["id"]] = text
                    by_kind.setdefault(str(entry.get("kind", "")), []).append(entry["id"])
            outline = json.dumps([{k: v for k, v in data.items() if k not in ("facts", "sources")},
                                  [[e.get("id"), e.get("kind")] for e in listed]], sort_keys=True, ensure_ascii=False)
        cached = _ENTRIES[path] = (stamp, outline, entries, by_kind)
    return cached[1], cached[2], cached[3]


def facts_digest(path: Path, ids: Iterable[str] | None, kinds: Iterable[str] = ()) -> str:
    """What a page that reads only the facts ``ids`` of a content file depends on in it: the file's
    outline (a fact added, removed or moved changes it: a page that lists facts of a kind sees it) and
    those facts' data, and the data of every fact of ``kinds`` ("*": all), which the question templates
    of the page's quizzes choose among. An edit to another fact, or to a comment, leaves it as it was.
    ``ids`` None: a file the page's code does not read; only the facts of ``kinds`` (their ids and data)."""
    outline, entries, by_kind = _entries(path)
    kinds = set(kinds)
    chosen = set(entries) if "*" in kinds else {i for kind in kinds for i in by_kind.get(kind, [])}
    if ids is None and entries:
        digest = hashlib.sha256(b"facts of " + json.dumps(sorted(kinds)).encode())
        ids = ()
    else:
        digest = hashlib.sha256(outline.encode())
    for ident in sorted(set(ids or ()) | chosen):
        digest.update(b"\0" + ident.encode() + b"\0" + entries.get(ident, "(missing)").encode())
    return digest.hexdigest()


def _ipynb(source: str) -> dict | None:
    """The notebook, when a page's source is an .ipynb (JSON), else None."""
    if not source.lstrip().startswith("{"):
        return None
    try:
        nb = json.loads(source)
    except ValueError:
        return None
    return nb if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else None


def _declared_reads(source: str) -> list | None:
    """The page's ``course: reads`` list as written (front matter, or an .ipynb's metadata), else None."""
    nb = _ipynb(source)
    if nb is not None:
        reads = ((nb.get("metadata") or {}).get("course") or {}).get("reads")
        return list(reads) if isinstance(reads, list) else None
    match = FRONT_MATTER.match(source)
    if not match:
        return None
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return None
    reads = (meta.get("course") or {}).get("reads") if isinstance(meta, dict) else None
    return list(reads) if isinstance(reads, list) else None


def page_reads(source: str) -> list[str] | None:
    """The content files a page's code declares it reads (front matter ``course: reads: [...]``, or
    for an .ipynb page the same in the notebook's metadata): a name for a whole file, or, for a file
    of which the page reads a few facts, ``{name: [fact ids]}`` (see :func:`page_read_facts`)."""
    reads = _declared_reads(source)
    if reads is None:
        return None
    return [name for entry in reads for name in (entry if isinstance(entry, dict) else [entry])]


def page_read_facts(source: str) -> dict[str, list[str]]:
    """The files of which a page declares it reads only some facts, and those facts' ids: an edit to
    another fact of the file changes nothing the page shows, so it does not re-run the page."""
    found: dict[str, list[str]] = {}
    for entry in _declared_reads(source) or []:
        if isinstance(entry, dict):
            for name, ids in entry.items():
                found[str(name)] = [str(i) for i in ids] if isinstance(ids, list) else [str(ids)]
    return found


def read_path(app: Sphinx, name: str) -> Path:
    """A declared read: ``01-work-programme`` is content/01-work-programme.yml; ``bank/NAME`` is a
    question-bank file (in ``course_bank_dir``, set by the quizzes extension)."""
    if name.startswith("bank/") and app.config.course_bank_dir:
        return Path(app.config.course_bank_dir) / f"{name.removeprefix('bank/')}.yml"
    return app.env.course_folder / f"{name}.yml"  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data


# -- the code a page runs ---------------------------------------------------------------------------
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


CODE_CELL = re.compile(r"^(?P<fence>`{3,}|~{3,})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+\(?([\w\s,]+)|import\s+([\w.]+(?:\s*,\s*[\w.]+)*))", re.M)


def code_cells(source: str) -> list[str]:
    """The code of a page's cells: an .ipynb's code cells, or a text notebook's ``{code-cell}`` blocks
    (without their options)."""
    nb = _ipynb(source)
    if nb is not None:
        return ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else str(c.get("source", ""))
                for c in nb["cells"] if isinstance(c, dict) and c.get("cell_type") == "code"]
    cells = []
    for match in CODE_CELL.finditer(source):
        lines = match.group("body").splitlines()
        if lines and lines[0].strip() == "---":  # options as a YAML block
            end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), len(lines) - 1)
            lines = lines[end + 1:]
        while lines and lines[0].startswith(":"):  # options as ":key: value" lines
            lines = lines[1:]
        cells.append("\n".join(lines))
    return cells


def page_modules(source: str, root: Path | None = None) -> list[str]:
    """The modules of this repository a page's code imports (``course``, ``course.render``,
    ``quizzes.quiz``...): what its kernel runs of the project's own code."""
    found: set[str] = set()
    for cell in code_cells(source):
        try:
            found |= imported(ast.parse(cell))
        except SyntaxError:  # IPython syntax (%magic, !shell): the import lines alone
            for module, names, plain in IMPORT_LINE.findall(cell):
                if module:
                    found |= {module, *(f"{module}.{n.strip()}" for n in names.split(",") if n.strip())}
                else:
                    found |= {m.strip() for m in plain.split(",")}
    return sorted(m for m in found if module_file(m.split(".")[0], root) is not None)


def code_files(app: Sphinx, source: str) -> list[Path]:
    """The code a page's kernel runs: the closure of the project's modules its cells import. An edit to
    any other module (an exporter, the linter, a command line) leaves its key alone."""
    return code_closure(page_modules(source))


ROLE = re.compile(r"\{([\w:-]+)\}`")
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\{([\w:-]+)\}", re.M)


def markup_files(app: Sphinx, source: str) -> list[Path]:
    """The code that renders the page's roles and directives in Sphinx's process (``{fact}``,
    ``course-glossary``, ``quiz-bank-table``...: ``course_markup_code``): the page is read again when
    it changes, but it runs in no kernel, so it is no part of the execution key."""
    used = set(ROLE.findall(source)) | set(DIRECTIVE.findall(source))
    code = app.config.course_markup_code
    return code_closure(m for name in sorted(used & set(code)) for m in code[name])


def keyed_source(app: Sphinx, text: str, docname: str = "") -> tuple[str, list[Path]]:
    """The page's source as Sphinx will parse it (a text notebook or an .ipynb gets the hidden
    fingerprint cell), and the files it depends on (:func:`keyed`)."""
    text, depends, _ = keyed(app, text, docname)
    return text, depends


def keyed(app: Sphinx, text: str, docname: str = "") -> tuple[str, list[Path], str]:
    """The page's source as Sphinx will parse it (a text notebook or an .ipynb gets the hidden
    fingerprint cell), the files it depends on, and its fingerprint.

    The fingerprint (the page's execution key) covers what its kernel runs and reads: the project's
    code its cells import (:func:`code_files`, the import closure), course.yml and sources.yml, and the
    files its code declares it reads (all content files when it declares nothing), of which, for a
    file declared as ``{name: [ids]}``, only the outline and those facts; and when it shows questions
    of a bank file with templates, every fact of the kinds they choose among, in whichever content file
    (``course_template_kinds``, from quizzes.sphinx: the facts a template looks through are not among
    the reads a page's code records). The page also depends (is
    read again, not re-run) on the code of the roles and directives it uses (:func:`markup_files`).
    A file it reads in part is no dependency of it (an edit to another fact there must not read it
    again, nor run it): :func:`outdated` reads a page again when its fingerprint changed.
    ``course.sphinx.prefetch`` calls this too, so the notebook it executes ahead is the one myst-nb will look
    up in the cache.
    """
    inputs, facts, kinds = _content_inputs(app, text, docname)
    code = code_files(app, text)
    fingerprint = hashlib.sha256(f"{_digest(inputs, facts, kinds)}\0{_digest(code)}".encode()).hexdigest()[:16]
    depends = [p for p in inputs if p not in facts] + code + [p for p in markup_files(app, text) if p not in code]
    nb = _ipynb(text)
    if nb is not None:  # an .ipynb page: the same hidden cell, added to the notebook's JSON
        nb["cells"].append({
            "cell_type": "code", "execution_count": None, "id": "course-fingerprint",
            "metadata": {"tags": ["remove-cell"]}, "outputs": [],
            "source": FINGERPRINT_CODE.format(fingerprint=fingerprint),
        })
        text = json.dumps(nb, ensure_ascii=False)
    elif TEXT_NOTEBOOK.match(text):
        text = text.rstrip("\n") + FINGERPRINT_CELL.format(fingerprint=fingerprint)
    return text, depends, fingerprint


Inputs = tuple[list[Path], dict[Path, list[str] | None], set[str]]  # files, facts read of some, template kinds


def _content_inputs(app: Sphinx, text: str, docname: str = "") -> Inputs:
    """The content a page's key covers: the files, the facts of those read in part (None: a file its
    code does not read, of which the template kinds' facts only), and those kinds."""
    folder: Path = app.env.course_folder  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data
    declared = page_reads(text)
    facts: dict[Path, list[str] | None] = {}
    if declared is None:
        inputs = content_files(folder)
    else:
        paths = {name: read_path(app, name) for name in [*ALWAYS_READ, *declared]}
        unknown = [name for name, path in paths.items() if not path.is_file()]
        if unknown and docname:
            logger.warning("course.reads names files that do not exist: %s", ", ".join(unknown),
                           location=docname, type="course", subtype="reads")
        inputs = [path for path in paths.values() if path.is_file()]
        facts = {paths[name]: ids for name, ids in page_read_facts(text).items()
                 if name in paths and name not in ALWAYS_READ and not name.startswith("bank/")}
    # the kinds of fact the templates of the bank files it shows choose among (quizzes.sphinx says which)
    template_kinds = getattr(app.env, "course_template_kinds", None) or {}
    kinds = {kind for name in declared or [] for kind in template_kinds.get(name, ())}
    if kinds:  # those facts count wherever they are, in files the page's code does not read too
        for path in content_files(folder):
            if path not in inputs:
                inputs.append(path)
                facts[path] = None
    return inputs, facts, kinds


def content_key(app: Sphinx, text: str) -> str:
    """The content part of a page's fingerprint: what :func:`outdated` compares (the code and the files
    it reads whole are Sphinx dependencies of the page, which Sphinx compares itself)."""
    return _digest(*_content_inputs(app, text))


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Declare what the page depends on, and key a text notebook's execution on it, so an edit to
    one file re-reads, and re-executes, only the pages it can change; ``{fact}`` adds the file of
    each fact it prints. The content part of its fingerprint is kept, for :func:`outdated`."""
    _keys(app.env)[docname] = content_key(app, source[0])
    source[0], depends, _ = keyed(app, source[0], docname)
    for path in depends:
        app.env.note_dependency(str(path))


def _keys(env) -> dict[str, str]:
    """Each page's content key when it was last read (kept in the pickled environment)."""
    if not hasattr(env, "course_keys"):
        env.course_keys = {}
    return env.course_keys


def outdated(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The pages to read again though no file they depend on changed: those whose fingerprint did (a
    fact they read of a file they read in part, which Sphinx does not track, or one of the kinds their
    templates choose among). Reading them again re-runs them, as their key is new; a page whose facts
    did not change is neither read nor run."""
    keys = _keys(env)
    stale = []
    for docname in sorted(env.found_docs - added - changed - removed):
        path = Path(env.doc2path(docname))
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if keys.get(docname) != content_key(app, text):
            stale.append(docname)
    return stale


def _purge(app: Sphinx, env, docname: str) -> None:
    _keys(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames: set[str], other) -> None:
    """A parallel read's fingerprints, into the main environment."""
    theirs = _keys(other)
    _keys(env).update({d: theirs[d] for d in docnames if d in theirs})


# -- {fact} ---------------------------------------------------------------------------------------
def fact_text(content: Content, spec: str) -> str:
    """The words for ``id`` or ``id.field``; raises ValueError with a reason a writer can act on."""
    ident, _, field = spec.strip().partition(".")
    if ident == "course" and field in ("as_of", "title"):
        return content.course.as_of.human() if field == "as_of" else content.course.title
    if ident in content.items:
        fact, item = content.items[ident]
        if field not in ("", "text"):
            raise ValueError(f"list items have only .text, not .{field}")
        return content.item_text(item)
    if ident not in content.facts:
        raise ValueError(f"unknown fact id {ident!r}")
    fact = content.facts[ident]
    if not field:
        if hasattr(fact, "when"):
            return fact.when()
        if isinstance(fact, Count):
            return fact.human()
        if isinstance(fact, ListFact):
            return _join([content.item_text(i) for i in fact.items])
        return content.label(fact)
    if field == "date" and getattr(fact, "date", None):
        return fact.date.human()
    if field == "as_of" and fact.as_of:
        return fact.as_of.human()
    if field == "year" and getattr(fact, "date", None):
        return str(fact.date.year)
    if field == "value" and isinstance(fact, Count):
        return f"{fact.value:g}"
    if field == "count" and isinstance(fact, ListFact):
        return str(len(fact.items))
    if field == "quote" and getattr(fact, "quote", None):
        return f"\u201c{fact.quote}\u201d"
    if field == "short" and isinstance(fact, Conference):
        return fact.short
    if field == "label":
        return content.label(fact)
    value = getattr(fact, field, None)
    if isinstance(value, (str, int)) and not isinstance(value, bool) and field != "id":
        return str(value)
    raise ValueError(f"fact {ident!r} (a {fact.kind}) has no printable field {field!r}")


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


class FactRole(SphinxRole):
    def run(self):
        content = _content(self.env.app)
        ident = self.text.strip().partition(".")[0]
        if ident in content.file_of:  # the page now depends on the file this fact lives in
            self.env.note_dependency(str(content.file_of[ident]))
        try:
            text = fact_text(content, self.text)
        except ValueError as exc:
            logger.warning("{fact}`%s`: %s", self.text, exc, location=self.get_location(), type="course",
                           subtype="fact")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        field = self.text.strip().partition(".")[2]
        # a whole sentence dropped into prose (a statement's text, an event's summary): tests check
        # that it starts a sentence, so it never follows a colon or runs on from lower-case words
        sentence = field in ("text", "summary")
        classes = ["course-fact"] + (["course-fact-sentence"] if sentence else [])
        result = [nodes.inline(text, text, classes=classes)]
        if sentence:  # a sentence of the record carries its sources, numbered as on the references page
            result.append(_citations(self.env, content, content.facts[ident]))
        return result, []


def _citations(env, content: Content, fact, prefix: str = "", classes: tuple = ("course-fact-cite",)) -> nodes.Node:
    """Links to the bibliography entries of the fact's sources (" [3] [7]"), numbered as the references
    page numbers them: after a sentence of the record in prose, and after a glossary definition."""
    cites = nodes.inline("", prefix, classes=list(classes))
    for source_id in fact.source:
        env.note_dependency(str(content.file_of[source_id]))
        number = list(content.sources).index(source_id) + 1
        source = content.sources[source_id]
        cites += nodes.Text(" ")
        cites += nodes.reference("", f"[{number}]", refuri=f"{REFERENCES_PAGE}#src-{source_id}",
                                 reftitle=source.short or source.author, classes=["course-cite"])
    return cites


# -- the glossary -------------------------------------------------------------------------------
class CourseGlossary(SphinxDirective):
    """A Sphinx glossary built from the ``term`` facts; ``{term}`` roles link to its entries."""

    has_content = False

    def run(self):
        content = _content(self.env.app)
        terms = sorted(content.of_kind(Term), key=lambda t: t.term.lower())
        for term in terms[:1]:
            self.env.note_dependency(str(content.file_of[term.id]))
        node = addnodes.glossary()
        node.document = self.state.document
        node["sorted"] = False  # already sorted here, case-blind
        items = []
        for term in terms:
            labels = [term.term] + ([term.short] if term.short else [])
            termnodes = [
                make_glossary_term(self.env, [nodes.Text(label)], None, self.env.docname, self.lineno,
                                   node_id=None, document=self.state.document)
                for label in labels
            ]
            para = nodes.paragraph()
            para += nodes.Text(term.definition + " ")
            para += _citations(self.env, content, term, prefix="Sources:", classes=("course-term-source",))
            # The entry's evidence, as on the pages: a definition that states a secondary-only fact says so.
            para += nodes.Text(" ")
            para += nodes.inline("", EVIDENCE_LABELS[term.evidence], classes=["evidence", f"evidence-{term.evidence}"])
            items.append(nodes.definition_list_item("", *termnodes, nodes.definition("", para),
                                                    ids=[f"term-id-{term.id}"]))
        dlist = nodes.definition_list("", *items, classes=["glossary"])
        node += dlist
        return [node]


MARKUP_CODE = {"fact": ("course.sphinx",), "course-glossary": ("course.sphinx",)}


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_content_dir", "content", "env")
    app.add_config_value("course_bank_dir", "", "env")  # set by quizzes.sphinx
    # directive or role name: the modules that render it in Sphinx's process (a page using it is read
    # again when their code changes); quizzes.sphinx adds its own
    app.add_config_value("course_markup_code", dict(MARKUP_CODE), "env")
    app.connect("builder-inited", load_content)
    app.connect("source-read", on_source_read)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.add_role("fact", FactRole())
    app.add_directive("course-glossary", CourseGlossary)
    app.connect("config-inited", _static)
    app.add_css_file("course.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _static(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))
