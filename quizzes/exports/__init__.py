"""The export formats, in one table: the CLI and the book's ready-made files both export through here.

Each format is a module ``quizzes/exports/<name>.py``, imported here, with ``export(paper) -> (data,
skipped)``: data is text (str) or a binary file (bytes); skipped lists (question id, why) for what the
format cannot hold. Putting an export on disk is :mod:`quizzes.exports.write`'s.
"""

from __future__ import annotations

from quizzes.exports import gift, handout, kahoot, moodle_xml, presented_json
from quizzes.present.draw import Paper

FORMATS = {  # format: (module in quizzes/exports/, default file suffix, what it writes)
    "gift": ("gift", ".gift", "Moodle GIFT (one category per module)"),
    "moodle-xml": ("moodle_xml", ".xml", "Moodle XML"),
    "kahoot": ("kahoot", ".xlsx", "Kahoot quiz spreadsheet (choice questions that fit)"),
    "handout": ("handout", ".html", "printable HTML: the paper, then the answer key on new pages"),
    "json": ("presented_json", ".json", "the presented questions as JSON"),
}
# format: its exporter, imported above (statically, so the layer test and the book's cache key see it)
EXPORTERS = {"gift": gift, "moodle-xml": moodle_xml, "kahoot": kahoot, "handout": handout, "json": presented_json}
assert all(EXPORTERS[fmt].__name__ == f"{__name__}.{module}" for fmt, (module, _, _) in FORMATS.items())


def export(fmt: str, paper: Paper) -> tuple[str | bytes, list[tuple[str, str]]]:
    """The paper in ``fmt`` (one of FORMATS), and what it left out with the reason."""
    return EXPORTERS[fmt].export(paper)
