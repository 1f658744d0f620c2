"""What the book's pages carry for running a quiz: a "Run in your browser" launch link, and no live
widget state."""

from __future__ import annotations

from sphinx.application import Sphinx

from course.sphinx.env import course_env
from quizzes.views.notebooks import notebook_pages

RUN_IN_BROWSER = "Run in your browser"


def run_in_browser(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A "Run in your browser" entry in the launch menu of each page with a quiz and of the workshop: it
    opens the page's notebook in the book's own JupyterLite site (course.jupyterlite), no server needed."""
    site = app.config.course_lite_url
    notebook = notebook_pages(course_env(app.env).course_content).get(pagename)
    # the theme's launch menu, on every page that is a notebook (each page with a quiz is one)
    launch = next((b for b in context.get("header_buttons", []) if b.get("label") == "launch-buttons"), None)
    if not site or not notebook or launch is None:
        return
    link = {"type": "link", "text": RUN_IN_BROWSER, "label": "run-in-browser",
            "tooltip": f"Run {'the workshop' if notebook == 'workshop.ipynb' else 'this quiz'} live in your browser "
                       "(JupyterLite): no server, and no network once the book is on your computer",
            "icon": "_static/images/logo_jupyterlite.svg", "url": f"{context['pathto'](site, 1)}?path={notebook}"}
    launch["buttons"].insert(0, link)


def drop_widget_state(app: Sphinx, pagename: str, *args) -> None:
    """The executed pages carry the live widgets' state (tens to hundreds of KB per quiz page); the
    book shows the HTML rendering instead, so the state is dropped before myst-nb writes it."""
    js_files = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)
