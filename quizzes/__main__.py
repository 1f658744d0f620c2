"""python -m quizzes validate | lint | stats | export | schema | notebooks: \
check the question bank, count it, export it.

Output contract (other tools rely on it): `validate` exits 0 with a one-line summary, or 1 with one
`FILE:LINE: ID: message` line per problem on stdout. `lint` exits 0 with a one-line summary, or 1 with
one `FILE:LINE: ID: rule-id: message` line per finding on stdout and the counts per rule on stderr; a
bank that does not load is reported as `validate` reports it. A mistake in an option's value (`export
--title` or `-o`, `schema -o`) is one line on stderr naming the option, exit 2. No traceback, whatever
the input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import TypeAdapter

from course.content.schema import SCHEMA_DIR, write_schemas
from course.problems import ProblemsFound, escape, report
from quizzes.core.generate import is_generated
from quizzes.core.load import default_bank_dir, load_bank
from quizzes.core.model import QUESTION_TYPES, BankFile
from quizzes.exports import FORMATS, export
from quizzes.exports.write import ReadBackError, output_problem, protected_folders, title_problem, write
from quizzes.lint import RULES, STALE, lint, summary
from quizzes.present.draw import DEFAULT_SEED, PaperError, draw
from quizzes.present.types import PaperData, Presented
from quizzes.report import stats as bank_stats
from quizzes.views.html import OPTION_FIELDS, PAGE_FIELDS
from quizzes.views.notebooks import NOTEBOOK_DIR, write_all


def _bank(args):
    return load_bank(args.bank, args.content)


def cmd_validate(args) -> int:
    bank = _bank(args)
    tested, _ = bank.coverage()
    modules = len({q.module for q in bank.questions})
    generated = sum(map(is_generated, bank.questions))
    print(f"bank OK: {len(bank.questions)} questions ({generated} from templates) in "
          f"{modules} modules; {len(tested)}/{len(bank.content.facts)} facts tested")
    return 0


def cmd_lint(args) -> int:
    if args.rules:
        for rule in [*RULES.values(), STALE]:
            print(f"{rule.id}: {rule.why}")
        return 0
    linted = lint(_bank(args))
    for finding in linted.findings:
        print(finding)
    print(summary(linted), file=sys.stderr if linted.findings else sys.stdout)
    return 1 if linted.findings else 0


def cmd_stats(args) -> int:
    stats = bank_stats(_bank(args))
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
    fit = stats["kahoot"]
    print(f"fit Kahoot: {fit['fit']} of {fit['choice']} choice questions"
          + (f" ({round(100 * fit['fit'] / fit['choice'])}%)" if fit["choice"] else ""))
    print(f"\n{'objective':<24}{'questions':>10}{'beyond recall':>15}")
    for objective, n in stats["per_objective"].items():
        print(f"{objective:<24}{n['questions']:>10}{n['beyond_recall']:>15}")
    silenced = stats["lint_silenced"]
    print(f"lint findings silenced: {sum(silenced.values())}"
          + (" (" + ", ".join(f"{r} {n}" for r, n in silenced.items()) + ")" if silenced else ""))
    return 0


def usage_error(command: str, option: str, message: str) -> int:
    """A mistake on the command line: one line on stderr naming the option, exit 2 (as argparse)."""
    print(f"python -m quizzes {command}: {option}: {escape(message)}", file=sys.stderr)
    return 2


def cmd_export(args) -> int:
    if args.format not in FORMATS:
        print(f"unknown export format {args.format!r}; formats: {', '.join(FORMATS)}", file=sys.stderr)
        return 2  # a usage error, as argparse's
    suffix = FORMATS[args.format][1]
    if args.seed is not None and args.seed < 0:
        print(f"--seed must be 0 or more (got {args.seed})", file=sys.stderr)
        return 2
    if args.title is not None and (why := title_problem(args.title)):
        return usage_error("export", "--title", why)
    if args.output is not None and (why := output_problem(args.output, protected_folders(args.bank, args.content))):
        return usage_error("export", "-o", why)
    bank = _bank(args)
    try:
        paper = draw(bank, args.module, seed=args.seed, count=args.count, title=args.title)
    except PaperError as exc:
        print(escape(str(exc)), file=sys.stderr)
        return 1
    data, skipped = export(args.format, paper)
    if isinstance(data, bytes) and args.output is None:
        if sys.stdout.isatty():
            print(f"{args.format} writes a binary file: give -o FILE{suffix}", file=sys.stderr)
            return 1
        sys.stdout.buffer.write(data)
    elif args.output is None:
        sys.stdout.write(data)
    else:
        try:
            write(args.output, data, args.format)
        except OSError as exc:
            unchanged = "; the previous file is unchanged" if args.output.exists() else ""
            return usage_error("export", "-o", f"cannot write {args.output}: {exc.strerror or exc}{unchanged}")
        except ReadBackError as exc:  # the export made a file its own format cannot read: a bug, or data to fix
            unchanged = f"{args.output} is unchanged" if args.output.exists() else "nothing written"
            print(escape(f"python -m quizzes export: {args.format}: the file made does not read back ({exc}); "
                         f"{unchanged}"), file=sys.stderr)
            return 1
    written = paper.count - len(skipped)
    where = f" to {args.output}" if args.output else ""
    print(escape(f"{args.format}: wrote {written} question(s){where} (paper: {paper.describe()})"), file=sys.stderr)
    if skipped:
        print(f"{len(skipped)} question(s) left out, they cannot fit {args.format}:", file=sys.stderr)
        for question_id, reason in skipped:
            print(f"  {escape(question_id)}: {escape(reason)}", file=sys.stderr)
    return 0


def schemas() -> dict[str, dict]:
    """The bank's JSON Schemas, by file name: one per question type (as jupyterquiz publishes), and one for a
    whole bank file. A schema more is one entry more; course.content.schema.write_schemas writes them all."""
    found = {f"question-{name}.schema.json": model.model_json_schema() for name, model in QUESTION_TYPES.items()}
    found["bank-file.schema.json"] = BankFile.model_json_schema()
    found["presented.schema.json"] = presented_schema()  # and what the runtimes read, below
    found["export-json.schema.json"] = export_json_schema()
    found["quiz-page-data.schema.json"] = page_data_schema()
    return found


def presented_schema() -> dict:
    """A presented question of any type, from the TypedDicts of quizzes.present.types."""
    return {"title": "Presented", "description": "A question as every runtime shows and grades it "
            "(quizzes.present.present); its type says which of the definitions it is.",
            **TypeAdapter(Presented).json_schema()}


def export_json_schema() -> dict:
    """What ``python -m quizzes export json`` writes: a paper, its questions presented."""
    return TypeAdapter(PaperData).json_schema()


def page_data_schema() -> dict:
    """The data a book page embeds for quiz.js (``render_quiz``): each presented question cut to the
    fields the script reads (``PAGE_FIELDS``; options to ``OPTION_FIELDS``), so it cannot drift from them."""
    presented = TypeAdapter(Presented).json_schema()
    defs, fields, renamed = presented.pop("$defs"), {"PresentedOption": OPTION_FIELDS}, {}
    for ref in presented["oneOf"]:
        fields[ref["$ref"].rpartition("/")[2]] = PAGE_FIELDS
    for name, kept in fields.items():
        renamed[name] = name.replace("Presented", "Page", 1)
        defs[name] = {**defs[name], "title": renamed[name],
                      "properties": {k: v for k, v in defs[name]["properties"].items() if k in kept},
                      "required": [k for k in defs[name]["required"] if k in kept]}
    text = json.dumps([presented, defs], ensure_ascii=False)
    for old, new in renamed.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    questions, defs = json.loads(text)
    defs = {renamed.get(name, name): body for name, body in defs.items()}
    used = [name for name in defs if f'"#/$defs/{name}"' in text]  # the sources' definition is not
    return {
        "$defs": {name: defs[name] for name in sorted(used)},
        "title": "QuizPageData", "description": "The data of one quiz on a book page, for quiz.js "
        "(quizzes.views.html.render_quiz): each question as the script grades it.",
        "type": "object", "additionalProperties": False,
        "properties": {"quiz_id": {"type": "string"}, "one_at_a_time": {"type": "boolean"},
                       "questions": {"type": "array", "items": questions}},
        "required": ["quiz_id", "one_at_a_time", "questions"],
    }


def cmd_schema(args) -> int:
    return write_schemas(args.out, schemas(), "python -m quizzes")


def cmd_notebooks(args) -> int:
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
    lint = sub.add_parser("lint", parents=[common], help="check the item-writing rules (Haladyna et al. 2002)")
    lint.add_argument("--rules", action="store_true", help="list the rules and why each matters, then exit")
    stats = sub.add_parser("stats", parents=[common], help="questions per module and type, fact coverage")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    export = sub.add_parser("export", parents=[common], help="write the validated bank in a format")
    export.add_argument("format", metavar="FORMAT",
                        help="; ".join(f"{name}: {what}" for name, (_, _, what) in FORMATS.items()))
    export.add_argument("--module", action="append", metavar="M",
                        help="a module id (repeat for several; default: all modules)")
    export.add_argument("--seed", type=int, default=None,
                        help="shuffle the options (and draw, with --count) with this seed; same seed, same paper; "
                             f"default {DEFAULT_SEED}. Numbers, years, conferences and stages stay in ascending order")
    export.add_argument("--count", type=int, default=None,
                        help="how many questions to draw, at most one of each family (default: every question of "
                             "the chosen modules, in bank order)")
    export.add_argument("--title", default=None, help="title of the paper (default: from the modules)")
    export.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout)")
    schema = sub.add_parser("schema", help="write the JSON Schemas of the bank (one per question type)")
    schema.add_argument("-o", "--out", type=Path, default=SCHEMA_DIR)
    notebooks = sub.add_parser("notebooks", parents=[common], help="write and run the quiz notebooks (for Binder)")
    notebooks.add_argument("-o", "--out", type=Path, default=None, help="folder (default: notebooks/)")
    args = parser.parse_args(argv)
    command = {"validate": cmd_validate, "lint": cmd_lint, "stats": cmd_stats, "export": cmd_export,
               "schema": cmd_schema, "notebooks": cmd_notebooks}[args.command]
    try:
        return command(args)
    except ProblemsFound as exc:
        report(exc)
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # last resort: a located message was not possible, but never a traceback
        print(f"-:0: -: internal error while reading the bank: {type(exc).__name__}: {escape(str(exc))}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
