# PeerTrain developer commands. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi

.PHONY: run install dev-install test test-only lint bench content-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

## run: install, migrate, load content and demo data (only into an empty database), serve
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask content sync
	$(BIN)/flask demo seed
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## test: lint, check the content, run the whole suite (exit 5, "no tests ran", is a failure)
test: dev-install lint content-check test-only

lint: dev-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

content-check: dev-install
	$(BIN)/flask content check

test-only: dev-install
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing loudly" >&2; exit 1; fi; \
	exit $$rc

## bench: seed 1,000 and 10,000 workers and time every report page (SQLite and PostgreSQL)
bench: dev-install
	$(BIN)/python -m peertrain.reports.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info
