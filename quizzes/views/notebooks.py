"""The quiz notebooks for Binder and JupyterHub: one per module, plus the practice test.

``python -m quizzes notebooks`` writes them and runs each top to bottom in a fresh kernel, storing the
outputs that nbval later compares (``make test``). The live widget's view is not stored: it only
works with a running kernel, so a notebook opened without one shows the quiz's HTML instead, and a
learner who runs it gets the live widget.

It also writes the workshop notebook, ``book/workshop.ipynb`` (a page of the book as well): the same
way, with its code cells tagged ``remove-input`` so the page shows no code.

Every notebook runs unchanged in JupyterLite, the site in the built book (``course.jupyterlite``): its
first code cell installs the course's code from the site's own wheels when the kernel is Pyodide, and
does nothing in any other kernel.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from course.content.load import load

# nbformat and nbclient (a second each to import) are imported where a notebook is made, so the command line
# and the book's Sphinx extension, which import this module, need neither until then.
if TYPE_CHECKING:
    import nbformat

NOTEBOOK_DIR = Path(__file__).resolve().parents[2] / "notebooks"
WORKSHOP_NOTEBOOK = NOTEBOOK_DIR.parent / "book" / "workshop.ipynb"
# What the workshop page's output reads, besides course.yml and sources.yml: every bank file (it counts
# each module's questions), no other content file (checked by tests/test_pages.py).
WORKSHOP_READS = [f"bank/{p.stem}" for p in sorted((Path(__file__).resolve().parents[1] / "bank").glob("*.yml"))]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}
# What the notebooks import that the browser kernel lacks (piplite adds their dependencies); a test
# holds this list to what a quiz and the workshop really import.
LITE_PACKAGES = ["wto-ecommerce-course", "ipywidgets", "markdown-it-py", "pydantic", "pyyaml"]
LITE_CELL = f"""# In your browser (JupyterLite) this installs the course's code from the site; \
elsewhere it does nothing.
import sys
if sys.platform == "emscripten":
    import os, piplite
    await piplite.install({LITE_PACKAGES!r})
    os.environ["COURSE_CONTENT_DIR"] = "content"  # the course data, beside the notebooks"""


PRACTICE = ("book/practice", "practice-test.ipynb")  # (page, notebook)


def quiz_notebook(module) -> str:
    return f"quiz-{module.number:02d}-{module.id}.ipynb"


def notebook_pages(content=None) -> dict[str, str]:
    """Book page (docname) -> the notebook that runs its quiz live: each module page's quiz notebook,
    the practice page's practice test, the workshop page's own notebook."""
    content = content or load()
    pages = {module.page: quiz_notebook(module) for module in content.course.modules}
    return {**pages, PRACTICE[0]: PRACTICE[1], "book/workshop": WORKSHOP_NOTEBOOK.name}


def specs() -> list[tuple[str, str, str]]:
    """(file name, title, the code that shows the quiz) for each notebook."""
    content = load()
    found = []
    for module in content.course.modules:
        found.append((
            quiz_notebook(module),
            f"Quiz: {module.number}. {module.title}",
            f'Quiz.for_module("{module.id}")',
        ))
    found.append((PRACTICE[1], "Practice test", "Quiz.practice(count=15, seed=2026)"))
    return found


def build(name: str, title: str, call: str) -> nbformat.NotebookNode:
    import nbformat

    intro = (
        f"# {title}\n\n"
        "Run the notebook (**Run > Run All Cells**), then answer each question and press **Check**. "
        "You get feedback on your answer, the explanation and its sources; **Try again** clears a "
        "question. The score and a summary show as you go. In your browser (JupyterLite, the book's "
        "**Run in your browser** link), the first run takes a few seconds more: it installs the quiz "
        "from the book's own files, with no network.\n\n"
        "To draw a different set or order, change `seed=` in the cell below and run it again."
    )
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro, id="intro"),
        nbformat.v4.new_code_cell(LITE_CELL, id="lite"),
        nbformat.v4.new_code_cell("from quizzes.quiz import Quiz", id="import"),
        nbformat.v4.new_code_cell(call if "seed" in call else call[:-1] + ", seed=0)", id="quiz"),
    ]
    return nb


def build_workshop() -> nbformat.NotebookNode:
    import nbformat

    intro = (
        "# Workshop\n\n"
        "A quiz for a group, run by a trainer. Open this page as a notebook from the page's launch "
        "button: **Run in your browser** (JupyterLite: no server, and no network once the book is on "
        "the laptop), or Binder or a JupyterHub, where Voila can also show it without the code. Run "
        "all cells (**Run > Run All Cells**). Then:\n\n"
        "1. **Choose** the modules the group has covered, the number of questions and, if you like, a "
        "timer.\n"
        "2. **Give the group a number.** The number draws the paper: same number, same questions, in the "
        "same order. Everyone who types group 3 answers the same paper, and it is the paper the trainer "
        "prints with `python -m quizzes export handout --seed 3 --count 10` (or exports to Moodle or "
        "Kahoot with the same seed and count).\n"
        "3. **Start**, answer each question and press **Check** for feedback. **Finish** ends the round; "
        "with a timer the quiz locks when time is up.\n"
        "4. **Share the scores.** The summary gives each module's score and the total, as a table and "
        "as text a learner can copy into the chat. **New round** goes back to the choices.\n\n"
        "In the book, without a kernel, the cell below says what the notebook offers and where to "
        "practise offline."
    )
    # As a page of the book it shows no sample paper (quizzes.workshop.static_html), only each module's
    # question count: it reads every bank file and no content/ file, declared for the book's execution
    # cache (course.sphinx), checked by tests/test_pages.py.
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNEL, "language_info": {"name": "python"},
                                            "course": {"reads": WORKSHOP_READS}})
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro, id="intro"),
        nbformat.v4.new_code_cell(LITE_CELL, id="lite", metadata={"tags": ["remove-input"]}),
        nbformat.v4.new_code_cell("from quizzes.workshop import Workshop", id="import",
                                  metadata={"tags": ["remove-input"]}),
        nbformat.v4.new_code_cell("Workshop()", id="workshop", metadata={"tags": ["remove-input"]}),
    ]
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}},
                   store_widget_state=False).execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_MIME, None)
    nb.metadata.pop("widgets", None)
    return nb


def write_all(folder: Path = NOTEBOOK_DIR, workshop: Path | None = None) -> list[Path]:
    """The quiz notebooks in ``folder``, then the workshop notebook (default: book/workshop.ipynb, or
    ``folder``/workshop.ipynb for another folder), each run in the folder it is written to."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, title, call in specs():
        nb = execute(build(name, title, call), folder)
        path = folder / name
        nbformat.write(nb, path)
        written.append(path)
    if workshop is None:
        workshop = WORKSHOP_NOTEBOOK if folder.resolve() == NOTEBOOK_DIR else folder / WORKSHOP_NOTEBOOK.name
    nbformat.write(execute(build_workshop(), workshop.parent), workshop)
    written.append(workshop)
    return written
