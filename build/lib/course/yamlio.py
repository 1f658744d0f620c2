"""Safe YAML reading that remembers where each value stood, and never crashes on bad input.

Why not ``yaml.safe_load``: it forgets line numbers, silently keeps the last of two duplicate keys,
turns ``1998-05-20`` into a ``datetime.date``, and expands aliases (a "billion laughs" file would then
cost exponential time downstream). Here the C parser composes the node graph and a short iterative
walk builds plain values, a map from path to line, and refuses what the course never needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:  # the C parser: several times faster; PyYAML wheels ship it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a path into the data: ("facts", 3, "date")


class YamlProblem(Exception):
    """A file that cannot be read as course YAML; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(message)
        self.path, self.line, self.message = Path(path), line, message


@dataclass
class Located:
    """Data read from one file, with the line of every mapping key and sequence item."""

    path: Path
    data: Any
    lines: dict[Path_, int]

    def line_of(self, loc: Path_) -> int:
        """The line of the deepest part of ``loc`` that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


_SCALARS = {
    "tag:yaml.org,2002:str": None,
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:null": "construct_yaml_null",
    "tag:yaml.org,2002:timestamp": None,  # kept as text: dates are validated by the model
}


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlProblem(path, 0, f"file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
    raw = path.read_bytes()
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw[:nul].count(b"\n") + 1
        raise YamlProblem(path, line, "binary file (contains NUL bytes): expected UTF-8 YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        raise YamlProblem(path, line, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8") from None


def load(path: Path, max_bytes: int = MAX_BYTES) -> Located:
    """Read one YAML file; raise :class:`YamlProblem` with a line for anything it cannot accept."""
    path = Path(path)
    text = read_text(path, max_bytes)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark else 0
        message = f"malformed YAML: {exc.problem or exc.context}"
        if "maximum nesting depth" in str(exc.problem):
            message = "nesting too deep for YAML (over 1000 levels)"
        elif exc.problem and "mapping values are not allowed" in exc.problem:
            message += "; put text that contains ': ' in quotes"
        elif exc.problem and exc.context and exc.context_mark is not None:
            message += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise YamlProblem(path, where, message) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(path, 0, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(path, 0, f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlProblem(path, 1, "file is empty")
    data, lines = _build(path, node, loader, text)
    return Located(path, data, lines)


def _build(path: Path, root: yaml.Node, loader, text: str) -> tuple[Any, dict]:
    lines: dict[Path_, int] = {(): root.start_mark.line + 1}
    seen: set[int] = set()
    result: dict = {}
    # Each stack entry: (node, path, container, key) -- the value is stored into container[key].
    stack: list[tuple[yaml.Node, Path_, Any, Any]] = [(root, (), result, "root")]
    while stack:
        node, where, container, key = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise YamlProblem(path, _first_alias_line(text) or line,
                              "YAML anchors and aliases (&name, *name) are not allowed")
        seen.add(id(node))
        if len(where) > MAX_DEPTH:
            raise YamlProblem(path, line, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.ScalarNode):
            container[key] = _scalar(path, node, loader)
        elif isinstance(node, yaml.SequenceNode):
            value: list = [None] * len(node.value)
            container[key] = value
            for index in reversed(range(len(node.value))):
                child = node.value[index]
                lines[where + (index,)] = child.start_mark.line + 1
                stack.append((child, where + (index,), value, index))
        elif isinstance(node, yaml.MappingNode):
            mapping: dict = {}
            container[key] = mapping
            children = []
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(path, key_node.start_mark.line + 1, "mapping keys must be plain text")
                name = key_node.value
                if name in mapping:
                    first = lines[where + (name,)]
                    raise YamlProblem(path, key_node.start_mark.line + 1, f"duplicate key '{name}' (first at line {first})")
                mapping[name] = None
                lines[where + (name,)] = key_node.start_mark.line + 1
                children.append((value_node, where + (name,), mapping, name))
            stack.extend(reversed(children))
        else:  # pragma: no cover - the composer makes no other node kinds
            raise YamlProblem(path, line, "unsupported YAML node")
    return result["root"], lines


def _first_alias_line(text: str) -> int:
    """The line of the first ``*alias`` (the composed graph only knows where its anchor was)."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
    except yaml.YAMLError:
        pass
    return 0


def _scalar(path: Path, node: yaml.ScalarNode, loader) -> Any:
    if node.tag not in _SCALARS:
        raise YamlProblem(path, node.start_mark.line + 1, f"unsupported YAML tag {node.tag!r}")
    method = _SCALARS[node.tag]
    if method is None:
        return node.value
    try:
        return getattr(loader, method)(node)
    except (ValueError, OverflowError, IndexError, KeyError):  # e.g. "!!int ''" or "!!bool maybe"
        raise YamlProblem(path, node.start_mark.line + 1, f"bad value {node.value!r} for tag {node.tag!r}") from None
