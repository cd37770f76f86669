# The two commands of the README:  `make demo`  and  `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test quality bench clean

$(STAMP): requirements.txt requirements-model.txt pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

## Analyse the bundled example into the embedded store, print the result, then serve the map.
demo: $(STAMP)
	bash scripts/demo.sh

## Run the whole test suite (unit, golden, property, store on SQLite + PostgreSQL, API, browser, quality gate).
test: $(STAMP)
	bash scripts/test.sh

bench: $(STAMP)
	$(BIN)/frontlines bench ../shared/eval/fakes/fakes.csv --baseline --workers 2

clean:
	rm -rf $(VENV) build *.egg-info
