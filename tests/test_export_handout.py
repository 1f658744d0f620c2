"""The printable handout (quizzes/exports/handout.py): its structure, without a browser, and its print,
in Debian's chromium (page.pdf) read back with pypdf.

What a trainer would notice: a question missing or twice, a key whose letters do not match the
paper's, an answer printed on a learner's page, the key starting halfway down a page of questions,
bank text running as markup, or the page reaching for another host. The keys are worked out again
here from the presented questions; the PDF's text is compared with all white space removed, since
line breaks fall where the page width puts them.
"""

from __future__ import annotations

import calendar
import copy
import io
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from quizzes.core.markdown import block
from quizzes.core.markdown import plain as inert_plain
from quizzes.exports.handout import export
from quizzes.present.draw import Paper, draw

from .browser import Watch, serve
from .corpus import HOSTILE, hostile_questions, norm


def plain(text):  # the characters a page shows: plain() with its '<' given back
    return inert_plain(text).replace('\uff1c', '<')


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BROWSER_TESTS = "handout browser tests"  # what a skip says when there is no browser (conftest's browser)


@pytest.fixture(scope="module")
def seeded(bank):
    return draw(bank, seed=3, count=25)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def soup_of(paper: Paper) -> BeautifulSoup:
    html, skipped = export(paper)
    assert skipped == []
    return BeautifulSoup(html, "html.parser")


def number(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def expected_key(q: dict) -> str:
    """The key in the paper's own labels, worked out from the presented question."""
    kind = q["type"]
    if kind in ("single", "multiple"):
        key = {q["key"]} if kind == "single" else set(q["key"])
        return ", ".join(LETTERS[i] for i, o in enumerate(q["options"]) if o["id"] in key)
    if kind == "true-false":
        return "True" if q["key"] else "False"
    if kind == "numeric":
        return number(q["key"])
    if kind == "ordering":  # the position to write in each lettered item's box
        return ", ".join(f"{LETTERS[i]} {q['key'].index(item['id']) + 1}" for i, item in enumerate(q["items"]))
    rights = [r["id"] for r in q["rights"]]  # matching: the letter to write in each numbered blank
    return ", ".join(f"{n} {LETTERS[rights.index(q['key'][left['id']])]}" for n, left in enumerate(q["lefts"], 1))


def choices_of(q: dict) -> list[str]:
    """The rows the paper shows under a question, as text: letter (or number) and text."""
    kind = q["type"]
    if kind in ("single", "multiple"):
        return [f"{LETTERS[i]} {norm(plain(o['text']))}" for i, o in enumerate(q["options"])]
    if kind == "true-false":
        return ["True", "False"]
    if kind == "ordering":
        return [f"{LETTERS[i]} {norm(plain(item['text']))}" for i, item in enumerate(q["items"])]
    if kind == "matching":
        return ([f"{n}. {norm(plain(left['text']))}" for n, left in enumerate(q["lefts"], 1)]
                + [f"{LETTERS[i]} {norm(plain(right['text']))}" for i, right in enumerate(q["rights"])])
    return []


INSTRUCTION = {"single": "Choose one.", "multiple": "Choose all that apply."}


def check_structure(paper: Paper) -> BeautifulSoup:
    soup = soup_of(paper)
    assert soup.html["lang"] == "en"
    assert paper.title in soup.title.get_text() and paper.course in soup.title.get_text()
    cover = norm(soup.select_one("header.cover").get_text(" "))
    seed = "Bank order" if paper.seed is None else f"Seed {paper.seed}"
    year, month = paper.as_of.split("-")[:2]
    as_of = f"As of {calendar.month_name[int(month)]} {year}"  # the reader's date, not "2026-11"
    for text in (paper.course, paper.title, seed, f"{paper.count} questions", as_of,
                 "Name:", "Group:", *(m["title"] for m in paper.modules)):
        assert norm(text) in cover, text
    checkbox = soup.select_one(".screen-only input#include-key[type=checkbox]")
    assert checkbox is not None and not checkbox.has_attr("checked")
    assert "Include the answer key when printing" in checkbox.find_parent("label").get_text()

    articles = soup.select("main.paper > article.question")
    assert [a["data-question-id"] for a in articles] == [q["id"] for q in paper.questions]
    key = soup.select_one("main.paper").find_next_sibling("section", class_="answer-key")
    assert key is not None and key.find("h2").get_text() == "Answer key"
    items = key.select(".key-item")
    assert [i["data-question-id"] for i in items] == [q["id"] for q in paper.questions]
    for n, (q, article, item) in enumerate(zip(paper.questions, articles, items), 1):
        assert norm(article.select_one(".q-prompt").get_text()).startswith(f"{n}. {norm(plain(q['prompt']))[:40]}")
        if q["type"] in INSTRUCTION:
            assert article.select_one(".q-instructions").get_text() == INSTRUCTION[q["type"]]
        rows = [norm(li.get_text()) for li in article.select("ul.choices > li")]
        assert rows == choices_of(q), q["id"]
        if q["type"] == "numeric" and q.get("unit"):
            assert norm(plain(q["unit"])) in norm(article.select_one(".numeric").get_text())
        assert item.select_one(".q-number").get_text() == f"{n}."
        assert item.select_one(".key-answer").get_text() == expected_key(q), q["id"]
        explanation = norm(BeautifulSoup(block(q["explanation"]), "html.parser").get_text(" "))
        assert norm(item.select_one(".key-explanation").get_text(" ")) == explanation
        sources = [norm(li.get_text(" ")) for li in item.select(".key-sources > li")]
        assert len(sources) == len(q["sources"])
        for shown, s in zip(sources, q["sources"]):
            for part in (f"[{s['number']}]", s.get("short") or s["author"], s["title"], s["url"] or ""):
                assert part in shown, (q["id"], part)
    # nothing from another host, no script: the file works offline and prints as it is
    assert not soup.find_all(["script", "link", "img", "iframe", "object", "embed"])
    for tag in soup.find_all(src=True) + soup.find_all(href=True):
        assert not re.match(r"(https?:)?//", tag.get("src", "") + tag.get("href", "")), tag
    style = " ".join(s.get_text() for s in soup.find_all("style"))
    assert "url(" not in style and "@import" not in style
    assert "@page" in style and "break-before: page" in style and "break-inside: avoid" in style
    return soup


def test_the_whole_bank(whole):
    check_structure(whole)


def test_a_seeded_paper(seeded, bank):
    soup = check_structure(seeded)
    assert "Seed 3" in soup.select_one("header.cover").get_text()
    assert export(draw(bank, seed=3, count=25))[0] == export(seeded)[0]  # the same paper, the same bytes


def hostile_paper(whole: Paper) -> Paper:
    """Real questions (one of each type) and the renderer's hostile set, hostile text in every field."""
    evil = " ".join(HOSTILE) + " & \"double\" 'single'"
    real = []
    for kind in ("single", "multiple", "true-false", "numeric", "ordering", "matching"):
        q = copy.deepcopy(next(q for q in whole.questions if q["type"] == kind))
        q["id"] = f"{q['id']}-copy"
        q["prompt"] = f"{kind} prompt {evil}"
        q["explanation"] = f"{kind} explanation {evil}"
        for name in ("options", "items", "lefts", "rights"):
            for choice in q.get(name, []):
                choice["text"] = f"{choice['text']} {evil}"
        if kind == "numeric":
            q["unit"] = evil
        real.append(q)
    return Paper(title=f"Title {evil}", course=f"Course {evil}", as_of="2026-11", modules=whole.modules,
                 seed=None, pool=12, questions=real + hostile_questions())


def test_hostile_text_is_shown_as_text(whole):
    paper = hostile_paper(whole)
    html = export(paper)[0]
    soup = check_structure(paper)
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg" not in html
    assert not soup.find_all(["svg", "b"])  # "<b>units</b>" and "<svg onload=...>" stay text
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
    text = soup.get_text(" ")
    for hostile in HOSTILE[:2] + ["& \"double\" 'single'"]:
        assert hostile in text
    assert HOSTILE[0] in soup.title.get_text()


# -- in the browser, and printed ----------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory, whole):
    folder = tmp_path_factory.mktemp("handout")
    (folder / "handout.html").write_text(export(whole)[0], encoding="utf-8")
    (folder / "hostile.html").write_text(export(hostile_paper(whole))[0], encoding="utf-8")
    with serve(folder) as base:
        yield base


@pytest.fixture
def open_page(browser, site):
    opened = []

    def _open(name: str):
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        watch = Watch(page)
        page.goto(site + name)
        opened.append((context, watch))
        return page

    yield _open
    for context, watch in opened:
        watch.check()  # no console error, no dialog (an alert from hostile text), no request elsewhere
        context.close()


def pages_text(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_handout_opens_offline_on_screen_with_its_key(open_page):
    page = open_page("handout.html")
    assert page.is_visible("#answer-key")  # on screen the trainer sees the key below the questions
    assert not page.is_checked("#include-key")
    open_page("hostile.html")


@pytest.mark.parametrize("paper_size", ["A4", "Letter"])
def test_printed_the_paper_has_no_answers_and_the_key_starts_on_its_own_page(open_page, whole, paper_size):
    page = open_page("handout.html")
    prompts = [squash(f"{n}. {norm(plain(q['prompt']))}") for n, q in enumerate(whole.questions, 1)]
    explanations = [squash(plain(q["explanation"])) for q in whole.questions]
    ids = [squash(f"({q['id']})") for q in whole.questions]

    paper_only = pages_text(page.pdf(format=paper_size))
    for n, text in enumerate(paper_only, 1):
        assert "Answerkey" not in text, f"page {n} of the paper shows the answer key"
        shown = [i for i, e in enumerate(explanations) if e in text] + [i for i, k in enumerate(ids) if k in text]
        assert not shown, f"page {n} of the paper shows the key of {[whole.questions[i]['id'] for i in shown]}"
    for q, prompt in zip(whole.questions, prompts):  # each question whole on one page, choices and all
        on = [text for text in paper_only if prompt in text]
        assert len(on) == 1, f"{q['id']} is on {len(on)} pages of the printed paper, not one"
        split = [c for c in choices_of(q) if squash(c) not in on[0]]
        assert not split, f"{q['id']}: its choices {split} are not on the page of its prompt"

    page.check("#include-key")
    with_key = pages_text(page.pdf(format=paper_size))
    starts = [n for n, text in enumerate(with_key) if "Answerkey" in text]
    assert starts, "ticked, the key is not printed"
    first = starts[0]
    assert with_key[first].startswith("Answerkey"), "the key's heading is not at the top of its page"
    assert first == len(paper_only), "the paper's pages are not the same with the key"
    assert with_key[:first] == paper_only
    key_text = "".join(with_key[first:])
    assert not [p for p in prompts if p in key_text], "a question is printed on the key's pages"
    assert prompts[-1] in with_key[first - 1]
    missing = [q["id"] for q, e in zip(whole.questions, explanations) if not any(e in t for t in with_key[first:])]
    assert not missing, f"explanations missing from the printed key, or split across pages: {missing}"
