"""Reading a question's words as the rules need them: folded, split into words, sentences or not."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORDS = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, no accents, no Markdown emphasis."""
    text = str(text)
    if not text.isascii():  # ASCII text is its own NFKD form, and has no accent to drop
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace("*", "").replace("_", "").replace("`", "").lower()  # faster than a regex or translate


def words(text: str) -> list[str]:
    return _WORDS.findall(fold(text))


@lru_cache(maxsize=65536)  # a pure function of one word, and a bank's words repeat
def root(word: str) -> str:
    """A crude stem, so that 'services' meets 'service' and 'countries' meets 'country'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


STOP = set("""about above after again against also among because been before being below between both
could does doing down during each either every from further have having here into itself just more most
must neither only other over same should since some such than that their them then there these they this
those through under until upon very were what when where which while whom whose will with within without
would your""".split())


def distinctive(word: str) -> bool:
    """A word that can give an answer away: not a function word, not a lone short number."""
    return (len(word) >= 4 and word not in STOP) or (word.isdigit() and len(word) >= 2)


def contains(longer: str, shorter: str) -> bool:
    """Is ``shorter`` inside ``longer``, as whole words, case- and accent-blind?"""
    return f" {' '.join(words(shorter))} " in f" {' '.join(words(longer))} "


VERDICT = re.compile(r"^\s*(?:yes|no|right|correct|wrong|incorrect|not this one|not quite|true|false)\b[:,.!]?\s*",
                     re.I)


def unverdict(text: str) -> str:
    """A feedback without its 'Yes:' / 'Not this one:', to compare what it says."""
    return VERDICT.sub("", text, count=1).strip()


def _no_month(text: str) -> str:
    return re.sub(r"\bMay\b", "month", str(text))  # the month, not the modal verb


VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|shall|should|"
                  r"may|might|must|takes|took|gives|gave|makes|made|binds|applies|covers|means|needs|keeps)\b")


def has_verb(text: str) -> bool:
    return bool(VERB.search(fold(_no_month(text))))


def sentence(text: str) -> bool:
    """A full sentence: it ends with a period, or runs five words or more around a verb."""
    plain = fold(text).strip()
    return plain.endswith(".") or (len(words(plain)) >= 5 and has_verb(text))


HEDGES = {"usually", "generally", "often", "sometimes", "typically", "mainly", "mostly", "largely",
          "probably", "may", "might", "some", "certain", "unless", "provided", "normally", "partly"}


def hedges(text: str) -> set[str]:
    return HEDGES & set(words(_no_month(text)))


def asking(prompt: str) -> str:
    """The part of a stem that asks: the claim of a true/false, else the sentences ending in '?'
    (else the last sentence), not the scenario before it."""
    claim = re.search(r"true or false\s*[:,]?", prompt, re.I)
    if claim:
        return prompt[claim.end():]
    sentences = re.split(r"(?<=[.?!])\s+", prompt.strip())
    asks = [s for s in sentences if s.rstrip().rstrip("*_\"')”’").endswith("?")]
    return " ".join(asks) if asks else sentences[-1]


def quote(text: str, width: int = 40) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= width else text[:width - 1] + "…")


def a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun
