"""The question bank in the build: proven once per build, before any page runs, and the kinds of fact
each bank file's templates choose among (for the pages' cache keys).

A bank problem stops the build with the validator's ``FILE:LINE: ID: message`` lines.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from course.problems import ProblemsFound
from course.sphinx.env import course_env
from quizzes.core.load import load_bank
from quizzes.sphinx.env import quiz_env

# The kinds of fact each template chooses among (its distractors, a numeric question's misses): every fact of
# those kinds, in any file, can change what a generated question shows. tests/test_cache_keys.py runs each
# template and checks that it reads no fact of another kind.
TEMPLATE_KINDS = {"glossary-term": ("term",), "count-value": ("count",)}


def validate(app: Sphinx) -> None:
    env = quiz_env(app.env)
    try:
        env.quiz_bank = load_bank(content=course_env(app.env).course_content)
    except ProblemsFound as exc:
        raise ExtensionError("the question bank has problems:\n" + "\n".join(map(str, exc.problems))) from None
    env.course_template_kinds = template_kinds(env.quiz_bank)


def template_kinds(bank) -> dict[str, list[str]]:
    """``bank/<file>``: the kinds of fact its templates choose among. A page that shows the file's
    questions depends on every fact of those kinds (course.sphinx keys a file it reads in part on them
    too), as the facts a template looks through are not among the reads a page's code records."""
    found: dict[str, set[str]] = {}
    for (name, _), template in bank.lines.templates.items() if bank.lines is not None else ():
        # a template not in the table: every fact ("*"), until the table says what it chooses among
        found.setdefault(f"bank/{Path(name).stem}", set()).update(TEMPLATE_KINDS.get(template, ("*",)))
    return {name: sorted(kinds) for name, kinds in found.items()}
