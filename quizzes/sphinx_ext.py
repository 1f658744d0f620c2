"""Sphinx glue for the quizzes: the bank is proven once per build, and the quiz script and styles
are files of the site, loaded once per page (not pasted into every quiz output).

A bank problem stops the build with the validator's ``FILE:LINE: ID: message`` lines, before any
page runs. Pages that show a quiz declare ``bank/<file>`` in their ``course: reads`` so an edit to
a question re-runs exactly the pages that show it (see course.sphinx_ext).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from course.problems import ProblemsFound

from .load import default_bank_dir, load_bank

PACKAGE = Path(__file__).resolve().parent
STATIC = PACKAGE / "static"


def _configure(app: Sphinx, config) -> None:
    config.course_bank_dir = str(default_bank_dir())
    config.course_code_dirs = [*config.course_code_dirs, str(PACKAGE)]
    config.html_static_path.append(str(STATIC))


def _validate(app: Sphinx) -> None:
    try:
        app.env.quiz_bank = load_bank(content=app.env.course_content)  # type: ignore[attr-defined]
    except ProblemsFound as exc:
        raise ExtensionError("the question bank has problems:\n" + "\n".join(map(str, exc.problems))) from None


def _drop_widget_state(app: Sphinx, pagename: str, *args) -> None:
    """The executed pages carry the live widgets' state (tens to hundreds of KB per quiz page); the
    book shows the HTML rendering instead, so the state is dropped before myst-nb writes it."""
    js_files = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


def setup(app: Sphinx) -> dict:
    app.setup_extension("course.sphinx_ext")
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _validate, priority=600)  # after course.sphinx_ext has loaded content/
    app.add_js_file("quiz.js", defer="defer")
    app.add_css_file("quiz.css")
    app.connect("html-page-context", _drop_widget_state, priority=400)  # before myst-nb's handler (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
