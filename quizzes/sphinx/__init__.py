"""Sphinx glue for the quizzes: the bank is proven once per build, and the quiz script and styles
are files of the site, loaded once per page (not pasted into every quiz output).

A bank problem stops the build with the validator's ``FILE:LINE: ID: message`` lines, before any
page runs. Pages that show a quiz declare ``bank/<file>`` in their ``course: reads`` so an edit to
a question re-runs exactly the pages that show it (see course.sphinx).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from course.problems import ProblemsFound
from course.sphinx import code_closure
from quizzes.core.load import default_bank_dir, load_bank
from quizzes.exports import export, write
from quizzes.guide import bank_table
from quizzes.present.draw import draw
from quizzes.present.present import present
from quizzes.views.notebooks import notebook_pages

PACKAGE = Path(__file__).resolve().parents[1]
STATIC = PACKAGE / "views" / "static"
# what the directive of this extension runs in Sphinx's process: a page that uses it is read again when it changes
MARKUP_CODE = {"quiz-bank-table": ("quizzes.guide",)}
# The kinds of fact each template chooses among (its distractors, a numeric question's misses): every fact of
# those kinds, in any file, can change what a generated question shows. tests/test_cache_keys.py runs each
# template and checks that it reads no fact of another kind.
TEMPLATE_KINDS = {"glossary-term": ("term",), "count-value": ("count",)}


def _configure(app: Sphinx, config) -> None:
    config.course_bank_dir = str(default_bank_dir())
    config.course_markup_code = {**config.course_markup_code, **MARKUP_CODE}
    config.html_static_path.append(str(STATIC))


def _validate(app: Sphinx) -> None:
    try:
        app.env.quiz_bank = load_bank(content=app.env.course_content)  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data
    except ProblemsFound as exc:
        raise ExtensionError("the question bank has problems:\n" + "\n".join(map(str, exc.problems))) from None
    app.env.course_template_kinds = template_kinds(app.env.quiz_bank)  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data


def template_kinds(bank) -> dict[str, list[str]]:
    """``bank/<file>``: the kinds of fact its templates choose among. A page that shows the file's
    questions depends on every fact of those kinds (course.sphinx keys a file it reads in part on them
    too), as the facts a template looks through are not among the reads a page's code records."""
    found: dict[str, set[str]] = {}
    for (name, _), template in bank.lines.templates.items() if bank.lines is not None else ():
        # a template not in the table: every fact ("*"), until the table says what it chooses among
        found.setdefault(f"bank/{Path(name).stem}", set()).update(TEMPLATE_KINDS.get(template, ("*",)))
    return {name: sorted(kinds) for name, kinds in found.items()}


RUN_IN_BROWSER = "Run in your browser"


def _run_in_browser(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A "Run in your browser" entry in the launch menu of each page with a quiz and of the workshop: it
    opens the page's notebook in the book's own JupyterLite site (course.jupyterlite), no server needed."""
    site = app.config.course_lite_url
    notebook = notebook_pages(app.env.course_content).get(pagename)  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data
    # the theme's launch menu, on every page that is a notebook (each page with a quiz is one)
    launch = next((b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"), None)
    if not site or not notebook or launch is None:
        return
    link = {"type": "link", "text": RUN_IN_BROWSER, "label": "run-in-browser",
            "tooltip": f"Run {'the workshop' if notebook == 'workshop.ipynb' else 'this quiz'} live in your browser "
                       "(JupyterLite): no server, and no network once the book is on your computer",
            "icon": "_static/images/logo_jupyterlite.svg", "url": f"{context['pathto'](site, 1)}?path={notebook}"}
    launch["buttons"].insert(0, link)


def _drop_widget_state(app: Sphinx, pagename: str, *args) -> None:
    """The executed pages carry the live widgets' state (tens to hundreds of KB per quiz page); the
    book shows the HTML rendering instead, so the state is dropped before myst-nb writes it."""
    js_files = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


TRAINER_DIR = "trainer"  # the ready-made exports, linked from the trainer's guide


def trainer_files(bank) -> dict[str, tuple[str, dict]]:
    """File name -> (export format, draw arguments) of the exports the built book offers for download."""
    files = {
        "all-modules.gift": ("gift", {}),
        "all-modules-moodle.xml": ("moodle-xml", {}),
        "all-modules-kahoot.xlsx": ("kahoot", {}),
        "all-modules.json": ("json", {}),
        "practice-paper-seed-1.html": ("handout", {"seed": 1, "count": 20}),
    }
    for module in bank.content.course.modules:
        files[f"module-{module.number}-handout.html"] = ("handout", {"modules": [module.id]})
    return files


def trainer_code() -> list[Path]:
    """The code that makes the trainer's files: this module, and the import closure of what it calls to
    make them (the presented form, the draw, and the export package, which imports every exporter)."""
    used = ["quizzes.present.present", "quizzes.present.draw", "quizzes.exports"]
    return sorted({Path(__file__).resolve(), *code_closure(used)})


def _write_trainer_files(app: Sphinx, exception) -> None:
    """Trainers without Python download the exports from the book (same code as the CLI, same bytes
    for the text formats), so the files are as current as the bank the book was built from."""
    if exception is not None or app.builder.format != "html":
        return
    bank = app.env.quiz_bank  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data
    folder = Path(app.outdir) / TRAINER_DIR
    files = trainer_files(bank)
    # The exports are a function of the presented questions, the course's title, date and modules,
    # and the code that makes them: when none of them changed (an edit elsewhere in content/), the files
    # on disk are already right, and making them again would cost the rebuild a few tenths of a second.
    digest = hashlib.sha256(json.dumps(
        [bank.content.course.model_dump(mode="json"), [present(bank, q) for q in bank.questions], sorted(files)],
        sort_keys=True, ensure_ascii=False).encode())
    for path in trainer_code():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    stamp = folder / ".inputs"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest() and all((folder / n).is_file() for n in files):
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, (fmt, args) in files.items():
        paper = draw(bank, args.get("modules"), seed=args.get("seed"), count=args.get("count"))
        write(folder / name, export(fmt, paper)[0])
    stamp.write_text(digest.hexdigest())


class BankTable(SphinxDirective):
    """``quiz-bank-table``: the trainer's guide's table of the bank, made in Sphinx's own process.

    A directive, not a code cell: the table reads every content and bank file, and a kernel started
    for it on every content edit would cost more than the table. The page declares those files in
    its ``course: reads`` so an edit to any of them re-reads it (course.sphinx)."""

    def run(self):
        return [nodes.raw("", str(bank_table(self.env.quiz_bank)), format="html")]  # type: ignore[attr-defined]  # Sphinx's env declares no attribute for the course's data


def setup(app: Sphinx) -> dict:
    app.setup_extension("course.sphinx")
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _validate, priority=600)  # after course.sphinx has loaded content/
    app.add_js_file("quiz.js", defer="defer")
    app.add_css_file("quiz.css")
    app.connect("html-page-context", _drop_widget_state, priority=400)  # before myst-nb's handler (500)
    app.connect("build-finished", _write_trainer_files)
    app.add_config_value("course_lite_url", "", "html")  # the JupyterLite app, relative to the site root
    app.connect("html-page-context", _run_in_browser, priority=502)  # after the theme's launch menu (501)
    app.add_directive("quiz-bank-table", BankTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
