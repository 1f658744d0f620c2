"""Light pages: each page of the book loads only what it shows (issue 11: phones, slow links, USB copies).

Three things, all after the theme has done its work, so the theme's own files stay as they ship:

* **Per page** (``html-page-context``): the scripts and styles of an extension load only on pages that
  use it: the quiz's on pages with a quiz, the copy button's where there is code to copy, the toggle
  button's where something toggles, sphinx-design's where its components are, MyST-NB's where there
  are cell outputs; thebe's nowhere while live code is off.
* **CSS** (``build-finished``): each theme and extension stylesheet keeps the rules whose selectors
  can match the built site: every class, id, element and attribute they name occurs in its HTML or in
  the scripts it loads (which add classes such as ``show`` at run time). The method is PurgeCSS's.
  Stylesheets are read from what Sphinx copied in this build (it copies the theme's pristine files
  each time), so a rule a new page needs comes back at the next build.
* **Icons**: the theme's 1.49 MB Font Awesome script is not loaded (_templates/static/webpack-macros.html);
  the icons are drawn by the webfont rules the theme's CSS already holds, with each font cut down to
  the glyphs those rules still name, so each icon looks as it did. The script itself and the theme's
  source maps, which no page loads, are not kept in the built book (about 5 MB of a USB copy).
"""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
import tinycss2
from fontTools import subset
from sphinx.application import Sphinx

# what a page's body must contain for it to load an extension's files: (pattern, the files)
USES = [
    (r'class="course-quiz"', ("quiz.js",)),
    (r'class="(?:course-quiz|course-workshop-static)"', ("quiz.css",)),
    (r'class="highlight', ("clipboard.min.js", "copybutton.js", "copybutton.css", "pygments.css")),
    (r'class="[^"]*\b(?:toggle|dropdown|tag_hide-\w+|tag_toggle)\b', ("togglebutton.js", "togglebutton.css")),
    (r'class="[^"]*\bsd-', ("design-tabs.js", "sphinx-design.min.css")),
    (r'class="[^"]*\b(?:cell_output|output)\b', ("mystnb.css",)),
]
NEEDS = {name: pattern for pattern, names in USES for name in names}  # file name -> pattern
THEBE = ("sphinx-thebe.js", "sphinx-thebe.css")
KEEP_WHOLE = {"course.css", "quiz.css"}  # the course's own styles, small and tested as they are
NOT_RUN = {"fontawesome.js"}  # shipped by the theme, no longer loaded: its class names must not keep rules
FONTS = "vendor/fontawesome/webfonts"


def _name(asset) -> str:
    """An asset's file name without folders, query or MyST-NB's content hash (mystnb.<hash>.css)."""
    name = str(getattr(asset, "filename", asset) or "").split("?")[0].rsplit("/", 1)[-1]
    return re.sub(r"^mystnb\.[0-9a-f]{16,}\.css$", "mystnb.css", name)


def _per_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body", "")
    thebe = bool(app.config.html_theme_options.get("launch_buttons", {}).get("thebe"))

    def wanted(asset) -> bool:
        name = _name(asset)
        if name in THEBE:
            return thebe
        pattern = NEEDS.get(name)
        return pattern is None or re.search(pattern, body) is not None

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if wanted(a)]


# --- CSS ----------------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-z0-9_-]+")


def used_words(site: Path) -> set[str]:
    """Every word of the built pages and of the scripts they run: what a selector may name."""
    words: set[str] = set()
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js") and path.name not in NOT_RUN and "trainer" not in path.parts:
            words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _named(selector: list) -> set[str] | None:
    """The classes, ids, elements and attributes a selector requires (None: it cannot be read, keep
    it). What a functional pseudo-class holds (:not(.x), :is(...)) is not required."""
    names: set[str] = set()
    after_colon = False
    for token in selector:
        kind = token.type
        if kind == "literal" and token.value in (":", "::"):
            after_colon = True
            continue
        if after_colon:  # a pseudo-class or -element (:hover, ::before, :not(...)): no requirement
            after_colon = False
            continue
        if kind == "ident":
            if "\\" in token.value:
                return None
            names.add(token.value)  # a class after ".", else an element name
        elif kind == "hash":
            names.add(token.value)
        elif kind == "[] block":
            attribute = next((t for t in token.content if t.type == "ident"), None)
            if attribute is not None:
                names.add(attribute.value)
        elif kind == "function":
            return None
    return names


def _selectors(prelude: list) -> list[list]:
    found, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            found.append(current)
            current = []
        else:
            current.append(token)
    found.append(current)
    return found


def _purge(rules: list, words: set[str], deferred: list[str]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = []
            for selector in _selectors(rule.prelude):
                names = _named(selector)
                if names is None or names <= words:
                    kept.append(tinycss2.serialize(selector).strip())
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            head = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude)
            if rule.content is None:
                out.append(head + ";")
            elif keyword in ("media", "supports", "layer", "container", "document"):
                inner = _purge(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                               words, deferred)
                if inner:
                    out.append(head + "{" + inner + "}")
            elif keyword in ("font-face", "keyframes"):  # decided once the rules that use them are known
                deferred.append(head + "{" + tinycss2.serialize(rule.content) + "}")
                out.append(f"\0{len(deferred) - 1}\0")
            else:
                out.append(head + "{" + tinycss2.serialize(rule.content) + "}")
    return "".join(out)


def _in_use(block: str, rules: str) -> bool:
    """Does a kept rule name this @font-face's family, or this @keyframes' animation?"""
    if block.startswith("@font-face"):
        family = re.search(r"font-family:\s*([^;}]+)", block)
        name = family.group(1).strip().strip("\"'").replace("\\ ", " ") if family else ""
        return bool(name) and name in rules.replace("\\ ", " ")
    name = block.split("{")[0].split()[-1]
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", rules) is not None


def purge_css(css: str, words: set[str]) -> str:
    """The stylesheet with only the rules the site can use; @font-face and @keyframes blocks only
    when a kept rule names their font or animation."""
    deferred: list[str] = []
    kept = _purge(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), words, deferred)
    rules = re.sub(r"\0\d+\0", "", kept)
    return re.sub(r"\0(\d+)\0", lambda m: deferred[int(m.group(1))] if _in_use(deferred[int(m.group(1))], rules)
                  else "", kept)


# --- the icon fonts -----------------------------------------------------------------------------

PRIVATE_USE = range(0xE000, 0xF900)


def icon_codepoints(css: str) -> set[int]:
    """The icon glyphs the CSS draws: the private-use code points it names (content: "\\f002")."""
    escaped = {int(h, 16) for h in re.findall(r"\\([0-9a-fA-F]{4,6})", css)}
    written = {ord(c) for c in css if ord(c) in PRIVATE_USE}  # tinycss2 writes strings unescaped
    return {c for c in escaped | written if c in PRIVATE_USE}


def subset_font(source: Path, target: Path, codepoints: set[int]) -> None:
    options = subset.Options()
    options.flavor = {"woff2": "woff2", "ttf": None}[source.suffix.lstrip(".")]
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def _theme_fonts() -> Path:
    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / FONTS


def _lighten(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    static = site / "_static"
    words = used_words(site)
    icons: set[int] = set()
    for css in sorted(static.rglob("*.css")):
        if css.name in KEEP_WHOLE:
            continue
        light = purge_css(css.read_text(encoding="utf-8"), words)
        css.write_text(light, encoding="utf-8")
        icons |= icon_codepoints(light)
    for unused in [*static.rglob("*.map"), *(static / "scripts").glob("fontawesome.js")]:
        unused.unlink()  # never loaded (source maps open only in a browser's developer tools): weight on a USB copy
    pristine = _theme_fonts()
    for font in sorted((static / FONTS).glob("*")) if (static / FONTS).is_dir() else []:
        if font.suffix in (".woff2", ".ttf") and (pristine / font.name).is_file():
            subset_font(pristine / font.name, font, icons)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _per_page, priority=900)  # after every extension has added its files
    app.connect("build-finished", _lighten, priority=900)  # after the static files are copied and written
    return {"parallel_read_safe": True, "parallel_write_safe": True}
