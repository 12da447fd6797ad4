# The two commands of the README. Each creates .venv if it is missing and
# installs the project (with its test extras) into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NB_STAMP := $(VENV)/.notebooks-stamp
SCENARIO ?= scenarios/istanbul-2025.yaml
OUT    ?= out/istanbul-2025

.PHONY: run test install bench lint clean notebooks

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "negsim needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/negsim run $(SCENARIO) --out $(OUT)
	@echo "report and figure written to $(OUT)/"

test: $(STAMP)
	$(BIN)/python -m pytest -q

# JupyterLab on the notebooks/ folder (the `notebooks` extra: JupyterLab, a kernel, widgets).
$(NB_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	touch $(NB_STAMP)

notebooks: $(NB_STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/solve.py

# ruff on the code, tests and benchmarks; mypy on sim/ (its settings: [tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	$(BIN)/python -m ruff check sim tests benchmarks
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
