"""The course's data: models, YAML read with line numbers, loading, cross-file checks and the Content index.

No HTML, no Sphinx, no quizzes: everything else reads this layer, and it reads nothing above it.
"""

from course.content.index import Content, ParsedFile, UnknownFact

__all__ = ["Content", "ParsedFile", "UnknownFact"]
