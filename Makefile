# cxstudy: `make book` installs what is needed and builds the book; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
MATHJAX_VERSION := 3.2.2
MATHJAX := book/_static/mathjax/tex-chtml.js
BOOK_FLAGS := -W -n --keep-going

.PHONY: book test clean-book chromium pdf

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# MathJax served from the book itself, so pages read with no network.
$(MATHJAX):
	rm -rf .cache/npm book/_static/mathjax && mkdir -p .cache/npm book/_static/mathjax/output/chtml
	npm install --silent --no-save --no-audit --no-fund --prefix .cache/npm mathjax@$(MATHJAX_VERSION)
	cp .cache/npm/node_modules/mathjax/es5/tex-chtml.js book/_static/mathjax/
	cp -r .cache/npm/node_modules/mathjax/es5/output/chtml/fonts book/_static/mathjax/output/chtml/

book: $(INSTALLED) $(MATHJAX)
	$(VENV)/bin/jupyter-book build . $(BOOK_FLAGS)

clean-book:
	rm -rf _build

# Debian's Chromium for the browser test, installed when missing (needs root, as on CI).
chromium:
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

test: clean-book book pdf chromium
	$(PY) -m pytest

# The whole book as one PDF, printed by headless Chromium from the single-page HTML build (offline).
pdf: $(INSTALLED) $(MATHJAX) chromium
	$(VENV)/bin/jupyter-book build . --builder singlehtml $(BOOK_FLAGS)
	# The single page is written to book/index.html with links relative to the build root: print a copy from there.
	cp _build/singlehtml/book/index.html _build/singlehtml/print.html
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-pdf-header-footer \
	  --virtual-time-budget=20000 --print-to-pdf=_build/cxstudy.pdf _build/singlehtml/print.html
