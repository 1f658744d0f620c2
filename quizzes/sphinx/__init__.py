"""Sphinx glue for the quizzes: the bank is proven once per build, and the quiz script and styles
are files of the site, loaded once per page (not pasted into every quiz output).

A bank problem stops the build with the validator's ``FILE:LINE: ID: message`` lines, before any
page runs. Pages that show a quiz declare ``bank/<file>`` in their ``course: reads`` so an edit to
a question re-runs exactly the pages that show it (see course.sphinx).

The concerns live in the modules beside this one: ``bank`` (proving the bank, the kinds of fact its
templates read), ``launch`` (the "Run in your browser" link, dropping the widgets' state), ``trainer``
(the trainer's ready-made files) and ``directives`` (``quiz-bank-table``); here they are connected.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from quizzes.core.load import default_bank_dir
from quizzes.sphinx.bank import validate
from quizzes.sphinx.directives import MARKUP_CODE, BankTable
from quizzes.sphinx.launch import drop_widget_state, run_in_browser
from quizzes.sphinx.trainer import write_trainer_files

PACKAGE = Path(__file__).resolve().parents[1]
STATIC = PACKAGE / "views" / "static"


def _configure(app: Sphinx, config) -> None:
    config.course_bank_dir = str(default_bank_dir())
    config.course_markup_code = {**config.course_markup_code, **MARKUP_CODE}
    config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    app.setup_extension("course.sphinx")
    app.connect("config-inited", _configure)
    app.connect("builder-inited", validate, priority=600)  # after course.sphinx has loaded content/
    app.add_js_file("quiz.js", defer="defer")
    app.add_css_file("quiz.css")
    app.connect("html-page-context", drop_widget_state, priority=400)  # before myst-nb's handler (500)
    app.connect("build-finished", write_trainer_files)
    app.add_config_value("course_lite_url", "", "html")  # the JupyterLite app, relative to the site root
    app.connect("html-page-context", run_in_browser, priority=502)  # after the theme's launch menu (501)
    app.add_directive("quiz-bank-table", BankTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
