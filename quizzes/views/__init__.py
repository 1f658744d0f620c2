"""The learner's views: the static HTML quiz of the book (``html`` with ``static/quiz.js`` and ``quiz.css``),
the live ipywidgets quiz (``widget``) and the quiz notebooks (``notebooks``). They also run in the browser's
Python (JupyterLite), so nothing here imports Jinja2 or MarkupSafe."""
