"""JSON export: the paper's questions in their presented form (what every runtime reads), for other tools.

``seed`` is what shuffled the options (and, ``drawn``, chose the questions); a question marked
``ordered`` has options on a scale, in ascending order, which a tool must not shuffle."""

from __future__ import annotations

import json

from quizzes.present.draw import Paper
from quizzes.present.types import PaperData


def export(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    data: PaperData = {
        "title": paper.title, "course": paper.course, "as_of": paper.as_of, "seed": paper.seed,
        "drawn": paper.drawn, "paper": paper.describe(), "shuffle": paper.shuffle_note(),
        "modules": paper.modules, "questions": paper.questions,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", []
