"""JSON export: the paper's questions in their presented form (what every runtime reads), for other tools."""

from __future__ import annotations

import json

from .paper import Paper


def export(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    data = {
        "title": paper.title, "course": paper.course, "as_of": paper.as_of, "seed": paper.seed,
        "modules": paper.modules, "questions": paper.questions,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n", []
