"""The one HTML kit (issue 20): one ``esc``, templates with autoescape for the trainer's HTML, CSS in
.css files, and the quiz's own HTML (which also runs in the browser's Python, JupyterLite, where
MarkupSafe has no pure wheel) kept free of Jinja2 and MarkupSafe."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
import tomllib
from importlib.resources import files

import pytest
from bs4 import BeautifulSoup

import course.render.kit
import quizzes.views.html
from quizzes.exports import handout
from quizzes.present.draw import Paper, draw
from quizzes.quiz import default_bank

from .corpus import ROOT

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def paper() -> Paper:
    return draw(default_bank(), seed=3, count=12)


def test_there_is_one_esc():
    assert quizzes.views.html.esc is course.render.kit.esc
    assert not hasattr(handout, "esc"), "the handout escapes through its templates' autoescape"
    assert course.render.kit.esc("<a href=\"x\" title='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;")


def test_the_handout_templates_autoescape_and_refuse_undefined_names():
    env = handout._TEMPLATES
    assert env.autoescape is True
    assert env.undefined.__name__ == "StrictUndefined"
    assert env.from_string("{{ x }}").render(x=SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_plain_text_reaches_the_handout_escaped_and_markdown_as_markup(paper):
    """Fields that are not markdown (title, course, source author, title and URL) are escaped by the
    autoescape alone; markdown fields arrive rendered (Markup), not escaped twice."""
    q = dict(paper.questions[0], prompt="A **bold** prompt " + SCRIPT, explanation="_Why_ " + SCRIPT,
             sources=[{"id": "s", "number": 1, "author": SCRIPT, "title": SCRIPT, "url": "https://x/?a=1&b=<2>"}])
    hostile = dataclasses.replace(paper, title=f"Paper {SCRIPT}", course=f'"Course" {SCRIPT}', questions=[q])
    page, skipped = handout.export(hostile)
    assert skipped == []
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "https://x/?a=1&amp;b=&lt;2&gt;" in page
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all("script")
    assert soup.title.get_text() == f"Paper {SCRIPT} \u2014 \"Course\" {SCRIPT}"
    assert soup.select_one("h1").get_text() == f"Paper {SCRIPT}"
    prompt = soup.select_one(".q-prompt")
    assert prompt.find("strong").get_text() == "bold", "the markdown became markup, once"
    assert prompt.get_text() == f"1. A bold prompt {SCRIPT}"
    assert soup.select_one(".key-explanation em").get_text() == "Why"
    assert soup.select_one(".key-sources li").get_text() == f"[1] {SCRIPT}: {SCRIPT} https://x/?a=1&b=<2>"


def test_the_css_is_a_shipped_file_inlined_into_the_page(paper):
    templates = files("quizzes.exports") / "templates"
    css = (templates / "handout.css").read_text(encoding="utf-8")
    assert (templates / "handout.html.j2").is_file()
    page = handout.export(paper)[0]
    assert f"<style>\n{css}</style>" in page, "the handout stays one self-contained file"
    source = (ROOT / "quizzes" / "exports" / "handout.py").read_text(encoding="utf-8")
    assert "<style" not in source and "{ box-sizing" not in source, "no CSS or page markup in Python strings"
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "templates/*" in package_data["package-data"]["quizzes.exports"]


# What a learner runs in the browser's Python: a quiz's HTML and widget, the practice test, the workshop.
JUPYTERLITE_PATH = r"""
import json, sys
import quizzes.views.html, quizzes.views.widget, quizzes.quiz, quizzes.workshop
from quizzes.quiz import Quiz
from quizzes.workshop import Workshop, static_html
quiz = Quiz.for_module("themes", seed=0)
quiz._repr_mimebundle_()
quiz.html()
quiz.widget()
workshop = Workshop()
workshop._repr_mimebundle_()
static_html(workshop.bank)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("jinja2", "markupsafe"))))
"""


def test_the_jupyterlite_path_imports_neither_jinja2_nor_markupsafe():
    done = subprocess.run([sys.executable, "-c", JUPYTERLITE_PATH], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def _modules():
    for package in ("course", "quizzes"):
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), str(path))


# Escapers that are not HTML escaping of text for a page, each with why it is not kit.esc.
OTHER_ESCAPERS = {
    ("course/render/kit.py", "esc"): "the one esc itself",
    ("quizzes/exports/gift.py", "escape"): "GIFT syntax (Moodle's repchar: \\ # = ~ { } :), not HTML",
    ("course/problems.py", "escape"): "control characters made inert for a terminal, not HTML",
}
# Calls of html.escape outside kit.py, each with why it is not kit.esc.
OTHER_HTML_ESCAPES = {
    ("course/render/kit.py", "esc"): "the one esc itself",
    ("quizzes/core/markdown.py", "_escaped_block"): "quizzes.core is below course.render; text nodes as markdown-it "
                                                    "would write them (quote=False)",
    ("quizzes/core/markdown.py", "inline"): "as _escaped_block",
    ("quizzes/exports/moodle.py", "_text"): "text nodes only (quote=False): no '&#x27;' whose '#' GIFT must escape",
}
ESCAPER_NAMES = {"esc", "_esc", "escape", "_escape", "escape_html", "_escape_html", "html_escape", "_html_escape"}


def _html_escapes(path, tree):
    """(path, enclosing function) of each use of html.escape, however imported."""
    names = {alias.asname or "html" for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names if alias.name == "html"}
    found = []

    def visit(node, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if (isinstance(node, ast.Attribute) and node.attr == "escape" and isinstance(node.value, ast.Name)
                and node.value.id in names) or (isinstance(node, ast.ImportFrom) and node.module == "html"
                                                and any(a.name == "escape" for a in node.names)):
            found.append((path, function if isinstance(node, ast.Attribute) else "esc"))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_html_is_escaped_by_kit_esc_alone():
    defined = [(path, node.name) for path, tree in _modules() for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ESCAPER_NAMES]
    assert [d for d in defined if d not in OTHER_ESCAPERS] == [], "escape HTML with course.render.kit.esc"
    uses = [u for path, tree in _modules() for u in _html_escapes(path, tree)]
    assert [u for u in uses if u not in OTHER_HTML_ESCAPES] == [], "call course.render.kit.esc, not html.escape"
    assert ("course/render/kit.py", "esc") in uses, "the scan still sees html.escape"


def test_no_css_in_python_strings():
    """CSS lives in .css files (quizzes/views/static, quizzes/exports/templates); Python may hold the bare
    tag that wraps a file's text, never a <style> with rules in it."""
    held = [(path, node.lineno) for path, tree in _modules() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "<style" in node.value.lower()
            and node.value.strip().lower() != "<style>"]
    assert held == []


def test_the_widget_styles_are_the_shipped_css_files():
    import quizzes.views.widget
    import quizzes.workshop

    static = files("quizzes.views") / "static"
    for module, name in ((quizzes.views.widget, "widget.css"), (quizzes.workshop, "workshop.css")):
        css = (static / name).read_text(encoding="utf-8")
        assert "{" in css and "<" not in css
        assert module.STYLE == f"<style>\n{css}</style>"
