"""The pages' execution keys, and what a page depends on.

jupyter-cache keys a notebook on its code, not on the YAML (or the renderers) its code reads. A page
declares the content files its code reads (front matter ``course: reads: [...]``; course.yml and
sources.yml always count; undeclared means all), naming a file whose facts it reads only a few of as
``{file: [fact ids]}``. A text notebook gets a hidden last cell holding a fingerprint of its inputs: the
code it runs (the import closure of the project's modules its cells import, read from the source:
``course.sphinx.closure``), the files, and of a file read in part only its outline and the facts read; so
its cache key changes exactly when its tables can, not when an exporter, the linter or another fact of a
file changes. Sphinx re-reads a page when a file it reads whole, a file whose fact a ``{fact}`` role
prints, its code or the code behind its roles and directives changes, or when its fingerprint does
(``env-get-outdated``: a file read in part is no dependency of it). ``tests/test_pages.py`` checks the
declarations against what the code really reads.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.util import logging

from course.content import yamlio
from course.content.load import content_files
from course.sphinx.closure import code_closure, imported, module_file
from course.sphinx.env import course_env

logger = logging.getLogger(__name__)
FINGERPRINT_CODE = (
    "# Added at build time by course.sphinx: a fingerprint of the data this page reads and of the\n"
    "# code that renders it, so that jupyter-cache re-executes this page whenever either changes.\n"
    "COURSE_CONTENT_FINGERPRINT = {fingerprint!r}\n"
)
FINGERPRINT_CELL = "\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n" + FINGERPRINT_CODE + "```\n"
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
ALWAYS_READ = ("course", "sources")  # every page shows objectives and citations
TEXT_NOTEBOOK = re.compile(r"\A---\s*\n(?:.*\n)*?(?:jupytext|kernelspec):", re.MULTILINE)


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
    return course_env(app.env).course_folder / f"{name}.yml"


# -- the code a page runs ---------------------------------------------------------------------------
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
    folder = course_env(app.env).course_folder
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


def purge_keys(app: Sphinx, env, docname: str) -> None:
    """A removed page's fingerprint, forgotten."""
    _keys(env).pop(docname, None)


def merge_keys(app: Sphinx, env, docnames: set[str], other) -> None:
    """A parallel read's fingerprints, into the main environment."""
    theirs = _keys(other)
    _keys(env).update({d: theirs[d] for d in docnames if d in theirs})

