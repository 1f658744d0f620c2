"""The question bank in Sphinx's environment, read by one accessor.

As for the course's content (:func:`course.sphinx.env.course_env`), Sphinx's environment declares no
attribute for the quizzes' data: :func:`quiz_env` gives it the type :class:`QuizEnv`, so the code that
reads or sets it is checked without a ``type: ignore``.
"""

from __future__ import annotations

from typing import Protocol, cast

from sphinx.environment import BuildEnvironment

from quizzes.core.bank import Bank


class QuizEnv(Protocol):
    """What the quizzes keep in Sphinx's environment."""

    quiz_bank: Bank  # the bank, loaded and proven (quizzes.sphinx.bank)
    course_template_kinds: dict[str, list[str]]  # ``bank/<file>``: the kinds of fact its templates choose among


def quiz_env(env: BuildEnvironment) -> QuizEnv:
    """Sphinx's environment, as the quizzes' data it holds (the same object)."""
    return cast(QuizEnv, env)
