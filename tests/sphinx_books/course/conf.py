"""A tiny book for tests/test_sphinx_ext.py: the course's Sphinx extensions run in the test's own process,
on the repository's real content/ and question bank, without a kernel.

MyST-NB reads the pages as jupyter-book's generated conf.py has it read the book's, with execution off:
these pages test what the extensions do to the source (the {fact} role, the glossary, the fingerprint
cell, the trainer's files), not what a page's code shows.
"""

extensions = ["myst_nb", "course.sphinx", "quizzes.sphinx"]
course_content_dir = "../../../content"  # the repository's content/, from this folder (Sphinx's srcdir)
nb_execution_mode = "off"  # no kernel
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]  # as the book's _config.yml
nitpicky = True  # every cross-reference must resolve, as the book is built (-n)
exclude_patterns = ["_build"]
project = "Extensions under test"
