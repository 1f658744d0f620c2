"""Page views of the course's data: the HTML kit, the tables and lists, the timeline.

Pages call these as ``render.items(content, ...)`` (``from course import load, render``), so the public
names of the tables are gathered here; the timeline is ``course.render.timeline``.
"""

from course.render.kit import REFERENCES_PAGE, Html, cite, esc, source_number, table_html
from course.render.tables import (
                                  bibliography,
                                  counts,
                                  discrepancies,
                                  events,
                                  items,
                                  kept_and_left_out,
                                  moratorium,
                                  objectives,
                                  page_sources,
                                  stages,
                                  themes,
                                  topic_progress,
)

__all__ = ["REFERENCES_PAGE", "Html", "bibliography", "cite", "counts", "discrepancies", "esc", "events", "items",
           "kept_and_left_out", "moratorium", "objectives", "page_sources", "source_number", "stages", "table_html",
           "themes", "topic_progress"]
