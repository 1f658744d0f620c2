"""The timeline figure, drawn from the content's events and moratorium decisions at build time.

SVG with text kept as text (searchable, sharp on a phone, no font files) and a fixed hash salt, so
the same data gives the same bytes and a notebook's stored output does not churn.
"""

from __future__ import annotations

import io

from .content import Content
from .render import EVIDENCE_LABELS, Html, _table, cite, esc

LANES = [("Work Programme and moratorium", "wp"), ("Joint Statement Initiative", "jsi")]
COLOURS = {"official": "#1f5f8b", "secondary": "#b3590a", "deck": "#5b7d2c", "unconfirmed": "#777777"}
MARKERS = {"official": "o", "secondary": "s", "deck": "D", "unconfirmed": "x"}


def entries(content: Content) -> list[dict]:
    """Every dated event and moratorium decision, oldest first, with its lane."""
    rows = []
    jsi_modules = {"jsi-launch", "negotiations", "structured-discussion", "themes"}
    for event in content.events():
        lane = "jsi" if content.module_of[event.id] in jsi_modules else "wp"
        rows.append({"id": event.id, "date": event.date, "when": event.when(), "label": event.title,
                     "lane": lane, "fact": event})
    for decision in content.moratorium():
        if any(r["date"] == decision.date and r["lane"] == "wp" for r in rows):
            continue  # the event already marks that day (the 1998 declaration)
        where = content.fact(decision.at)
        label = f"Moratorium: {decision.outcome.replace('-', ' ')} ({content.label(where)})"
        rows.append({"id": decision.id, "date": decision.date, "when": decision.when(), "label": label,
                     "lane": "wp", "fact": decision})
    return sorted(rows, key=lambda r: r["date"].sort_key())


def _decimal_year(date) -> float:
    year, month, day = date.sort_key()
    return year + ((month or 1) - 1) / 12 + ((day or 1) - 1) / 365


def figure_svg(content: Content) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = entries(content)
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "course-timeline", "font.size": 8}):
        fig, ax = plt.subplots(figsize=(9, 7.5), dpi=100)
        ys = {lane: i for i, (_, lane) in enumerate(LANES)}
        for n, row in enumerate(rows):
            x = _decimal_year(row["date"])
            y = ys[row["lane"]]
            evidence = row["fact"].evidence
            ax.plot([x], [y], marker=MARKERS[evidence], color=COLOURS[evidence], markersize=6, zorder=3)
            offset = 0.12 + 0.11 * (n % 6)
            sign = 1 if row["lane"] == "jsi" else -1
            ax.annotate(f"{row['when']}: {row['label']}", (x, y), xytext=(x, y + sign * offset),
                        fontsize=6.2, ha="left", va="center", color="#222222",
                        arrowprops={"arrowstyle": "-", "color": "#bbbbbb", "lw": 0.5})
        ax.set_yticks(list(ys.values()), [name for name, _ in LANES])
        ax.set_ylim(-0.9, 1.9)
        years = [r["date"].year for r in rows]
        ax.set_xlim(min(years) - 0.5, max(years) + 6)
        ax.grid(axis="x", color="#eeeeee")
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        handles = [plt.Line2D([], [], marker=MARKERS[k], color=COLOURS[k], linestyle="", label=EVIDENCE_LABELS[k])
                   for k in COLOURS]
        ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False, title="Evidence")
        ax.set_title("E-commerce at the WTO, 1998 to 2026")
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


class Svg:
    """An SVG figure for Jupyter: MyST-NB writes it to a file of the site, so nothing is fetched."""

    def __init__(self, svg: str):
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg


def figure(content: Content) -> Svg:
    return Svg(figure_svg(content))


def table(content: Content) -> Html:
    """The same entries as a table: the figure's text alternative, readable by a screen reader."""
    rows = [(r["id"], [esc(r["when"]), esc(r["label"]), cite(content, r["fact"])]) for r in entries(content)]
    return _table("timeline", "Timeline entries, oldest first", ["Date", "Event", "Evidence"], rows)
