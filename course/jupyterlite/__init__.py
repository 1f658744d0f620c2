"""A JupyterLite site inside the built book: the quiz notebooks and the workshop run in the learner's
browser, on Pyodide, served from the book's own folder, with nothing fetched from another host.

Two steps, as ``make book`` runs them (``python -m course.jupyterlite fetch|build``):

- :mod:`.fetch` downloads every pinned file once into a cache (the only step that needs a network)
  and checks each against its pin: the wheels by PyPI's sha256 (``lite/*.txt``), the Pyodide core by
  npm's integrity and each file's sha256 (``lite/pyodide.json``);
- :mod:`.site` checks the cache again, assembles a lite folder (wheels, the course's own wheel, the
  Pyodide core with a lock of micropip alone, the notebooks and ``content/``) and runs
  ``jupyter lite build`` into the book.

A missing or altered file stops either step with one line per problem (:class:`.pins.LiteError`).
"""
