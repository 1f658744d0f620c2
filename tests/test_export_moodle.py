"""Moodle exports (GIFT and Moodle XML), read back as Moodle reads them and compared with the bank.

* GIFT is read with ``tests/gift_reader.py`` (a port of Moodle's qformat_gift); Moodle XML with
  ``tests/moodle_xml_reader.py`` (ElementTree, element by element, in the order and with the
  attributes qformat_xml writes them).
  Both readers give one plain form, which ``check_paper`` compares with the presented questions.
* Papers: the whole real bank in bank order (options shuffled with the default seed, and with
  another seed), a five-question draw through the CLI, and a hostile paper: \
copies of real questions (one of each type) whose texts hold
  ``~ = # { } : \\ -> < > & " '``, ``<script>``, "####", "%50%", "[moodle]", newlines and a bell.
* Compared: categories (one per module, in course order, paper order within), names and idnumbers,
  Moodle types, keys and grades (weights from Moodle's grade list), option texts, per-option
  feedback, general feedback (explanation, pair feedback, sources), units, hints, the ordering
  positions; Moodle XML's ``shuffleanswers`` per choice question (0 for options on a scale, which stay
  ascending; 1 otherwise); the seed in each file's header; same seed, same bytes; another seed, other bytes.
"""

from __future__ import annotations

import copy
import html
import os
import re
import subprocess
import sys

import pytest

from quizzes.core import markdown
from quizzes.exports import gift as export_gift
from quizzes.exports import moodle_xml as export_moodle_xml
from quizzes.present.draw import Paper, draw

from .corpus import ROOT
from .gift_reader import read as read_gift
from .moodle_xml_reader import read_xml

QTYPES = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse",
          "numeric": "numerical", "matching": "match", "ordering": "match"}
# question_bank::fraction_options_full(): the only grades Moodle's import accepts (within 0.00001)
GRADES = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
          0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0]
GRADES += [-g for g in GRADES if g]
NASTY = "~ = # { } : \\ -> < > & \" ' <script>alert(1)</script> #### // not a comment"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"  # the script as text, in every HTML field


# -- what Moodle should hold, from the presented question ----------------------------------------------

def check_question(got: dict, q: dict, fmt: str) -> None:
    where = f"{fmt}: {q['id']}"
    assert got["name"] == q["id"], where
    assert got["qtype"] == QTYPES[q["type"]], where
    assert (got["format"], got["general_format"]) == ("html", "html"), where
    assert got["text"].startswith(markdown.block(q["prompt"])), where
    general = got["general"]
    assert general.startswith(markdown.block(q["explanation"])), where
    for s in q["sources"]:
        escaped = {k: html.escape(s[k] or "", quote=False) for k in ("short", "title", "url")}
        source = f"[{s['number']}] {escaped['short']} \u2014 {escaped['title']}"
        assert source in general, (where, source)
        assert s["url"] is None or f"({escaped['url']})" in general, where
    if fmt == "xml":
        assert got["hints"] == ([markdown.block(q["hint"]).replace("\x07", "")] if q["hint"] else []), where
    kind = q["type"]
    if kind in ("single", "multiple"):
        key = {q["key"]} if kind == "single" else set(q["key"])
        assert got["single"] is (kind == "single"), where
        if fmt == "xml":  # Moodle may shuffle again per attempt, except options on a scale
            assert got["shuffle"] is not q.get("ordered", False), where
        assert [a["text"] for a in got["answers"]] == [markdown.inline(o["text"]) for o in q["options"]], where
        assert [a["feedback"] for a in got["answers"]] == [markdown.block(o["feedback"]) for o in q["options"]], where
        right, wrong = len(key), len(q["options"]) - len(key)
        for a, o in zip(got["answers"], q["options"]):
            want = ((1.0 if o["id"] in key else 0.0) if kind == "single"
                    else (1 / right if o["id"] in key else -1 / wrong))
            assert abs(a["fraction"] - want) < 1e-5, where
            assert any(abs(a["fraction"] - g) < 1e-5 for g in GRADES), (where, a["fraction"])
        if kind == "multiple":  # qtype_multichoice::save_question_options
            assert round(sum(a["fraction"] for a in got["answers"] if a["fraction"] > 0), 2) == 1, where
    elif kind == "true-false":
        assert got["correct"] is q["key"], where
        assert got["feedback_true"]["text"] == markdown.block(q["feedback"]["true"]), where
        assert got["feedback_false"]["text"] == markdown.block(q["feedback"]["false"]), where
    elif kind == "numeric":
        numbers = [(float(a["answer"]), float(a["tolerance"]), a["fraction"]) for a in got["answers"]]
        misses = q.get("misses") or []
        assert numbers == ([(q["key"], q["tolerance"], 1.0)] + [(v, q["tolerance"], 1.0) for v in q["variants"]]
                           + [(m["value"], q["tolerance"], 0.0) for m in misses]), where
        assert got["answers"][0]["feedback"] == "<p>Right.</p>", where
        accepted = got["answers"][1:len(got["answers"]) - len(misses)]
        for a in accepted:
            assert f"Accepted: {a['answer']} is also reported" in a["feedback"], where
        for a, miss in zip(got["answers"][len(got["answers"]) - len(misses):], misses):
            assert a["feedback"] == markdown.block(miss["feedback"]), where  # the confusion named, no credit
        if q["unit"]:
            shown = markdown.plain(got["text"].replace("<p>", " ")).lower()
            assert (("percent" in shown) if q["unit"] == "%" else (q["unit"].lower() in shown)), where
        if fmt == "xml":
            assert got["units"] == ([(markdown.plain(q["unit"]), "1")] if q["unit"] else []), where
    elif kind == "matching":
        rights = {r["id"]: markdown.plain(r["text"]) for r in q["rights"]}
        want = [(markdown.inline(left["text"]), rights[q["key"][left["id"]]]) for left in q["lefts"]]
        want += [("", text) for rid, text in rights.items() if rid not in q["key"].values()]
        assert [(s["text"], s["answer"]) for s in got["subquestions"]] == want, where
        for left in q["lefts"]:
            assert markdown.inline(q["feedback"][left["id"]]) in general, where
    elif kind == "ordering":
        assert [s["text"] for s in got["subquestions"]] == [markdown.inline(i["text"]) for i in q["items"]], where
        position = {i["id"]: int(re.match(r"(\d+)(st|nd|rd|th)$", s["answer"]).group(1))
                    for i, s in zip(q["items"], got["subquestions"])}
        assert sorted(position, key=position.get) == q["key"], where
        assert sorted(position.values()) == list(range(1, len(q["key"]) + 1)), where
        assert "position in the order" in got["text"], where
        assert all(html.escape(q["dates"][i], quote=False) in general for i in q["key"]), where


def check_paper(found: list[dict], paper: Paper, fmt: str) -> None:
    """Categories and order as the paper's modules; every question as the bank says."""
    by_id = {q["id"]: q for q in paper.questions}
    groups: list[tuple[list[str], list[str]]] = []
    for item in found:
        if item["qtype"] == "comment":
            continue
        if item["qtype"] == "category":
            groups.append((item["path"], []))
        else:
            assert groups, f"{fmt}: a question before the first category"
            groups[-1][1].append(item["name"])
            check_question(item, by_id[item["name"]], fmt)
    want = [(["$course$", "top", " ".join(paper.course.split()),
              " ".join(f"Module {m['number']}: {m['title']}".split())], [q["id"] for q in qs])
            for m, qs in paper.by_module()]
    assert groups == want


# -- papers ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def full(whole, bank):
    """The whole bank, in bank order (conftest's ``whole``)."""
    assert whole.count == len(bank.questions) > 150
    return whole


def hostile(full: Paper) -> Paper:
    """One copy of a real question of each type, every text replaced by something Moodle must escape."""
    picks = []
    for kind in QTYPES:
        candidates = [q for q in full.questions if q["type"] == kind]
        pick = copy.deepcopy(candidates[0])
        if kind == "matching" and len(set(pick["key"].values())) == len(pick["rights"]):
            pick["rights"].append({"id": "r-extra", "text": "a right-hand item no pair uses"})  # a distractor
        picks.append(pick)
    for n, q in enumerate(picks):
        # a code block keeps a blank line and a line starting "//": GIFT would end the question or drop the line
        q["prompt"] = f"Prompt {n} {NASTY}\n\n```\ncode\n\n// {{x}}\n```\n\nA backslash-n: \\n and %50%."
        q["explanation"] = f"Why {NASTY}\n\n    indented code\n\n    // {{y}}"
        q["hint"] = f"Hint {NASTY} \x07bell"
        q["sources"] = [{"id": "x", "number": 7, "author": NASTY, "short": f"Short {NASTY}",
                         "title": f"[Title] {NASTY}", "url": "https://example.org/?a=1&b={2}#x:y"},
                        {"id": "y", "number": 8, "author": "A", "short": "B", "title": "C", "url": None}]
        for i, option in enumerate(q.get("options", [])):
            option["text"] = ["%50% of trade " + NASTY, "[moodle] " + NASTY, "T", f"={i}"][i % 4] + f" {i}"
            option["feedback"] = f"Feedback {i} {NASTY}"
        if q["type"] == "true-false":
            q["feedback"] = {"true": f"If true: {NASTY}", "false": f"If false: {NASTY}"}
        if q["type"] == "numeric":
            q.update(key=71.5, tolerance=0.5, unit="members", variants=[70])
        for i, item in enumerate(q.get("items", []) + q.get("lefts", [])):
            item["text"] = f"{i} {NASTY}"
        for i, right in enumerate(q.get("rights", [])):
            right["text"] = f"-> {i} {NASTY}"
        for left_id in q.get("feedback", {}) if q["type"] == "matching" else []:
            q["feedback"][left_id] = f"Pair {left_id}: {NASTY}"
        for item_id in q.get("dates", {}):
            q["dates"][item_id] = f"{item_id} <b>{{1998}}</b>"
    modules = [dict(m, title=f"{m['title']} / data: {{x}} ~ #1 \\: \\ -> <b>&</b>") for m in full.modules]
    return Paper(title="Paper --> <!-- title\nsecond line", course="Course / with: {braces} \\ //",
                 as_of="2026-11", modules=modules, seed=None, pool=len(picks), questions=picks)


def read(fmt: str, data: str) -> list[dict]:
    return read_gift(data) if fmt == "gift" else read_xml(data)


EXPORTERS = {"gift": export_gift.export, "xml": export_moodle_xml.export}


@pytest.mark.parametrize("fmt", EXPORTERS)
def test_whole_bank_reads_back_equal(fmt, full, bank):
    data, skipped = EXPORTERS[fmt](full)
    assert skipped == []
    found = read(fmt, data)
    assert sum(1 for q in found if q["qtype"] not in ("category", "comment")) == len(bank.questions)
    check_paper(found, full, fmt)
    shuffled = draw(bank, seed=5)  # the whole pool again, in bank order, options in another seed's order
    assert [q["id"] for q in shuffled.questions] == [q["id"] for q in full.questions]
    assert shuffled.questions != full.questions
    data, skipped = EXPORTERS[fmt](shuffled)
    assert skipped == []
    check_paper(read(fmt, data), shuffled, fmt)


@pytest.mark.parametrize("fmt", EXPORTERS)
def test_special_characters_round_trip(fmt, full):
    paper = hostile(full)
    assert sorted({q["type"] for q in paper.questions}) == sorted(QTYPES)
    data, skipped = EXPORTERS[fmt](paper)
    assert skipped == []
    found = read(fmt, data)
    check_paper(found, paper, fmt)
    html_fields = []
    for q in (q for q in found if "text" in q and q["qtype"] != "comment"):
        html_fields += [q["text"], q["general"]] + q.get("hints", [])
        html_fields += [a.get("text", "") for a in q.get("answers", []) if q["qtype"] == "multichoice"]
        html_fields += [a["feedback"] for a in q.get("answers", [])]
        html_fields += [s["text"] for s in q.get("subquestions", [])]
    assert all("<script" not in f and "<b>" not in f for f in html_fields)
    assert sum(SHOWN in f for f in html_fields) > 20
    numeric = next(q for q in paper.questions if q["type"] == "numeric")
    got = next(q for q in found if q.get("name") == numeric["id"])
    assert "(Answer as a number of members.)" in got["text"]  # the prompt does not name the unit
    if fmt == "gift":
        assert data.count("\n// ") >= 4 and "\nsecond line" not in data  # the header stays comments
        assert "// ordering exported as matching" in data
    else:
        assert "<script" not in data and "<!-- title" not in data  # escaped, and no comment closed early
        assert data.count("<!--") == data.count("-->") == 2


@pytest.mark.parametrize("fmt", EXPORTERS)
def test_same_seed_same_bytes(fmt, bank):
    first, _ = EXPORTERS[fmt](draw(bank, seed=3, count=40))
    again, _ = EXPORTERS[fmt](draw(bank, seed=3, count=40))
    other, _ = EXPORTERS[fmt](draw(bank, seed=4, count=40))
    assert first == again
    assert first != other


def test_gift_reader_reads_moodles_examples():
    """The reader against the examples in Moodle's format.php and its GIFT documentation."""
    found = read_gift("// a comment\n::Tomb::Who's buried in Grant's tomb?{~Grant#No ~Jefferson =no one#Yes}\n\n"
                      "Grant is buried in Grant's tomb.{F#wrong#right}\n\n"
                      "When was Ulysses S. Grant born?{#\n=1822:0 =%50%1822:2}\n\n"
                      "Match the capitals.{=Canada -> Ottawa =Italy -> Rome = -> Paris}\n\n"
                      "Which? {~%50%a ~%50%b ~%-100%c####[html]<b>why</b> 1\\: \\{x\\}}\n\n"
                      "$CATEGORY: $course$/top/a//b/c\n")
    choice, tf, number, match, multiple, category = found
    assert (choice["name"], choice["single"]) == ("Tomb", True)
    assert [(a["text"], a["fraction"], a["feedback"]) for a in choice["answers"]] == [
        ("Grant", 0.0, "No"), ("Jefferson", 0.0, ""), ("no one", 1.0, "Yes")]
    assert (tf["correct"], tf["feedback_true"]["text"], tf["feedback_false"]["text"]) == (False, "wrong", "right")
    assert [(a["answer"], a["tolerance"], a["fraction"]) for a in number["answers"]] == [
        ("1822", "0", 1.0), ("1822", "2", 0.5)]
    assert [(s["text"], s["answer"]) for s in match["subquestions"]] == [
        ("Canada", "Ottawa"), ("Italy", "Rome"), ("", "Paris")]
    assert multiple["single"] is False and [a["fraction"] for a in multiple["answers"]] == [0.5, 0.5, -1.0]
    assert (multiple["general"], multiple["general_format"], multiple["format"]) == (
        "<b>why</b> 1: {x}", "html", "moodle")
    assert category["path"] == ["$course$", "top", "a/b", "c"]


def test_gift_escape_is_moodles_repchar():
    # question/format/gift/format.php, repchar(): \\ first, then # = ~ { } :, a newline as \n, \r dropped
    assert export_gift.escape("a\\b#c=d~e{f}g:h\ni\r") == "a\\\\b\\#c\\=d\\~e\\{f\\}g\\:h\\ni"


def test_gift_header_and_ordering_note(full):
    data, _ = export_gift.export(full)
    header = data.split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("// ") for line in header)
    text = "\n".join(header)
    for needed in (full.course, full.title, "bank order", full.as_of, "Question bank > Import > GIFT"):
        assert needed in text
    lines = data.split("\n")
    for q in (q for q in full.questions if q["type"] == "ordering"):
        at = next(n for n, line in enumerate(lines) if line.startswith(f"::{q['id']}::"))
        assert lines[at - 1].startswith("// ordering exported as matching")


def test_matching_moodle_cannot_hold_is_skipped(full):
    q = copy.deepcopy(next(q for q in full.questions if q["type"] == "matching"))
    q["lefts"], q["rights"] = q["lefts"][:1], [r for r in q["rights"] if r["id"] == q["key"][q["lefts"][0]["id"]]]
    q["key"] = {q["lefts"][0]["id"]: q["rights"][0]["id"]}
    paper = Paper(title="t", course="c", as_of="2026-11", modules=full.modules[:1], seed=None, pool=1,
                  questions=[dict(q, module=full.modules[0]["id"])])
    for fmt, export in EXPORTERS.items():
        data, skipped = export(paper)
        assert [s[0] for s in skipped] == [q["id"]] and "at least 2 pairs and 3 answers" in skipped[0][1]
        assert [x for x in read(fmt, data) if x["qtype"] not in ("comment",)] == []  # no empty category


@pytest.mark.parametrize("fmt, reader", [("gift", "gift"), ("moodle-xml", "xml")])
def test_cli(fmt, reader, tmp_path, bank):
    out = tmp_path / f"paper.{reader}"
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_CONTENT_DIR", "QUIZ_BANK_DIR")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-m", "quizzes", "export", fmt, "--module", "themes", "--seed", "3",
                             "--count", "5", "-o", str(out)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    pool = len(bank.module("themes"))
    assert result.stderr.strip() == (f"{fmt}: wrote 5 question(s) to {out} "
                                     f"(paper: 5 of {pool} questions, module(s) 3, seed 3)")
    paper = draw(bank, ["themes"], seed=3, count=5)
    found = read(reader, out.read_text(encoding="utf-8"))
    check_paper(found, paper, reader)
    assert sum(1 for q in found if q["qtype"] == "category") == 1
