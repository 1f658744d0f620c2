"""The quiz notebooks for Binder and JupyterHub: one per module, plus the practice test.

``python -m quizzes notebooks`` writes them and runs each top to bottom in a fresh kernel, storing the
outputs that nbval later compares (``make test``). The live widget's view is not stored: it only
works with a running kernel, so a notebook opened without one shows the quiz's HTML instead, and a
learner who runs it gets the live widget.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course import load

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def specs() -> list[tuple[str, str, str]]:
    """(file name, title, the code that shows the quiz) for each notebook."""
    content = load()
    found = []
    for module in content.course.modules:
        found.append((
            f"quiz-{module.number:02d}-{module.id}.ipynb",
            f"Quiz: {module.number}. {module.title}",
            f'Quiz.for_module("{module.id}")',
        ))
    found.append(("practice-test.ipynb", "Practice test", "Quiz.practice(count=15, seed=2026)"))
    return found


def build(name: str, title: str, call: str) -> nbformat.NotebookNode:
    intro = (
        f"# {title}\n\n"
        "Run the notebook (**Run > Run All Cells**), then answer each question and press **Check**. "
        "You get feedback on your answer, the explanation and its sources; **Try again** clears a "
        "question. The score and a summary show as you go.\n\n"
        "To draw a different set or order, change `seed=` in the cell below and run it again."
    )
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro, id="intro"),
        nbformat.v4.new_code_cell("from quizzes.quiz import Quiz", id="import"),
        nbformat.v4.new_code_cell(call if "seed" in call else call[:-1] + ", seed=0)", id="quiz"),
    ]
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                   store_widget_state=False).execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_MIME, None)
    nb.metadata.pop("widgets", None)
    return nb


def write_all(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, title, call in specs():
        nb = execute(build(name, title, call), folder)
        path = folder / name
        nbformat.write(nb, path)
        written.append(path)
    return written
