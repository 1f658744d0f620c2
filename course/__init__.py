"""The WTO e-commerce course: its content data (``course.content``), page views (``course.render``) and Sphinx
adapters (``course.sphinx``). Pages use ``from course import load, render, timeline``: ``render`` and
``timeline`` are modules, imported when asked for, so loading the data pulls in no view."""

from course.content.load import default_content_dir, load
from course.problems import Problem, ProblemsFound

__all__ = ["load", "default_content_dir", "Problem", "ProblemsFound"]
