"""``python -m course check|schema``: check the content, or write its JSON Schemas for editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from course.content.load import default_content_dir, load
from course.problems import ProblemsFound, escape

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schemas() -> dict[str, dict]:
    from course.content.model import ContentFile, Course

    return {
        "course.schema.json": Course.model_json_schema(),
        "content-file.schema.json": ContentFile.model_json_schema(),
    }


def write_schemas(out: Path, found: dict[str, dict], prog: str) -> int:
    """Write the schemas into the folder ``out`` (made if missing). A path that is not a folder, or a
    folder that cannot be made or written, is one line on stderr naming -o, exit 2, as any mistake on
    the command line. Shared with ``python -m quizzes schema``."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate content/: exit 1 with FILE:LINE: ID: message lines")
    check.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    schema = sub.add_parser("schema", help="write the JSON Schemas of the content files")
    schema.add_argument("-o", "--out", type=Path, default=SCHEMA_DIR)
    args = parser.parse_args(argv)

    if args.command == "check":
        try:
            content = load(args.content)
        except ProblemsFound as exc:
            for problem in exc.problems:
                print(problem)
            print(f"{len(exc.problems)} problem(s) in {escape(str(args.content or default_content_dir()))}", file=sys.stderr)
            return 1
        print(f"content OK: {len(content.facts)} facts, {len(content.sources)} sources, "
              f"{len(content.course.modules)} modules")
        return 0
    return write_schemas(args.out, schemas(), "python -m course")


if __name__ == "__main__":
    sys.exit(main())
