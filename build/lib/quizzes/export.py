"""The export formats, in one table: the CLI and the book's ready-made files both write through here.

Each format is a module ``quizzes/export_<name>.py`` with ``export(paper) -> (data, skipped)``: data is
text (str) or a binary file (bytes); skipped lists (question id, why) for what the format cannot hold.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .paper import Paper

FORMATS = {  # format: (module in quizzes/, default file suffix, what it writes)
    "gift": ("export_gift", ".gift", "Moodle GIFT (one category per module)"),
    "moodle-xml": ("export_moodle_xml", ".xml", "Moodle XML"),
    "kahoot": ("export_kahoot", ".xlsx", "Kahoot quiz spreadsheet (choice questions that fit)"),
    "handout": ("export_handout", ".html", "printable HTML: the paper, then the answer key on new pages"),
    "json": ("export_json", ".json", "the presented questions as JSON"),
}


def export(fmt: str, paper: Paper) -> tuple[str | bytes, list[tuple[str, str]]]:
    """The paper in ``fmt`` (one of FORMATS), and what it left out with the reason."""
    return importlib.import_module(f".{FORMATS[fmt][0]}", __package__).export(paper)


def write(path: Path, data: str | bytes) -> None:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
