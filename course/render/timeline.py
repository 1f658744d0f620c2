"""The timeline figure, drawn from the content's events and moratorium decisions at build time.

SVG with text kept as text (searchable, sharp on a phone, no font files) and a fixed hash salt, so
the same data gives the same bytes and a notebook's stored output does not churn.
"""

from __future__ import annotations

import io

from course.content import Content
from course.content.vocab import EVIDENCE_LABELS, TIMELINE_OUTCOMES
from course.render.kit import Html, cite, esc, table_html

LANES = [("Work Programme and moratorium", "wp"), ("Joint Statement Initiative", "jsi")]
MARKERS = {"official": "o", "secondary": "s", "deck": "D", "own-page": "^"}


def entries(content: Content) -> list[dict]:
    """Every dated event and moratorium decision, oldest first, with its lane."""
    rows = []
    jsi_modules = {"jsi-launch", "negotiations", "structured-discussion", "themes"}
    for event in content.events():
        lane = "jsi" if content.module_of[event.id] in jsi_modules else "wp"
        rows.append({"id": event.id, "date": event.date, "when": event.when(), "label": event.title,
                     "lane": lane, "fact": event})
    for decision in content.moratorium():
        if decision.date.precision == "day" and any(r["date"] == decision.date and r["lane"] == "wp" for r in rows):
            continue  # the event already marks that day (the 1998 declaration)
        where = content.fact(decision.at)
        label = f"{content.label(where)}: {TIMELINE_OUTCOMES[decision.outcome]}"
        rows.append({"id": decision.id, "date": decision.date, "when": decision.when(), "label": label,
                     "lane": "wp", "fact": decision})
    return sorted(rows, key=lambda r: r["date"].sort_key())


def _decimal_year(date) -> float:
    year, month, day = date.sort_key()
    return year + ((month or 1) - 1) / 12 + ((day or 1) - 1) / 365


def figure_svg(content: Content) -> str:
    """A vertical timeline: dots on a true time axis, labels evenly spaced and joined by leader lines.

    Evenly spaced labels stay readable where events crowd (2021, 2024); the leader lines keep each
    label tied to its real date.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = entries(content)
    n = len(rows)
    # content with no dated event is valid content: the figure is then an empty axis, not a build error
    first, last = (_decimal_year(rows[0]["date"]), _decimal_year(rows[-1]["date"])) if rows else (0.0, 0.0)
    span = max(last - first, 1.0)
    lane_colours = {"wp": "#1f5f8b", "jsi": "#b3590a"}
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "course-timeline", "font.size": 8}):
        fig, ax = plt.subplots(figsize=(8, max(6.0, 0.34 * n + 1.4)), dpi=100)
        ax.plot([0, 0], [0, n - 1], color="#888888", lw=1, zorder=1)
        for year in range(int(first) - int(first) % 2, int(last) + 2, 2):
            y = (year - first) / span * (n - 1)
            if 0 <= y <= n - 1:
                ax.plot([-0.03, 0], [y, y], color="#888888", lw=0.8)
                ax.text(-0.05, y, str(year), ha="right", va="center", fontsize=7, color="#444444", parse_math=False)
        for i, row in enumerate(rows):
            y_true = (_decimal_year(row["date"]) - first) / span * (n - 1)
            evidence = row["fact"].evidence
            colour = lane_colours[row["lane"]]
            ax.plot([0], [y_true], marker=MARKERS[evidence], color=colour, markersize=5, zorder=3)
            ax.plot([0.02, 0.55, 0.6], [y_true, i, i], color="#cccccc", lw=0.6, zorder=2)
            # parse_math=False: the text is drawn as written. Matplotlib otherwise reads text between two
            # dollar signs as mathtext: "US$5 million and US$10 million" would come out garbled, and an
            # unknown macro ("$\\foo$") would fail the build after `course check` had passed.
            ax.text(0.62, i, f"{row['when']}: {row['label']}", ha="left", va="center", fontsize=8.5, color=colour,
                    parse_math=False)
        ax.set_xlim(-0.3, 3.3)
        ax.set_ylim(n - 0.5, -0.8)
        ax.axis("off")
        handles = [plt.Line2D([], [], marker="s", color=c, linestyle="", label=name)
                   for (name, lane), c in zip(LANES, (lane_colours["wp"], lane_colours["jsi"]))]
        shown = {row["fact"].evidence for row in rows}  # the legend lists only the markers the figure uses
        handles += [plt.Line2D([], [], marker=MARKERS[k], color="#555555", linestyle="", label=EVIDENCE_LABELS[k])
                    for k in MARKERS if k in shown]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=8, frameon=False, ncol=3)
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
    return table_html("timeline", "Timeline entries, oldest first", ["Date", "Event", "Evidence"], rows)
