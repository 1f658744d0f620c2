"""The WTO e-commerce course: its content data (``course.content``), page views (``course.render``) and Sphinx
adapters (``course.sphinx``). Pages use ``from course import load, render, timeline``: ``import course`` imports neither
view, so loading the data pulls in no view; ``from course import render`` imports the submodule
``course.render`` and ``from course import timeline`` the re-export module ``course/timeline.py``, and
``import course; course.render`` works only after such an import."""

from course.content.load import default_content_dir, load
from course.problems import Problem, ProblemsFound

__all__ = ["load", "default_content_dir", "Problem", "ProblemsFound"]
