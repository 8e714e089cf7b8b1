# The two commands of README.md: `make run` and `make test`. Each creates .venv when missing and
# reinstalls when the packaging or the translation catalogs change (the install compiles them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := setup.cfg pyproject.toml setup.py $(wildcard assessments/i18n/translations/*/LC_MESSAGES/*.po)

.PHONY: run test clean browser-tools gallery

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python $(SOURCES)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# A local run: development settings, SQLite under instance/, the demo loaded once.
run: $(VENV)/.installed
	WASHFIT_ENV=development $(BIN)/washfit init-db
	WASHFIT_ENV=development $(BIN)/washfit demo --if-empty
	WASHFIT_ENV=development $(BIN)/washfit serve --host 127.0.0.1 --port 5000

# Browser tests need Debian's chromium and axe-core (npm), the XLSForm tests Java for ODK Validate.
# CI installs chromium and Java; elsewhere those tests skip with a message saying how to install them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

browser-tools:
	@if [ "$$CI" = "true" ]; then scripts/ensure-chromium; scripts/ensure-java; fi
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.installed; fi

# Lint, types (mypy reads setup.cfg: scoring, assessments and washfit), the layer contracts, the tests.
test: $(VENV)/.installed browser-tools
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --config setup.cfg
	$(BIN)/python -m pytest

# Screenshots of the main pages for docs/gallery.md (needs chromium).
gallery: $(VENV)/.installed
	$(BIN)/python -m docs.make_gallery

clean:
	rm -rf $(VENV) instance build *.egg-info
