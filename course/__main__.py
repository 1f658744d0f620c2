"""``python -m course check|schema``: check the content, or write its JSON Schemas for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.content.load import default_content_dir, load
from course.content.schema import SCHEMA_DIR, schemas, write_schemas
from course.problems import ProblemsFound, report

__all__ = ["SCHEMA_DIR", "main", "schemas"]


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
            report(exc, str(args.content or default_content_dir()))
            return 1
        print(f"content OK: {len(content.facts)} facts, {len(content.sources)} sources, "
              f"{len(content.course.modules)} modules")
        return 0
    return write_schemas(args.out, schemas(), "python -m course")


if __name__ == "__main__":
    sys.exit(main())
