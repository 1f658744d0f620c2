"""``python -m course check|schema``: check the content, or write its JSON Schemas for editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .load import default_content_dir, load
from .problems import ProblemsFound

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schemas() -> dict[str, dict]:
    from .model import ContentFile, Course

    return {
        "course.schema.json": Course.model_json_schema(),
        "content-file.schema.json": ContentFile.model_json_schema(),
    }


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
            print(f"{len(exc.problems)} problem(s) in {args.content or default_content_dir()}", file=sys.stderr)
            return 1
        print(f"content OK: {len(content.facts)} facts, {len(content.sources)} sources, "
              f"{len(content.course.modules)} modules")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, body in schemas().items():
        (args.out / name).write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
