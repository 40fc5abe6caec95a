# Quick start: `make html` builds the example site, `make test` runs the tests.
PYTHON     ?= python3
VENV       ?= .venv
SPHINXOPTS ?=
SOURCEDIR  ?= source
BUILDDIR   ?= _build
BIN        := $(VENV)/bin

.PHONY: html test clean venv

$(BIN)/sphinx-build: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/sphinx-build
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(BIN)/sphinx-build

html: $(BIN)/sphinx-build
	$(BIN)/sphinx-build -b html -j auto -c . $(SOURCEDIR) $(BUILDDIR)/html $(SPHINXOPTS)
	@echo "Open $(abspath $(BUILDDIR))/html/index.html in a browser."

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest $(PYTESTOPTS)

clean:
	rm -rf $(BUILDDIR)
