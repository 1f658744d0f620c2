"""The quiz notebooks for Binder: one per module and the practice test, stored with outputs that
nbval compares strictly when `make test` runs (`--nbval` over notebooks/)."""

from __future__ import annotations

import nbformat

from quizzes.views.notebooks import NOTEBOOK_DIR, WIDGET_MIME, specs

from .corpus import ROOT


def test_every_module_has_its_quiz_notebook():
    expected = sorted(name for name, _, _ in specs())
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == expected
    assert NOTEBOOK_DIR == ROOT / "notebooks"


def test_notebooks_store_the_quiz_html_and_no_dead_widget():
    """Opened without a kernel, a notebook shows the quiz's HTML; a stored widget view would point at
    a widget that no longer exists (JupyterLab shows an error box), so none is stored."""
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert "widgets" not in nb.metadata, path.name
        quiz = nb.cells[-1]
        assert quiz.cell_type == "code" and "Quiz." in quiz.source and "seed=" in quiz.source
        data = [o.get("data", {}) for o in quiz.outputs]
        assert any('class="course-quiz"' in d.get("text/html", "") for d in data), path.name
        assert not any(WIDGET_MIME in d for d in data), path.name
        assert all(o.output_type != "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
