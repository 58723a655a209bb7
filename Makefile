# geoanalysis: `make report` and `make test` do all set-up on a fresh machine (Python 3.11 + make).
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA ?= data/raw
OUT ?= reports
JOBS ?= 2
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (geoanalysis)" >/dev/null
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv (if missing) and install geoanalysis with its test tools

.PHONY: report
report: install ## Execute every notebook on $(DATA) and write executed notebooks + HTML to $(OUT)/
	$(PY) -m geoanalysis.cli notebooks --data $(DATA) --out $(OUT)

.PHONY: test
test: install ## Run the whole suite: unit tests, doctests, property tests, every notebook
	$(PY) -m pytest -n $(JOBS) --dist loadgroup

.PHONY: test-fast
test-fast: install ## The suite without slow tests (fuzzing, notebooks)
	$(PY) -m pytest -n $(JOBS) -m "not slow"

.PHONY: bench
bench: install ## Benchmarks: words/s and peak RSS per stage, printed as a table
	$(PY) benchmarks/run.py

.PHONY: lab
lab: install ## Open JupyterLab on notebooks/ with the project's environment as kernel
	$(VENV)/bin/jupyter lab notebooks/

.PHONY: analyze
analyze: install ## Run the CLI on $(DATA), writing every table to data/processed/
	$(PY) -m geoanalysis.cli analyze $(DATA) --out data/processed

.PHONY: clean
clean: ## Remove generated files (reports/, data/processed/, caches); keeps .venv
	rm -rf reports data/interim data/processed .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

.PHONY: distclean
distclean: clean ## Also remove .venv
	rm -rf $(VENV)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'
