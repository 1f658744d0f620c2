"""The blind ratings: each question's level as judged by a rater who did not write it.

An author's ``skill`` tag says what the author meant the question to make a learner do; a rater given
only the presented question and the definitions of the levels (README, "Levels") says what it does.
The file ``quizzes/bank/ratings.csv`` holds one line per question: its id, the author's tag when it
was rated, the rater's level, who rated and when. Where they differ the lower level stands, so the
bank's tags are never above the ratings (a test holds this), and the agreement between author and
rater before reconciling is Cohen's kappa over the four levels.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizzes.core.load import load_bank
from quizzes.core.model import SKILLS
from quizzes.present.draw import letter
from quizzes.present.present import key_ids, present

RATINGS = Path(__file__).resolve().parent / "bank" / "ratings.csv"
COLUMNS = ["id", "author", "rater_level", "rater", "date"]


@dataclass(frozen=True)
class Rating:
    id: str
    author: str  # the author's tag when the question was rated
    level: str  # the rater's
    rater: str
    date: str


class RatingsError(ValueError):
    """A ratings file that cannot be read as ratings: the message gives the line and what is wrong."""


def load(path: Path = RATINGS) -> dict[str, Rating]:
    ratings: dict[str, Rating] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise RatingsError(f"{path.name}:1: the columns must be {', '.join(COLUMNS)}")
        for row in reader:
            where = f"{path.name}:{reader.line_num}"
            for column in ("author", "rater_level"):
                if row[column] not in SKILLS:
                    raise RatingsError(f"{where}: {row['id']}: {column} {row[column]!r} is not a level "
                                       f"({', '.join(SKILLS)})")
            if not row["rater"] or not row["date"]:
                raise RatingsError(f"{where}: {row['id']}: give the rater and the date")
            if row["id"] in ratings:
                raise RatingsError(f"{where}: {row['id']}: rated twice")
            ratings[row["id"]] = Rating(row["id"], row["author"], row["rater_level"], row["rater"], row["date"])
    return ratings


def write(ratings: list[Rating], path: Path = RATINGS) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(COLUMNS)
        for r in sorted(ratings, key=lambda r: r.id):
            out.writerow([r.id, r.author, r.level, r.rater, r.date])


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa for two raters' levels: (observed agreement - chance agreement) / (1 - chance)."""
    n = len(pairs)
    if n == 0:
        raise ValueError("no pairs to compare")
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[level] * second[level] for level in SKILLS) / (n * n)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def sheet(bank, ids: list[str] | None = None) -> str:
    """The rater's sheet: each question as a learner meets it (prompt, options, the key and feedback),
    with no tag, difficulty or objective: nothing that says what its author meant it to test."""
    out = []
    for q in bank.questions:
        if ids is not None and q.id not in ids:
            continue
        p = present(bank, q)
        out.append(f"## {q.id}\n\n{p['prompt']}\n")
        if p.get("hint"):
            out.append(f"Hint: {p['hint']}\n")
        if "options" in p:
            key = key_ids(p)
            for n, o in enumerate(p["options"]):
                out.append(f"{letter(n).lower()}) {o['text']}{'  [KEY]' if o['id'] in key else ''}\n"
                           f"   feedback: {o['feedback']}")
            out.append("")
        elif p["type"] == "true-false":
            out.append(f"Key: {'true' if p['key'] else 'false'}\n")
        elif p["type"] == "numeric":
            out.append(f"Key: {p['key']:g} {p.get('unit') or ''} (tolerance {p['tolerance']:g})\n")
        elif p["type"] == "ordering":
            texts = {i["id"]: i["text"] for i in p["items"]}
            out.append("Items, in the right order: "
                       + "; ".join(f"{texts[i]} ({p['dates'][i]})" for i in p["key"]) + "\n")
        elif p["type"] == "matching":
            lefts = {i["id"]: i["text"] for i in p["lefts"]}
            rights = {i["id"]: i["text"] for i in p["rights"]}
            out.append("Pairs: "
                       + "; ".join(f"{lefts[left]} -> {rights[right]}" for left, right in p["key"].items()) + "\n")
        out.append(f"Explanation: {p['explanation']}\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """python -m quizzes.ratings sheet | agreement"""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["sheet"]:
        print(sheet(load_bank()))
        return 0
    if args[:1] == ["agreement"]:
        rated = load()
        pairs = [(r.author, r.level) for r in rated.values()]
        print(f"{len(pairs)} questions rated; author and rater agree on {sum(a == b for a, b in pairs)}; "
              f"Cohen's kappa {kappa(pairs):.2f}")
        for level in SKILLS:
            print(f"  {level:<9} author {sum(a == level for a, _ in pairs):>4}   "
                  f"rater {sum(b == level for _, b in pairs):>4}")
        return 0
    print("usage: python -m quizzes.ratings sheet | agreement", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
