"""The course's quizzes: a YAML question bank proven against content/, graded in one place,
rendered as ipywidgets where a kernel runs and as self-contained HTML in the static book."""

from quizzes.core.load import default_bank_dir, load_bank

__all__ = ["load_bank", "default_bank_dir"]
