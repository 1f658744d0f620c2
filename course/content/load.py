"""Read ``content/`` into a :class:`~course.content.Content`, or report every problem with its place.

Schema problems come from pydantic and are translated here into ``FILE:LINE: ID: message``;
cross-file problems (unknown ids, duplicates) are found by :mod:`course.content.check`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from course.content import yamlio
from course.content.check import check
from course.content.index import Content, ParsedFile
from course.content.model import ID_PATTERN, ContentFile, Course
from course.problems import Problem, ProblemsFound, display_path

COURSE_FILE = "course.yml"

M = TypeVar("M", bound=BaseModel)  # the model a file is read as


def default_content_dir() -> Path:
    """``$COURSE_CONTENT_DIR``, else the repository's ``content/`` (the package sits beside it)."""
    env = os.environ.get("COURSE_CONTENT_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "content"


MAX_CONTENT_BYTES = 5_000_000  # the whole folder; each file is also held to yamlio.MAX_BYTES


def content_files(content_dir: Path) -> list[Path]:
    return sorted(p for p in Path(content_dir).glob("*.yml") if p.is_file())


def yaml_entries(folder: Path, max_bytes: int, max_total: int, what: str) -> tuple[list[Path], list[Problem]]:
    """Every ``*.yml`` in ``folder`` (a folder, a named pipe or a dangling link so named is reported,
    not skipped without a word), and the problems that stop the folder being read at all.

    The files to read are held together to ``max_total`` bytes, before any is read: one file is held
    to ``max_bytes``, and without a cap on the sum many files just under it would cost minutes. A file
    over ``max_bytes`` is left to :func:`yamlio.load` to report and does not count.
    """
    entries = sorted(Path(folder).glob("*.yml"))
    total = 0
    for path in entries:
        if yamlio.not_a_file(path) is None:
            try:
                size = path.stat().st_size
            except OSError:  # gone since it was listed: yamlio.load says so
                continue
            total += size if size <= max_bytes else 0
    if total > max_total:
        return entries, [Problem(display_path(folder), 0, "", f"the {what} files hold {total / 1e6:.1f} MB in all; "
                                 f"the limit is {max_total / 1e6:g} MB for the whole folder: none was read")]
    return entries, []


def parse_file(located: yamlio.Located, model: type[M], outer_id: bool = False) -> tuple[M | None, list[Problem]]:
    """Validate one file's data against ``model``; on failure return located problems.

    ``outer_id``: name a problem by the outermost id on its path (a question's, not its option's
    local ``a``/``b``); the content names the innermost (list items have ids of their own).
    """
    name = display_path(located.path)
    if not isinstance(located.data, dict):
        return None, [Problem(name, 1, "", f"expected a mapping at the top of the file, found {_kind(located.data)}")]
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[int, str, str]] = set()
        for err in exc.errors(include_url=False):
            problem = _problem(name, located, err, outer_id)
            key = (problem.line, problem.id, problem.message.split(":", 1)[0])
            if key not in seen:  # a union reports each branch; the first says enough
                seen.add(key)
                problems.append(problem)
        return None, problems


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), "nothing" if value is None else type(value).__name__
    )


DISCRIMINATORS = ("kind", "type")  # the fields that pick a fact's or a question's model


def _problem(name: str, located: yamlio.Located, err: ErrorDetails, outer_id: bool = False) -> Problem:
    """Walk the error's location through the raw data: find the line, the item id and the field."""
    node = located.data  # the file's raw data, walked down the error's location
    path: list[str | int] = []
    item_id = ""
    field: list[str] = []
    for part in err["loc"]:
        if isinstance(node, dict) and isinstance(part, str) and part not in node \
                and any(part == node.get(d) for d in DISCRIMINATORS):
            continue  # pydantic names the union branch (the `kind`/`type` value); the file does not
        if not isinstance(node, (dict, list)) and path:
            break  # past a scalar: the rest names a type branch of a union (int, float), not a place
        if isinstance(node, dict) and isinstance(node.get("id"), str) and not (outer_id and item_id):
            item_id, field = node["id"], []
        path.append(part)
        field.append(str(part) if isinstance(part, str) else f"[{part}]")
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    if isinstance(node, dict) and isinstance(node.get("id"), str) and err["type"] != "missing" \
            and not (outer_id and item_id):
        item_id, field = node["id"], []
    where = ".".join(field).replace(".[", "[")
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        where = where.rsplit(".", 1)[0] if "." in where else ""
        if err["type"] == "union_tag_invalid":
            path.append(_discriminator(err))
    return Problem(name, located.line_of(tuple(path)), item_id, _message(where, err))


def _discriminator(err: ErrorDetails) -> str:
    return str(err.get("ctx", {}).get("discriminator", "kind")).strip("'")


def _message(where: str, err: ErrorDetails) -> str:
    kind, msg = err["type"], err["msg"]
    last = err["loc"][-1] if err["loc"] else ""
    field = last if isinstance(last, str) else (where.rsplit(".", 1)[-1] if where else "")
    if kind == "missing" and field == "as_of":
        return "missing field 'as_of': this fact can change, so give the date it refers to"
    if kind == "missing":
        return f"missing field '{field}'"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        text = f"unknown {_discriminator(err)} {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags', '')}"
        return f"{where}: {text}" if where and "." in where else text
    if kind == "union_tag_not_found":
        return f"missing field '{_discriminator(err)}'"
    if kind == "too_short" and field in ("source", "sources"):
        return f"{where}: give at least one source id"
    if kind == "string_too_long" and field == "description":
        limit = err.get("ctx", {}).get("max_length")
        return (f"{where}: {len(err['input'])} characters; describe a document in at most {limit} (it is shown as "
                "an option, in Kahoot's 75-character answers too): say more in its note")
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", msg))
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        msg = f"{err['input']!r} is not an id: ids are lower-case words joined by hyphens (e.g. 'geneva-declaration')"
    return f"{where}: {msg}" if where else msg


def load(content_dir: Path | None = None) -> Content:
    """Load and check every file; raise :class:`ProblemsFound` listing all problems."""
    content_dir = Path(content_dir) if content_dir else default_content_dir()
    problems: list[Problem] = []
    course_path = content_dir / COURSE_FILE
    if not content_dir.is_dir():
        raise ProblemsFound([Problem(display_path(content_dir), 0, "", "content folder not found")])
    files, too_much = yaml_entries(content_dir, yamlio.MAX_BYTES, MAX_CONTENT_BYTES, "content")
    if too_much:
        raise ProblemsFound(too_much)
    for stray in sorted(content_dir.glob("*.yaml")):
        problems.append(Problem(display_path(stray), 0, "", "content files end in .yml; rename it, or it is ignored"))
    if course_path not in files:
        problems.append(Problem(display_path(course_path), 0, "",
                                "course.yml not found: it lists the course's modules"))
    course: Course | None = None
    parsed: list[ParsedFile[ContentFile]] = []
    course_raw: yamlio.Located | None = None
    for path in files:
        try:
            located = yamlio.load(path)
        except yamlio.YamlProblem as exc:
            problems.append(Problem(display_path(exc.path), exc.line, exc.id, exc.message))
            continue
        if path == course_path:
            course, found = parse_file(located, Course)
            course_raw = located
        else:
            model, found = parse_file(located, ContentFile)
            if model is not None:
                parsed.append(ParsedFile(display_path(path), located, model))
        problems.extend(found)
    if course is None or course_raw is None or problems:  # course_raw is set with course
        raise ProblemsFound(problems)
    content = Content(content_dir, course, parsed, ParsedFile(display_path(course_path), course_raw, None))
    problems.extend(check(content))
    if problems:
        raise ProblemsFound(problems)
    return content
