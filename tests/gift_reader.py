"""A GIFT reader that follows Moodle's own, rule for rule, so the tests read an export as Moodle would.

Ported from ``qformat_gift::readquestion`` (question/format/gift/format.php) and the base class's
``readdata``/``readquestions``/``split_category_path`` (question/format.php), Moodle 4.x. Quirks kept on
purpose, because a file that only a lenient reader accepts would fail in Moodle:

* the file is split into lines on "\\n" only, each line trimmed with PHP's ``trim``; a blank line (or
  one PHP's ``empty`` calls empty, such as "0") ends a question; lines starting with ``//`` are blanked;
* escapes are replaced by placeholders before parsing (``\\\\`` first, read back as ``\\``) and put back
  in texts only (``escapedchar_post``): never in a ``$CATEGORY`` path;
* the answer block runs from the first ``{`` to the first ``}``; general feedback follows the *last*
  ``####``; a text starting ``[name]`` takes that format if the name is moodle, html, plain or markdown;
* the type comes from the answer block: ``#`` first is numerical, any ``~`` multichoice, ``=`` with
  ``->`` matching, T/TRUE/F/FALSE true-false, else short answer; multichoice is single when it has an
  ``=``; weights are ``%-?nn.nnn%``; true-false feedback is ``{T#wrong#right}``.

Errors Moodle reports (and then refuses the file) raise :class:`GiftError`. Not ported: question
names are not passed through Moodle's ``clean_param`` (PARAM_TEXT strips tags), nor are category names.
"""

from __future__ import annotations

import re

PHP_SPACE = " \t\n\r\0\x0b"  # what PHP's trim() strips
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
ESCAPES = [("\\:", "&&058;"), ("\\#", "&&035;"), ("\\=", "&&061;"), ("\\{", "&&123;"), ("\\}", "&&125;"),
           ("\\~", "&&126;"), ("\\n", "&&010")]
FORMATS = {"moodle": "moodle", "html": "html", "plain": "plain", "markdown": "markdown"}


class GiftError(ValueError):
    """What Moodle's importer would report as an error for this question."""


def trim(text: str) -> str:
    return text.strip(PHP_SPACE)


def escaped_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escape, placeholder in ESCAPES:
        text = text.replace(escape, placeholder)
    return text.replace("&&092;", "\\")


def escaped_post(text: str) -> str:
    for escape, placeholder in ESCAPES:
        text = text.replace(placeholder, "\n" if escape == "\\n" else escape[1])
    return text


def with_format(text: str, default: str = "moodle") -> dict:
    """Moodle's parse_text_with_format: an optional leading [format] marker, then the unescaped text."""
    result = {"text": text, "format": default}
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end >= 0 else text[1:-1]  # PHP: substr(..., 1, false - 1) = up to the last char
        if name in FORMATS:
            result = {"text": text[end + 1:], "format": FORMATS[name]}
    result["text"] = trim(escaped_post(result["text"]))
    return result


def split_category_path(path: str) -> list[str]:
    return [trim(name.replace("//", "/")) for name in re.split(r"(?<!/)/(?!/)", path)]


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1:]


def _comment(answer: str, default: str) -> tuple[dict, dict]:
    bits = answer.split("#", 1)
    feedback = with_format(trim(bits[1]), default) if len(bits) > 1 else {"text": "", "format": default}
    return with_format(trim(bits[0]), default), feedback


def _split(answertext: str, separator: str) -> list[str]:
    answers = answertext.split(separator)
    answers[0] = trim(answers[0])
    return answers[1:] if answers[0] == "" else answers


def read_question(lines: list[str]) -> dict | None:
    lines = [" " if trim(line).startswith("//") else trim(line) for line in lines]
    text = trim("\n".join(lines))
    if text == "":
        return None
    text = escaped_pre(text)
    if text.startswith("$CATEGORY:"):
        category = trim(text[10:])
        return {"qtype": "category", "category": category, "path": split_category_path(category)}
    question: dict = {"name": None}
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            question["name"] = trim(escaped_post(text[:end]))
            text = trim(text[end + 2:])
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        raise GiftError("description questions are not expected in these exports")
    if start < 0 or finish < 0:
        raise GiftError("braceerror: missing { or }")
    answertext = trim(text[start + 1:finish])
    if text.endswith("}"):
        questiontext = text[:start] + text[finish + 1:]
    else:
        questiontext = text[:start] + "_____" + text[finish + 1:]
    general = ""
    separator = answertext.rfind("####")
    if separator >= 0:
        general = answertext[separator + 4:]
        answertext = trim(answertext[:separator])
    body = with_format(questiontext)
    fmt = body["format"]
    feedback = with_format(general, fmt)
    question.update(text=body["text"], format=fmt, general=feedback["text"], general_format=feedback["format"])
    if answertext == "":
        raise GiftError("essay questions are not expected in these exports")
    if answertext[0] == "#":
        return _numerical(question, answertext[1:], fmt)
    if "~" in answertext:
        return _multichoice(question, answertext, fmt)
    if "=" in answertext and "->" in answertext:
        return _match(question, answertext, fmt)
    check = trim(answertext[:answertext.find("#")]) if answertext.find("#") > 0 else answertext
    if check in ("T", "TRUE", "F", "FALSE"):
        bits = answertext.split("#", 2)
        answer = with_format(trim(bits[0]), fmt)
        wrong = with_format(trim(bits[1]), fmt) if len(bits) > 1 else {"text": "", "format": fmt}
        right = with_format(trim(bits[2]), fmt) if len(bits) > 2 else {"text": "", "format": fmt}
        true = answer["text"] in ("T", "TRUE")
        return question | {"qtype": "truefalse", "correct": true,
                           "feedback_true": right if true else wrong, "feedback_false": wrong if true else right}
    raise GiftError(f"short-answer questions are not expected in these exports: {answertext[:60]!r}")


def _multichoice(question: dict, answertext: str, fmt: str) -> dict:
    question |= {"qtype": "multichoice", "single": "=" in answertext, "answers": []}
    answers = _split(answertext.replace("=", "~="), "~")
    if len(answers) < 2:
        raise GiftError("importminerror: fewer than 2 answers")
    for answer in answers:
        answer = trim(answer)
        if answer[0] == "=":
            weight, answer = 1.0, answer[1:]
        elif WEIGHT.match(answer):
            weight, answer = _weight(answer)
        else:
            weight = 0.0
        text, feedback = _comment(answer, fmt)
        question["answers"].append({"text": text["text"], "format": text["format"], "fraction": weight,
                                    "feedback": feedback["text"], "feedback_format": feedback["format"]})
    return question


def _match(question: dict, answertext: str, fmt: str) -> dict:
    question |= {"qtype": "match", "subquestions": []}
    answers = _split(answertext, "=")
    if len(answers) < 2:
        raise GiftError("importminerror: fewer than 2 answers")
    for answer in answers:
        answer = trim(answer)
        marker = answer.find("->")
        if marker < 0:
            raise GiftError(f"giftmatchingformat: no -> in {answer[:60]!r}")
        left = with_format(answer[:marker], fmt)
        question["subquestions"].append({"text": left["text"], "format": left["format"],
                                         "answer": trim(escaped_post(answer[marker + 2:]))})
    return question


def _numeric(text: str) -> bool:
    return re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*", text) is not None


def _numerical(question: dict, answertext: str, fmt: str) -> dict:
    question |= {"qtype": "numerical", "answers": []}
    wrong = ""
    if "~" in answertext:
        position = answertext.find("~")
        answertext, wrong = answertext[:position], answertext[position:]
    answers = _split(answertext, "=")
    if not answers:
        raise GiftError("giftnonumericalanswers")
    for answer in answers:
        answer = trim(answer)
        weight = 1.0
        if WEIGHT.match(answer):
            weight, answer = _weight(answer)
        text, feedback = _comment(answer, fmt)
        value = text["text"]
        if value.find("..") > 0:
            low, high = value.split("..", 1)
            number, tolerance = (float(high) + float(low)) / 2, (float(high) - float(low)) / 2
            number, tolerance = str(number), str(tolerance)
        elif value.find(":") > 0:
            number, tolerance = trim(value[:value.find(":")]), trim(value[value.find(":") + 1:])
        else:
            number, tolerance = trim(value), "0"
        if not (_numeric(number) or number == "*") or not _numeric(tolerance):
            raise GiftError(f"errornotnumbers: {value!r}")
        question["answers"].append({"answer": number, "tolerance": tolerance, "fraction": weight,
                                    "feedback": feedback["text"], "feedback_format": feedback["format"]})
    if wrong:
        _, feedback = _comment(wrong, fmt)
        question["answers"].append({"answer": "*", "tolerance": "", "fraction": 0.0,
                                    "feedback": feedback["text"], "feedback_format": feedback["format"]})
    return question


def read(text: str) -> list[dict]:
    """Every question and ``$CATEGORY`` of a GIFT file, in file order, as Moodle's importer sees them."""
    lines = text.split("\n")
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    found, current = [], []
    for line in lines + [""]:
        line = trim(line)
        if line in ("", "0"):  # PHP's empty()
            if current:
                question = read_question(current)
                if question is not None:
                    found.append(question)
                current = []
        else:
            current.append(line)
    return found
