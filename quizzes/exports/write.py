"""Putting an export on disk: :func:`write` puts it there atomically and only once it reads back as its
format, so a full disk or a broken export never replaces a good file; :func:`output_problem` refuses a
path in the content or the bank folder, and :func:`title_problem` a title some format cannot hold.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import unicodedata
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from course.content.load import default_content_dir
from quizzes.core.load import default_bank_dir
from quizzes.exports import FORMATS

try:  # the read-back of a Moodle XML file: defusedxml (pinned in requirements.txt), else the standard parser
    from defusedxml.ElementTree import fromstring as xml_fromstring
except ImportError:  # pragma: no cover - pinned in requirements.txt
    from xml.etree.ElementTree import fromstring as xml_fromstring

# What XML 1.0 allows (section 2.2): anything else in a title or a text makes a Moodle XML file or a
# Kahoot sheet that no reader opens. Lone surrogates come from command-line bytes that are not UTF-8.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def title_problem(title: str) -> str | None:
    """Why ``--title`` cannot be a paper's title, or None. A title is one line of text that every
    format can hold: no control character (a line break included) and nothing XML 1.0 forbids."""
    if not title.strip():
        return "the title is empty; give one, or leave the option out for the modules' title"
    for i, ch in enumerate(title, 1):
        if "\ud800" <= ch <= "\udfff":
            return f"character {i} is a byte that is not UTF-8 (U+{ord(ch):04X}); write the title in UTF-8"
        if XML_FORBIDDEN.match(ch):
            return (f"character {i} is U+{ord(ch):04X}, which XML 1.0 does not allow "
                    "(the Moodle XML file and the Kahoot sheet would not open)")
        if unicodedata.category(ch) == "Cc":
            return f"character {i} is U+{ord(ch):04X}, a control character; a title is one line of text"
    return None


def protected_folders(bank_dir: Path | None = None, content_dir: Path | None = None) -> list[tuple[str, Path]]:
    """The folders an export must never write into: the content folder and the question bank folder,
    both the ones in use and the repository's own (an export is never source)."""
    here = Path(__file__).resolve().parents[1]
    folders = [("content folder", content_dir or default_content_dir()), ("content folder", here.parent / "content"),
               ("question bank folder", bank_dir or default_bank_dir()), ("question bank folder", here / "bank")]
    seen, found = set(), []
    for what, folder in folders:
        resolved = Path(folder).resolve()
        if resolved not in seen:
            seen.add(resolved)
            found.append((what, resolved))
    return found


def output_problem(path: Path, protected: list[tuple[str, Path]]) -> str | None:
    """Why ``path`` cannot take an export, or None. Symbolic links are resolved first, so a link
    that points into the content or the bank is refused as the folder itself would be."""
    try:
        target = Path(path).resolve()
    except (OSError, RuntimeError) as exc:  # a loop: RuntimeError before Python 3.13, then OSError ELOOP
        why = exc.strerror if isinstance(exc, OSError) and exc.errno != errno.ELOOP else "a loop of symbolic links"
        return f"{path} cannot be resolved: {why}"
    for what, folder in protected:
        if target == folder or target.is_relative_to(folder):
            return f"{path} is inside the {what} ({folder}); write the export elsewhere"
    if target.is_dir():
        return f"{path} is a folder; give a file name"
    if not target.parent.is_dir():
        return f"{path}: folder {target.parent} does not exist"
    return None


class ReadBackError(ValueError):
    """The file an export made does not read back as its format: it was not put in place."""


SUFFIXES = {suffix: fmt for fmt, (_, suffix, _) in FORMATS.items()}
CHUNK = 1 << 16


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _read_gift(text: str) -> None:
    """A structural check, not Moodle's reader: every question block (blank-line separated, ``//``
    comments aside, as Moodle splits them) starts ``::id::`` and holds one answer block, opened by
    the one unescaped ``{`` and closed by the ``}`` that ends the block."""
    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        line = line.strip()
        if line.startswith("//"):
            continue
        if line:
            block.append(line)
            continue
        if not block:
            continue
        joined, block = " ".join(block), []
        if joined.startswith("$CATEGORY:"):
            continue
        bare = joined.replace("\\\\", "").replace("\\{", "").replace("\\}", "")
        head = joined[:60]
        if not joined.startswith("::"):
            raise ReadBackError(f"a GIFT block does not start with a question name: {head!r}")
        if bare.count("{") != 1 or bare.count("}") != 1 or not bare.endswith("}"):
            raise ReadBackError(f"a GIFT question's answer block is not closed once, at its end: {head!r}")


def read_back(fmt: str | None, raw: bytes) -> None:
    """Raise ReadBackError unless ``raw`` reads as ``fmt``: XML parsed (defusedxml), HTML parsed to its
    ``</html>``, JSON loaded (no NaN or Infinity), the spreadsheet opened by openpyxl, GIFT decoded and
    its question blocks closed (see _read_gift). Another or no format: only the bytes are compared."""
    try:
        if fmt == "kahoot":
            import openpyxl

            book = openpyxl.load_workbook(BytesIO(raw))
            if not book.worksheets:
                raise ReadBackError("the spreadsheet has no sheet")
            return
        if fmt is None:
            return
        text = raw.decode("utf-8")
        if fmt == "moodle-xml":
            xml_fromstring(raw)
        elif fmt == "json":
            json.loads(text, parse_constant=_no_constant)
        elif fmt == "handout":
            class Ends(HTMLParser):
                closed = False

                def handle_endtag(self, tag):
                    self.closed = self.closed or tag == "html"

            parser = Ends(convert_charrefs=True)
            parser.feed(text)
            parser.close()
            if not parser.closed or not text.rstrip().endswith("</html>"):
                raise ReadBackError("the HTML ends before its </html>")
        elif fmt == "gift":
            _read_gift(text)
    except ReadBackError:
        raise
    except Exception as exc:  # whatever the reader raises: the file is not what the format needs
        raise ReadBackError(f"{type(exc).__name__}: {exc}") from None


def write(path: Path, data: str | bytes, fmt: str | None = None) -> None:
    """Write an export atomically: a temporary file beside the target (through a symbolic link, beside
    the file it names), read back from disk as ``fmt`` (by default, the format whose suffix the path
    has) and compared byte for byte, then renamed over the target. If anything fails, the previous
    file is left as it was and the temporary file is removed; OSError and ReadBackError propagate."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8")  # surrogates: UnicodeEncodeError, before any file
    target = Path(path).resolve()
    fmt = fmt if fmt is not None else SUFFIXES.get(target.suffix)
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for open()
            break
        except FileExistsError:  # pragma: no cover - 32 random bits, taken
            continue
    else:  # pragma: no cover
        raise FileExistsError(f"no free temporary name beside {target}")
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view[:CHUNK]):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if target.exists():  # keep the permissions the previous file had
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        back = temporary.read_bytes()
        if back != raw:
            raise ReadBackError(f"the file on disk differs from the export ({len(back)} of {len(raw)} bytes)")
        read_back(fmt, back)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
