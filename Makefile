# Two commands: `make book` (set up, build the HTML book) and `make test` (set up, run every test).
# The environment is .venv, made from requirements.txt on first use and remade when it changes.
# The JupyterLite site's files (wheels for the browser's Python, the Pyodide core) are fetched once into
# _build/lite-cache, checked against the pins in lite/, and fetched again when those pins change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book
LITE_STAMP := _build/lite-cache/.fetched
LITE_VENV  := .venv-lite
LITE_TOOLS := $(LITE_VENV)/.installed

.PHONY: book test check clean rebuild bench notebooks lite help

help:
	@echo "make book   - set up .venv if needed and build the HTML book into _build/html, with the"
	@echo "              JupyterLite site (notebooks that run in the browser) in _build/html/lite"
	@echo "make test   - set up .venv if needed, run ruff and mypy, then the whole test suite"
	@echo "make check  - check content/, prove the question bank and lint it (fast)"
	@echo "make clean  - remove the built book (keeps the execution cache)"
	@echo "make notebooks - rewrite and run notebooks/ and book/workshop.ipynb (after changing questions)"
	@echo "make lite   - rebuild only the JupyterLite site in _build/html/lite (after changing a notebook)"
	@echo "make bench  - time the builds and the bank's validation and lint, weigh the pages (benchmarks/)"

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# the JupyterLite build tools, in their own environment (why: lite/build-requirements.txt)
$(LITE_TOOLS): lite/build-requirements.txt
	test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LITE_VENV)/bin/python -m pip install --quiet -r lite/build-requirements.txt
	touch $(LITE_TOOLS)

$(LITE_STAMP): $(STAMP) $(LITE_TOOLS) lite/wheels.txt lite/wasm-wheels.txt lite/sdists.txt lite/pyodide.json
	$(BIN)/python -m course.jupyterlite fetch

book: $(STAMP) $(LITE_STAMP)
	$(BIN)/python -m course check
	$(BIN)/python -m quizzes validate
	$(BIN)/python -m quizzes lint
	$(JB) build . -W -n --keep-going
	$(BIN)/python -m course.jupyterlite build _build/html/lite
	@echo "Open the book: file://$(CURDIR)/_build/html/index.html"
	@echo "Its notebooks in the browser (Run in your browser) need it served: $(BIN)/python -m http.server --directory _build/html 8000"

NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

test: $(STAMP) $(NODE_STAMP) $(LITE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/python -m course check
	$(BIN)/python -m quizzes validate
	$(BIN)/python -m quizzes lint

notebooks: $(STAMP)
	$(BIN)/python -m quizzes notebooks

lite: $(STAMP) $(LITE_STAMP)
	$(BIN)/python -m course.jupyterlite build _build/html/lite

clean:
	$(JB) clean . || rm -rf _build/html _build/jupyter_execute

rebuild: clean book

bench: $(STAMP) $(LITE_STAMP)
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/weight.py
	$(BIN)/python benchmarks/lite.py
