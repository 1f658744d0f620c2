"""The static quiz in a browser page, for the tests that drive it (tests/test_browser_quiz.py,
tests/test_quiz_progress.py, tests/test_book_browser.py): test pages with the book's quiz.js and
quiz.css, and a question driven as a learner drives it, every verdict compared with grade.py's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from quizzes.core.markdown import plain
from quizzes.present.grade import grade, parse_number
from quizzes.views.html import id_part, render_quiz

from .corpus import ROOT, norm

STATIC = ROOT / "quizzes" / "views" / "static"


# -- the pages ---------------------------------------------------------------------------------
PAGE = """<!DOCTYPE html>
<html lang="en" data-theme="{theme}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="_static/quiz.css">
{head}</head>
<body><main style="max-width: 60rem; margin: 0 auto; padding: 0 1rem">
<h1>{title}</h1>
<p><a href="#top" id="start">Top of the page</a></p>
{body}
</main>{tail}</body></html>
"""


def write_page(folder: Path, name: str, quizzes, *, script_first: bool, theme: str = "light") -> str:
    script = '<script src="_static/quiz.js"></script>'
    html = PAGE.format(title=name, theme=theme, head=script if script_first else "",
                       tail="" if script_first else script,
                       body="\n".join(render_quiz(q) for q in quizzes))
    (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return f"{name}.html"


def add_quiz_assets(folder: Path) -> None:
    """The book's quiz script and styles, where a built page finds them, and a references page."""
    (folder / "_static").mkdir()
    for name in ("quiz.js", "quiz.css"):
        shutil.copy2(STATIC / name, folder / "_static" / name)
    (folder / "references.html").write_text("<!DOCTYPE html><title>References</title>", encoding="utf-8")


# -- driving a question ----------------------------------------------------------------------
def qid(quiz, q) -> str:
    return f"cq--{id_part(quiz.quiz_id)}--q--{id_part(q['id'])}"


FILL = """([base, kind, response, lefts]) => {
  const controls = [...document.getElementById(base).querySelectorAll('input, select')];
  const changed = c => ['input', 'change'].forEach(t => c.dispatchEvent(new Event(t, {bubbles: true})));
  controls.forEach((c, n) => {
    if (kind === 'single' || kind === 'true-false') {
      if (response !== null && c.value === (kind === 'single' ? response : String(response))) c.click();
      return;
    }
    if (kind === 'multiple') c.checked = response.includes(c.value);
    else if (kind === 'numeric') c.value = response;
    else if (kind === 'ordering') c.value = response[n];
    else if (kind === 'matching') c.value = response[lefts[n]];
    changed(c);
  });
}"""


def fill(page, base: str, q: dict, response, native: bool = True) -> None:
    """Enter a response with the page's own controls: as a learner would, with Playwright's mouse
    and typing (``native``), or, for the whole bank, faster, by setting the controls in the page."""
    kind = q["type"]
    if not native:
        page.evaluate(FILL, [base, kind, response, [left["id"] for left in q.get("lefts", [])]])
        return
    if kind in ("single", "true-false"):
        if response is not None:
            value = response if kind == "single" else ("true" if response else "false")
            page.check(f"#{base}--opt--{id_part(value)}")
    elif kind == "multiple":
        for o in q["options"]:
            page.set_checked(f"#{base}--opt--{id_part(o['id'])}", o["id"] in response)
    elif kind == "numeric":
        page.fill(f"#{base}--answer", response)
    elif kind == "ordering":
        for n, item in enumerate(response, 1):
            page.select_option(f"#{base}--pos--{n}", value=item)
    elif kind == "matching":
        for left in q["lefts"]:
            page.select_option(f"#{base}--match--{id_part(left['id'])}", value=response[left["id"]])


SHOWN = """base => {
  const f = document.getElementById(base);
  const verdict = f.querySelector('.cq-feedback .cq-verdict');
  const visible = el => !!el && el.getClientRects().length > 0;
  const explanation = f.querySelector('.cq-explanation');
  return {
    verdict: verdict ? verdict.dataset.verdict : null,
    verdictText: verdict ? verdict.textContent : null,
    feedback: [...f.querySelectorAll('.cq-feedback li')].map(li => li.textContent),
    explanation: visible(explanation),
    sources: visible(explanation) ? [...explanation.querySelectorAll('.cq-sources a')].map(a => a.textContent) : [],
    check: visible(f.querySelector('.cq-check')),
    retry: visible(f.querySelector('.cq-retry')),
    disabled: [...f.querySelectorAll('input, select')].map(c => c.disabled),
    values: [...f.querySelectorAll('input, select')].map(c => c.type === 'radio' || c.type === 'checkbox' \
? c.checked : c.value),
    focused: f.contains(document.activeElement) \
? document.activeElement.className || document.activeElement.tagName : null,
  };
}"""


def shown(page, base: str) -> dict:
    return page.evaluate(SHOWN, base)


def assert_shows(page, base: str, q: dict, response) -> dict:
    """The page shows exactly what grade.py says of this response."""
    expected = grade(q, response)
    seen = shown(page, base)
    where = f"{q['id']} {response!r}"
    if not expected.valid:
        assert seen["verdict"] == "invalid", where
        assert seen["verdictText"] == expected.message, where
        assert seen["feedback"] == [], where
        assert not seen["explanation"] and seen["check"] and not seen["retry"], where
        assert not any(seen["disabled"]), where
    else:
        assert seen["verdict"] == ("correct" if expected.correct else "incorrect"), where
        assert norm(seen["verdictText"]) == ("\u2713 Correct." if expected.correct else "\u2717 Not quite."), where
        assert [norm(t) for t in seen["feedback"]] == [norm(plain(s).replace("\uff1c", "<"))
                                                       for s in expected.feedback], where
        assert seen["explanation"] and not seen["check"] and seen["retry"], where
        assert seen["sources"] == [f"[{s['number']}] {s.get('short') or s['author']}" for s in q["sources"]], where
        assert all(seen["disabled"]), where
    return seen


def press(page, base: str, button: str, native: bool = True) -> None:
    if native:
        page.click(f"#{base} .{button}")
    else:
        page.evaluate("([base, button]) => document.getElementById(base).querySelector('.' + button).click()",
                      [base, button])


def submit(page, base: str, q: dict, response, native: bool = True) -> dict:
    fill(page, base, q, response, native)
    press(page, base, "cq-check", native)
    return assert_shows(page, base, q, response)


def retry(page, base: str, native: bool = True) -> None:
    press(page, base, "cq-retry", native)
    seen = shown(page, base)
    assert seen["verdict"] is None and seen["feedback"] == [] and not seen["explanation"]
    assert seen["check"] and not seen["retry"] and not any(seen["disabled"])
    assert not any(v for v in seen["values"] if v is not None), "Try again clears the question"


def typed(value: float) -> str:
    """A number as a learner types it (no exponent below 1e15)."""
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def attempts(q: dict) -> tuple[list, list, object]:
    """(invalid responses, wrong ones, the right one) for a question, from its key."""
    kind, key = q["type"], q["key"]
    if kind == "single":
        return [None], [o["id"] for o in q["options"] if o["id"] != key], key
    if kind == "multiple":
        ids = [o["id"] for o in q["options"]]
        wrong = [i for i in ids if i not in key]
        tries = [ids, key[1:] or (key + wrong[:1]), wrong[:1] + key, wrong[:1]]
        return [[]], [t for t in tries if t and set(t) != set(key)], key
    if kind == "true-false":
        return [None], [not key], key
    if kind == "numeric":
        step = q["tolerance"] + 1
        unit = q.get("unit") or ""
        right = f"{typed(key)} {unit}" if unit and parse_number(f"{typed(key)} {unit}", unit) is not None \
            else typed(key)
        return ["", "abc", "12 monkeys"], [typed(key + step), typed(key - step)], right
    if kind == "ordering":
        n = len(key)
        return [[""] * n, key[:-1] + [""], [key[0]] * n], [key[::-1], key[1:] + key[:1]], key
    if kind == "matching":
        lefts = list(key)
        rights = [r["id"] for r in q["rights"]]
        shifted = {left: rights[(rights.index(key[left]) + 1) % len(rights)] for left in lefts}
        return [{k: "" for k in lefts}, {**key, lefts[-1]: ""}], [shifted], key
    raise AssertionError(kind)


def clear(page, base: str, q: dict) -> None:
    """Back to a blank question, without the Try again button (after an invalid response)."""
    page.evaluate("""base => {
      for (const c of document.getElementById(base).querySelectorAll('input, select')) {
        if (c.type === 'radio' || c.type === 'checkbox') c.checked = false; else c.value = '';
      }
    }""", base)


def run_question(page, quiz, q, native: bool = True) -> None:
    """Invalid, wrong and right answers to one question; each compared with grade.py."""
    base = qid(quiz, q)
    invalid, wrong, right = attempts(q)
    for response in invalid:
        clear(page, base, q)
        fill(page, base, q, response, native)
        before = shown(page, base)["values"]
        press(page, base, "cq-check", native)
        seen = assert_shows(page, base, q, response)
        assert seen["values"] == before, "an invalid response keeps what the learner entered"
        assert seen["focused"] is not None, "the focus goes to the control to fix"
    clear(page, base, q)
    for response in wrong:
        seen = submit(page, base, q, response, native)
        assert seen["focused"] == "cq-retry"
        retry(page, base, native)
    submit(page, base, q, right, native)
