"""The directives of the quizzes extension: ``quiz-bank-table``."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from quizzes.guide import bank_table
from quizzes.sphinx.env import quiz_env

# what the directive of this extension runs in Sphinx's process: a page that uses it is read again when it changes
MARKUP_CODE = {"quiz-bank-table": ("quizzes.guide",)}


class BankTable(SphinxDirective):
    """``quiz-bank-table``: the trainer's guide's table of the bank, made in Sphinx's own process.

    A directive, not a code cell: the table reads every content and bank file, and a kernel started
    for it on every content edit would cost more than the table. The page declares those files in
    its ``course: reads`` so an edit to any of them re-reads it (course.sphinx)."""

    def run(self):
        return [nodes.raw("", str(bank_table(quiz_env(self.env).quiz_bank)), format="html")]
