"""The WTO e-commerce course: its content model, loader, checks and page renderers."""

from .load import default_content_dir, load
from .problems import Problem, ProblemsFound

__all__ = ["load", "default_content_dir", "Problem", "ProblemsFound"]
