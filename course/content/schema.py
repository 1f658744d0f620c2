"""The JSON Schemas that editors check the YAML against, and the one writer of ``schemas/``.

``python -m course schema`` writes the content's schemas; ``python -m quizzes schema`` writes the bank's
(its own models, the question types and the presented question) through the same :func:`write_schemas`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from course.content.model import ContentFile, Course
from course.problems import escape

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schemas() -> dict[str, dict]:
    """The content's schemas, by file name: course.yml, and every other content file."""
    return {
        "course.schema.json": Course.model_json_schema(),
        "content-file.schema.json": ContentFile.model_json_schema(),
    }


def write_schemas(out: Path, found: Mapping[str, dict], prog: str) -> int:
    """Write each schema of ``found`` (file name: schema) into the folder ``out`` (made if missing), printing
    each path written. A path that is not a folder, or a folder that cannot be made or written, is one line
    on stderr naming -o, exit 2, as any mistake on the command line (``prog`` names the command line)."""
    def refuse(message: str) -> int:
        print(f"{prog} schema: -o: {escape(message)}", file=sys.stderr)
        return 2

    if out.exists() and not out.is_dir():
        return refuse(f"{out} is a file; give a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return refuse(f"cannot make the folder {out}: {exc.strerror or exc}")
    for name, body in found.items():
        try:
            (out / name).write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            return refuse(f"cannot write {out / name}: {exc.strerror or exc}")
        print(out / name)
    return 0
