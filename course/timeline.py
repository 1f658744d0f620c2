"""``from course import timeline``: the public path of the timeline view, which lives in ``course.render.timeline``."""

from course.render.timeline import LANES, MARKERS, Svg, entries, figure, figure_svg, table

__all__ = ["LANES", "MARKERS", "Svg", "entries", "figure", "figure_svg", "table"]
