"""The course's content in Sphinx's environment: loaded and checked once per build, read by one accessor.

A content problem stops the build, listed as ``FILE:LINE: ID: message``. Sphinx's environment declares
no attribute for the course's data: :func:`course_env` gives it the type :class:`CourseEnv`, so the code
that reads or sets it is checked, and no ``type: ignore`` is needed anywhere else (the quizzes' data has its
own accessor, :func:`quizzes.sphinx.env.quiz_env`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, cast

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from course.content import Content
from course.content.load import load
from course.problems import ProblemsFound


class CourseEnv(Protocol):
    """What the course keeps in Sphinx's environment."""

    course_content: Content  # the content, loaded and checked
    course_folder: Path  # the folder it was loaded from (``course_content_dir`` under the book)


def course_env(env: BuildEnvironment) -> CourseEnv:
    """Sphinx's environment, as the course's data it holds (the same object)."""
    return cast(CourseEnv, env)


def load_content(app: Sphinx) -> None:
    folder = Path(app.srcdir) / app.config.course_content_dir
    env = course_env(app.env)
    try:
        env.course_content = load(folder)
    except ProblemsFound as exc:
        raise ExtensionError("content/ has problems:\n" + "\n".join(map(str, exc.problems))) from None
    env.course_folder = folder
    # The pages' kernels inherit this, so a book copied elsewhere (tests, benchmarks) reads its own data.
    os.environ["COURSE_CONTENT_DIR"] = str(folder.resolve())
