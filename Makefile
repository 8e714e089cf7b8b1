# The two commands of README.md: `make run` and `make test`. Each creates .venv when missing and
# reinstalls when the packaging or the translation catalogs change (the install compiles them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := setup.cfg pyproject.toml setup.py $(wildcard washfit/translations/*/LC_MESSAGES/*.po)

.PHONY: run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python $(SOURCES)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/washfit score examples/puskesmas-contoh.yaml

test: $(VENV)/.installed
	$(BIN)/lint-imports --config setup.cfg
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) instance build *.egg-info
