"""A Moodle XML reader for the tests: qformat_xml's paths, with the element order and attributes checked
(the counterpart of tests/gift_reader.py). ``read_xml`` gives the plain form that
tests/test_export_moodle.py's ``check_paper`` compares with the presented questions.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .gift_reader import split_category_path, trim

HEAD = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden", "idnumber"]
TAILS = {"multichoice": r"single shuffleanswers answernumbering( answer)+", "truefalse": r"answer answer",
         "numerical": r"answer( answer)*( units unitgradingtype unitpenalty showunits unitsleft)?",
         "matching": r"shuffleanswers( subquestion)+"}


def text_of(element: ET.Element, fmt: str | None = "html") -> str:
    """``<x format=..><text>..</text></x>``: exactly one <text> (Moodle reads the first), trimmed."""
    assert element.get("format") == fmt, (element.tag, element.attrib)
    texts = [child for child in element if child.tag == "text"]
    assert len(texts) == 1, element.tag
    return trim(texts[0].text or "")


def read_xml(data: str) -> list[dict]:
    assert data.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(data.encode("utf-8"), ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    assert root.tag == "quiz"
    found: list[dict] = [{"qtype": "comment", "text": c.text} for c in root if c.tag is ET.Comment]
    for el in (c for c in root if c.tag is not ET.Comment):
        assert el.tag == "question"
        if el.get("type") == "category":
            assert [c.tag for c in el] == ["category"]
            path = text_of(el.find("category"), None)
            found.append({"qtype": "category", "category": path, "path": split_category_path(path)})
            continue
        tags = [c.tag for c in el]
        assert tags[:7] == HEAD, tags
        tail = " ".join(t for t in tags[7:] if t != "hint")
        assert re.fullmatch(TAILS[el.get("type")], tail), (el.get("type"), tail)
        assert tags[7 + len(tail.split()):] == ["hint"] * (len(tags) - 7 - len(tail.split()))  # hints last
        name = text_of(el.find("name"), None)
        assert (el.findtext("defaultgrade"), el.findtext("hidden"), el.findtext("idnumber")) == ("1", "0", name)
        assert el.findtext("penalty") == ("1" if el.get("type") == "truefalse" else "0.3333333")
        q = {"name": name, "text": text_of(el.find("questiontext")), "format": "html",
             "general": text_of(el.find("generalfeedback")), "general_format": "html",
             "hints": [text_of(h) for h in el.findall("hint")]}
        answers = el.findall("answer")
        if el.get("type") == "multichoice":
            assert el.findtext("answernumbering") == "abc" and el.findtext("shuffleanswers") in ("0", "1")
            q |= {"qtype": "multichoice", "single": {"true": True, "false": False}[el.findtext("single")],
                  "answers": [], "shuffle": el.findtext("shuffleanswers") == "1"}
            for a in answers:
                assert [c.tag for c in a] == ["text", "feedback"]
                q["answers"].append({"text": text_of(a), "fraction": float(a.get("fraction")) / 100,
                                     "feedback": text_of(a.find("feedback"))})
        elif el.get("type") == "truefalse":
            q["qtype"] = "truefalse"
            assert sorted(a.get("fraction") for a in answers) == ["0", "100"]
            for a in answers:  # as import_truefalse: matched on the text "true" / "false"
                assert [c.tag for c in a] == ["text", "feedback"]
                side = text_of(a, None)
                q["correct"] = (a.get("fraction") == "100") == (side == "true")
                q[f"feedback_{side}"] = {"text": text_of(a.find("feedback"))}
        elif el.get("type") == "numerical":
            q |= {"qtype": "numerical", "answers": [], "units": [
                (u.findtext("unit_name"), u.findtext("multiplier")) for u in el.findall("units/unit")]}
            for a in answers:
                assert [c.tag for c in a] == ["text", "feedback", "tolerance"]
                q["answers"].append({"answer": text_of(a, None), "tolerance": a.findtext("tolerance"),
                                     "fraction": float(a.get("fraction")) / 100,
                                     "feedback": text_of(a.find("feedback"))})
            if q["units"]:
                assert [el.findtext(t) for t in ("unitgradingtype", "showunits", "unitsleft")] == ["0", "0", "0"]
        else:
            assert el.findtext("shuffleanswers") == "0"
            q |= {"qtype": "match", "subquestions": []}
            for sub in el.findall("subquestion"):
                assert [c.tag for c in sub] == ["text", "answer"]
                q["subquestions"].append({"text": text_of(sub), "answer": text_of(sub.find("answer"), None)})
        found.append(q)
    return found
