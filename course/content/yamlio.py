"""Safe YAML reading that remembers where each value stood, and never crashes on bad input.

Why not ``yaml.safe_load``: it forgets line numbers, silently keeps the last of two duplicate keys,
turns ``1998-05-20`` into a ``datetime.date``, and expands aliases (a "billion laughs" file would then
cost exponential time downstream). Here the C parser composes the node graph and a short iterative
walk builds plain values, a map from path to line, and refuses what the course never needs.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # the C parser: several times faster; PyYAML wheels ship it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a path into the data: ("facts", 3, "date")


class YamlProblem(Exception):
    """A file that cannot be read as course YAML; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, path: Path, line: int, message: str, id: str = ""):
        super().__init__(message)
        self.path, self.line, self.message, self.id = Path(path), line, message, id


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
    raw = _read_bytes(path, max_bytes)
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


def not_a_file(path: Path) -> str | None:
    """Why ``path`` (named like a YAML file) is no regular file to read, or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        try:
            target = os.readlink(path)
        except OSError:
            return "file not found"
        return f"a symbolic link to {target!r}, which does not exist"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file: only files named *.yml are read; rename the folder"
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:  # pragma: no cover - no other kinds on the systems we run on
        kind = "a special file"
    return f"{kind}, not a regular file: it is not read; remove it or rename it"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than ``max_bytes``: its size is checked before any byte is read
    (and again while reading, should it grow), and nothing but a regular file is opened."""
    why = not_a_file(path)
    if why:
        raise YamlProblem(path, 0, why)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise YamlProblem(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced since it was listed
            raise YamlProblem(path, 0, "not a regular file: it is not read; remove it or rename it")
        if info.st_size > max_bytes:
            raise YamlProblem(path, 0, _too_large(info.st_size, max_bytes))
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise YamlProblem(path, 0, _too_large(total, max_bytes))
        return b"".join(chunks)
    except OSError as exc:
        raise YamlProblem(path, 0, f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB"


def load(path: Path, max_bytes: int = MAX_BYTES) -> Located:
    """Read one YAML file; raise :class:`YamlProblem` with a line for anything it cannot accept."""
    path = Path(path)
    text = read_text(path, max_bytes)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file, raw
        raise YamlProblem(path, _line_at_byte(text, exc.position),
                          f"{_character(chr(exc.character))} in the file: {NOT_ALLOWED}") from None
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


# XML 1.0 allows tab, line feed, carriage return and U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF:
# any other character (a control character, U+FFFE, U+FFFF, a lone surrogate) written into text by a
# YAML escape ("\\e", "\\uFFFF") would make a Moodle XML or Kahoot sheet that nothing can open. DEL
# and the C1 controls, which XML only discourages, are refused too: YAML refuses them in a file, and
# a terminal may obey them (U+009B starts an escape sequence).
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NOT_ALLOWED = ("text may hold no control character but tab and line breaks, and no U+FFFE or U+FFFF "
               "(XML 1.0 does not allow them: exports would be corrupt); remove it")


def _character(char: str) -> str:
    code = ord(char)
    kind = ("a control character" if code < 0x20 or 0x7F <= code < 0xA0
            else "a lone surrogate" if 0xD800 <= code < 0xE000
            else "a noncharacter" if code in (0xFFFE, 0xFFFF) else "a character")
    return f"U+{code:04X} ({kind})"


def _line_at_byte(text: str, position: int) -> int:
    """The line of a byte offset into the UTF-8 form of ``text`` (how libyaml counts positions)."""
    return text.encode("utf-8", "surrogatepass")[:max(position, 0)].count(b"\n") + 1


def _where(loc: Path_) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _item_on_path(root: yaml.Node, loc: Path_) -> tuple[str, int]:
    """The id of the outermost item on ``loc`` (a question's, a fact's) and how deep in ``loc`` it
    stands, read from the nodes: an item's ``id`` may come after the place at fault."""
    node: yaml.Node | None = root
    for depth in range(len(loc) + 1):
        if depth:
            part = loc[depth - 1]
            if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            elif isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            else:
                break
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == "id" \
                        and isinstance(value_node, yaml.ScalarNode) and not _FORBIDDEN.search(value_node.value):
                    return value_node.value, depth
    return "", 0


def _refuse(path: Path, root: yaml.Node, node: yaml.Node, loc: Path_, message: str, place: str = "") -> YamlProblem:
    """A problem at ``node``, named by the id of its item and, within the item, by its field."""
    item, depth = _item_on_path(root, loc)
    where = ".".join(filter(None, [_where(loc[depth:]), place]))
    return YamlProblem(path, node.start_mark.line + 1, f"{where}: {message}" if where else message, item)


def _tag(tag: str) -> str:
    """A tag as it is written: ``!!set`` rather than ``tag:yaml.org,2002:set``."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _unsupported_tag(path: Path, root: yaml.Node, node: yaml.Node, loc: Path_) -> YamlProblem:
    return _refuse(path, root, node, loc, f"YAML tag {_tag(node.tag)!r} is not supported: remove it (the "
                   "course reads plain text, numbers, true/false, lists and mappings)")


def _check_text(path: Path, root: yaml.Node, node: yaml.Node, loc: Path_, text: str, key: bool = False) -> None:
    bad = _FORBIDDEN.search(text)
    if bad:
        raise _refuse(path, root, node, loc, f"{_character(bad.group())}: {NOT_ALLOWED}",
                      f"key {text!r}" if key else "")


_COLLECTION_TAGS: dict[type[yaml.Node], str] = {
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


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
        if type(node) in _COLLECTION_TAGS and node.tag != _COLLECTION_TAGS[type(node)]:
            # e.g. !!set, !!omap, !!python/object or a custom !tag: read as a plain list or mapping,
            # its meaning would be silently dropped
            raise _unsupported_tag(path, root, node, where)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALARS:
                raise _unsupported_tag(path, root, node, where)
            _check_text(path, root, node, where, node.value)
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
                if key_node.tag not in _SCALARS:
                    raise _unsupported_tag(path, root, key_node, where)
                name = key_node.value
                _check_text(path, root, key_node, where, name, key=True)
                if name in mapping:
                    first = lines[where + (name,)]
                    raise YamlProblem(path, key_node.start_mark.line + 1,
                                      f"duplicate key '{name}' (first at line {first})")
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
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:  # the parser marks every event
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
