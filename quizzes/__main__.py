"""python -m quizzes validate | stats | export: check the question bank, count it, export it.

Output contract (other tools rely on it): `validate` exits 0 with a one-line summary, or 1 with one
`FILE:LINE: ID: message` line per problem on stdout. No traceback, whatever the input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from course.problems import ProblemsFound

from .load import default_bank_dir, load_bank


def _bank(args):
    return load_bank(args.bank, args.content)


def cmd_validate(args) -> int:
    bank = _bank(args)
    stats = bank.stats()
    modules = sum(1 for n in stats["per_module"].values() if n)
    print(f"bank OK: {stats['questions']} questions ({stats['generated']} from templates) in "
          f"{modules} modules; {stats['facts_tested']}/{stats['facts']} facts tested")
    return 0


def cmd_stats(args) -> int:
    stats = _bank(args).stats()
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    types = sorted(stats["per_type"])
    print(f"{'module':<24}" + "".join(f"{t:>12}" for t in types) + f"{'total':>8}")
    for module, counts in stats["per_module_and_type"].items():
        print(f"{module:<24}" + "".join(f"{counts.get(t, 0):>12}" for t in types) + f"{sum(counts.values()):>8}")
    print(f"{'all':<24}" + "".join(f"{stats['per_type'][t]:>12}" for t in types) + f"{stats['questions']:>8}")
    skills = ", ".join(f"{k} {v}" for k, v in sorted(stats["per_skill"].items()))
    print(f"\nskills: {skills}; from templates: {stats['generated']}")
    print(f"facts tested: {stats['facts_tested']} of {stats['facts']}")
    if stats["facts_untested"]:
        print("facts no question tests: " + ", ".join(stats["facts_untested"]))
    return 0


def cmd_export(args) -> int:
    bank = _bank(args)
    if args.format != "json":
        print(f"unknown export format {args.format!r}; available: json", file=sys.stderr)
        return 1
    data = {"questions": [bank.present(q) for q in bank.questions]}
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {len(bank.questions)} questions to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schemas() -> dict[str, dict]:
    """One JSON Schema per question type (as jupyterquiz publishes), and one for a whole bank file."""
    from .model import QUESTION_TYPES, BankFile

    found = {f"question-{name}.schema.json": model.model_json_schema() for name, model in QUESTION_TYPES.items()}
    found["bank-file.schema.json"] = BankFile.model_json_schema()
    return found


def cmd_schema(args) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, body in schemas().items():
        (args.out / name).write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(args.out / name)
    return 0


def cmd_notebooks(args) -> int:
    from .notebooks import NOTEBOOK_DIR, write_all

    _bank(args)  # prove the bank first: a notebook of a broken bank would only show an error
    for path in write_all(args.out or NOTEBOOK_DIR):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quizzes", description=__doc__.splitlines()[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--bank", type=Path, default=None, help=f"bank folder (default: {default_bank_dir()})")
    common.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", parents=[common], help="prove every key from the content data")
    stats = sub.add_parser("stats", parents=[common], help="questions per module and type, fact coverage")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    export = sub.add_parser("export", parents=[common], help="write the validated bank in a format")
    export.add_argument("format", help="json")
    export.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    schema = sub.add_parser("schema", help="write the JSON Schemas of the bank (one per question type)")
    schema.add_argument("-o", "--out", type=Path, default=SCHEMA_DIR)
    notebooks = sub.add_parser("notebooks", parents=[common], help="write and run the quiz notebooks (for Binder)")
    notebooks.add_argument("-o", "--out", type=Path, default=None, help="folder (default: notebooks/)")
    args = parser.parse_args(argv)
    command = {"validate": cmd_validate, "stats": cmd_stats, "export": cmd_export, "schema": cmd_schema,
               "notebooks": cmd_notebooks}[args.command]
    try:
        return command(args)
    except ProblemsFound as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # last resort: a located message was not possible, but never a traceback
        print(f"-:0: -: internal error while reading the bank: {type(exc).__name__}: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
