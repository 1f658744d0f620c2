"""GIFT export (Moodle): one ``$CATEGORY`` per module, every text safe HTML under the ``[html]`` marker.

Written to Moodle's own reader (``qformat_gift``, question/format/gift/format.php), which
``tests/gift_reader.py`` mirrors rule for rule: questions are separated by blank lines and lines
starting with ``//`` are dropped, so every text is written on one line (a newline as ``\\n``); the
characters ``~ = # { } :`` and ``\\`` are escaped with a backslash (Moodle's ``repchar``); every HTML
text starts with ``[html]``, so an option reading "[moodle] x" or "%50% of trade" is never taken for a
format marker or an answer weight.

The mapping to Moodle's question types is in :mod:`quizzes.exports.moodle`, shared with the Moodle XML
export. GIFT has no per-question shuffle flag: Moodle's GIFT import gives every choice question the
site's default for "Shuffle the choices?". The file's options are already shuffled with the paper's
seed (printed in the header); a question whose options are a scale (numbers, years, conferences,
stages: ascending here) carries a comment saying to untick shuffling for it, which Moodle XML does itself.
"""

from __future__ import annotations

from quizzes.exports.moodle import CannotExport, MoodleQuestion, category_path, moodle_question
from quizzes.present.draw import Paper

# -- GIFT text ---------------------------------------------------------------------------------------

def escape(text: str) -> str:
    """Moodle's repchar: backslash first, then the reserved characters; a newline becomes ``\\n``."""
    text = text.replace("\\", "\\\\")
    for ch in "#=~{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n").replace("\r", "")


def rich(html_text: str) -> str:
    """An HTML text with its format marker (never left to the question's default: see the docstring)."""
    return "[html]" + escape(html_text)


def _oneline(text: str) -> str:
    return " ".join(str(text).split())


def _answers(m: MoodleQuestion) -> list[str]:
    if m.qtype == "multichoice":
        return [("=" if m.single and a.fraction == "100" else "~" if m.single else f"~%{a.fraction}%")
                + rich(a.text) + "#" + rich(a.feedback) for a in m.answers]
    if m.qtype == "numerical":
        return [("=" if n == 0 else f"=%{a.fraction}%") + f"{a.text}:{a.tolerance}#" + rich(a.feedback)
                for n, a in enumerate(m.answers)]
    # matching: "->" cannot occur in markdown's HTML ('>' in text is &gt;), replaced all the same
    return ["=" + (rich(left.replace("->", "-&gt;")) if left else "") + " -> " + escape(right)
            for left, right in m.pairs]


ORDERED_NOTE = ("options in ascending order (a scale): untick \"Shuffle the choices?\" for this question in "
                "Moodle (the Moodle XML export does so itself)")


def gift_question(m: MoodleQuestion) -> str:
    notes = [m.note] + ([ORDERED_NOTE] if m.qtype == "multichoice" and not m.shuffle else [])
    head = "".join(f"// {_oneline(n)}\n" for n in notes if n) + f"::{escape(m.id)}::{rich(m.text)}"
    general = "####" + rich(m.general)
    if m.qtype == "truefalse":  # Moodle: {T#wrong-answer feedback#right-answer feedback}
        true, false = m.answers
        right, wrong = (true, false) if true.fraction == "100" else (false, true)
        letter = "T" if right is true else "F"
        return head + "{" + f"{letter}#{rich(wrong.feedback)}#{rich(right.feedback)}{general}" + "}\n"
    opening = "{#" if m.qtype == "numerical" else "{"
    return head + opening + "\n" + "".join(f"\t{line}\n" for line in _answers(m) + [general]) + "}\n"


def export(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    out = [
        f"// {_oneline(paper.course)}: {_oneline(paper.title)}",
        f"// GIFT for Moodle: {_oneline(paper.describe())}; facts as of {_oneline(paper.as_of)}.",
        f"// Seed: {paper.seed if paper.seed is not None else 'none'} ({_oneline(paper.shuffle_note())}). "
        "GIFT has no per-question shuffle flag: Moodle applies its default to every choice question.",
        "// Import: Question bank > Import > GIFT format, with \"Get category from file\" ticked:",
        "// one category per module. Multiple-select questions give partial credit in Moodle",
        "// (all-or-nothing in the book); ordering questions are matching questions here.",
        "",
    ]
    skipped: list[tuple[str, str]] = []
    for module, questions in paper.by_module():
        # Moodle does not unescape a category (no escapedchar_post): only "\\" is read back as "\"
        block = ["$CATEGORY: " + category_path(paper.course, module).replace("\\", "\\\\") + "\n"]
        for q in questions:
            try:
                block.append(gift_question(moodle_question(q)))
            except CannotExport as exc:
                skipped.append((q["id"], str(exc)))
        if len(block) > 1:
            out += block
    return "\n".join(out), skipped
