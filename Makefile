# Quick start: `make html` builds the example site, `make test` runs the tests.
# `make dirhtml`: the same site with folder URLs (news/n001/), for a web server.
# `make livehtml [PORT=8000]`: the site on http://127.0.0.1:8000/, rebuilt and reloaded in the browser after each save.
# `make latexpdf` / `make epub`: the site as a book (PDF needs TeX: see README).
# `make new SECTION=news TITLE="標題" [CATEGORY=…]`: a new article's file, front matter filled in (see README).
# `make init CONTENT=path/to/site/content [CONF_DIR=…]`: a conf.py that builds that folder (see README).
# `make lint`: ruff (lint, format check) and mypy (on content/ and __main__.py).
# `make screenshots`: the README's PNGs in docs/screenshots/ (needs Chromium).
# `make test-oldest`: the tests with the oldest supported dependencies
# (tests/oldest-constraints.txt), in a venv of their own (.venv-oldest).
PYTHON     ?= python3
VENV       ?= .venv
SPHINXOPTS ?=
SOURCEDIR  ?= source
BUILDDIR   ?= _build
PORT       ?= 8000
BIN        := $(VENV)/bin
OLDEST     ?= .venv-oldest
OLDEST_BIN := $(OLDEST)/bin

.PHONY: html dirhtml livehtml latexpdf epub new init test test-oldest lint clean venv screenshots

$(BIN)/sphinx-build: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.pdf-deps: $(BIN)/sphinx-build
	$(BIN)/pip install --quiet -e '.[pdf]'
	touch $@

$(VENV)/.preview-deps: $(BIN)/sphinx-build
	$(BIN)/pip install --quiet -e '.[preview]'
	touch $@

$(VENV)/.test-deps: $(BIN)/sphinx-build
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(OLDEST)/.test-deps: pyproject.toml tests/oldest-constraints.txt
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST_BIN)/pip install --quiet --upgrade pip
	$(OLDEST_BIN)/pip install --quiet -c tests/oldest-constraints.txt -e '.[test]'
	touch $@

venv: $(BIN)/sphinx-build

html: $(BIN)/sphinx-build
	$(BIN)/sphinx-build -b html -j auto -c . $(SOURCEDIR) $(BUILDDIR)/html $(SPHINXOPTS)
	@echo "Open $(abspath $(BUILDDIR))/html/index.html in a browser."

dirhtml: $(BIN)/sphinx-build
	$(BIN)/sphinx-build -b dirhtml -j auto -c . $(SOURCEDIR) $(BUILDDIR)/dirhtml $(SPHINXOPTS)
	@echo "Serve it, e.g. $(BIN)/python -m http.server -d $(abspath $(BUILDDIR))/dirhtml, and open http://localhost:8000/"

# `make html` under sphinx-autobuild: each save rebuilds (incrementally, in a
# new sphinx-build process whose warnings and errors print here) and reloads
# the open page.  Also watched: the theme files, the extension, the catalogs
# and conf.py; not what the build itself writes (compiled catalogs, bytecode).
# A failed build (its reason printed here) leaves the server running.
# benchmarks/save_to_screen.py runs the same command: change both together.
livehtml: $(VENV)/.preview-deps
	@echo "Live preview: http://127.0.0.1:$(PORT)/ (after the first build; Ctrl+C stops it)"
	$(BIN)/python -m sphinx_autobuild --host 127.0.0.1 --port $(PORT) \
	    --watch _static --watch _templates --watch extensions --watch locale --watch conf.py \
	    --re-ignore '__pycache__' --re-ignore '/locale/.*\.(mo|js)' \
	    -b html -j auto -c . $(SOURCEDIR) $(BUILDDIR)/html $(SPHINXOPTS)

# SECTION, TITLE and CATEGORY reach the command through the environment
# (make exports command-line variables), never through the shell's parsing:
# quotes, backquotes and `;` in a title stay text.  Make itself still expands
# `$` in them: write `$$` for a dollar sign.
new: $(BIN)/sphinx-build
	@test -n "$$SECTION" && test -n "$$TITLE" || { echo 'usage: make new SECTION=news TITLE="標題" [CATEGORY=…]' >&2; exit 2; }
	$(BIN)/python -m sphinx_articles new --source "$(SOURCEDIR)" $${CATEGORY:+--category "$$CATEGORY"} -- "$$SECTION" "$$TITLE"

# CONTENT and CONF_DIR reach the command through the environment, as in `new`.
init: $(BIN)/sphinx-build
	@test -n "$$CONTENT" || { echo 'usage: make init CONTENT=path/to/site/content [CONF_DIR=dir] [FORCE=1]' >&2; exit 2; }
	$(BIN)/python -m sphinx_articles init $${CONF_DIR:+--conf-dir "$$CONF_DIR"} $${FORCE:+--force} -- "$$CONTENT"

latexpdf: $(VENV)/.pdf-deps
	$(BIN)/sphinx-build -M latexpdf $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS)
	@echo "The PDF is $(abspath $(BUILDDIR))/latex/site.pdf"

epub: $(BIN)/sphinx-build
	$(BIN)/sphinx-build -M epub $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS)
	@echo "The EPUB is in $(abspath $(BUILDDIR))/epub/"

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# axe-core for tests/test_accessibility.py (pinned in package-lock.json; the tests skip without it)
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; else echo "npm missing: the axe tests will skip"; fi

test: $(VENV)/.test-deps node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTESTOPTS)

test-oldest: $(OLDEST)/.test-deps node_modules/.package-lock.json
	$(OLDEST_BIN)/python -m pytest $(PYTESTOPTS)

screenshots: $(VENV)/.test-deps html
	$(BIN)/python docs/screenshots.py $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)
