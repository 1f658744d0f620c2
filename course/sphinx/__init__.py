"""Sphinx glue: the ``{fact}`` role, the ``course-glossary`` directive, and fresh pages.

One concern per module; this one sets the extension up:

* ``course.sphinx.env``: the content, loaded into Sphinx's environment and checked once per build (a
  content problem stops the build, listed as ``FILE:LINE: ID: message``), and its typed accessor.
* ``course.sphinx.facts``: the ``{fact}`` role (a value from ``content/`` in prose) and the glossary.
* ``course.sphinx.cache``: the pages' execution keys (the hidden fingerprint cell) and what a page
  depends on, so an edit re-reads, and re-runs, only the pages it can change.
* ``course.sphinx.closure``: the project's code that importing some modules runs, read from the source.

The names other code imports from ``course.sphinx`` are re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from course.sphinx.cache import (
    ALWAYS_READ,
    FINGERPRINT_CODE,
    TEXT_NOTEBOOK,
    content_key,
    keyed,
    keyed_source,
    merge_keys,
    on_source_read,
    outdated,
    page_modules,
    page_read_facts,
    page_reads,
    purge_keys,
)
from course.sphinx.closure import code_closure
from course.sphinx.env import load_content
from course.sphinx.facts import CourseGlossary, FactRole, fact_text

__all__ = [
    "ALWAYS_READ", "FINGERPRINT_CODE", "MARKUP_CODE", "TEXT_NOTEBOOK", "code_closure", "content_key", "fact_text",
    "keyed", "keyed_source", "outdated", "page_modules", "page_read_facts", "page_reads", "setup",
]

STATIC = Path(__file__).resolve().parent / "static"
# directive or role name: the modules that render it in Sphinx's process (a page using it is read again
# when their code changes); quizzes.sphinx adds its own
MARKUP_CODE = {"fact": ("course.sphinx",), "course-glossary": ("course.sphinx",)}


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_content_dir", "content", "env")
    app.add_config_value("course_bank_dir", "", "env")  # set by quizzes.sphinx
    app.add_config_value("course_markup_code", dict(MARKUP_CODE), "env")
    app.connect("builder-inited", load_content)
    app.connect("source-read", on_source_read)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge_keys)
    app.connect("env-merge-info", merge_keys)
    app.add_role("fact", FactRole())
    app.add_directive("course-glossary", CourseGlossary)
    app.connect("config-inited", _static)
    app.add_css_file("course.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _static(app: Sphinx, config) -> None:
    config.html_static_path.append(str(STATIC))
