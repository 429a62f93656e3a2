# PeerTrain developer commands. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
LOCK   := requirements.lock
export FLASK_APP := wsgi

.PHONY: run install dev-install test test-only lint bench loadtest lock content-check axe clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are pinned by the lock file (pip constraints): a fresh machine gets the versions
# the suite last passed on, not whatever is newest today.
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $@ $(VENV)/.installed

## lock: re-resolve every dependency to the newest versions pyproject.toml allows, and pin them
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	{ sed -n '1,2p' $(LOCK); .venv-lock/bin/pip freeze --exclude-editable | grep -v '^#'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .venv-lock $(VENV)/.installed $(VENV)/.dev-installed
	@echo "$(LOCK) updated: run make test before committing it"

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

# axe-core for the browser tests' accessibility checks, from the npm registry at the version and
# hash pinned in tests/browser/package-lock.json. Test-only: the app never serves or loads it.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $@

axe: $(AXE)

## run: install, migrate, load content and demo data (only into an empty database), serve
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask content sync
	$(BIN)/flask demo seed
	@echo "Mail is not sent in development: each message is written to $(CURDIR)/instance/outbox/<id>.eml (flask mail status counts them)."
	$(BIN)/flask mail deliver --forever --interval 2 & trap 'kill $$!' EXIT; $(BIN)/flask run --host $(HOST) --port $(PORT)

## test: lint, check the content, run the whole suite (exit 5, "no tests ran", is a failure)
test: dev-install lint content-check test-only

lint: dev-install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

content-check: dev-install
	$(BIN)/flask content check

test-only: dev-install axe
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing loudly" >&2; exit 1; fi; \
	exit $$rc

## bench: seed 1,000 and 10,000 workers and time every report page (SQLite and PostgreSQL)
bench: dev-install
	$(BIN)/python -m peertrain.reports.bench $(BENCH_ARGS)

## loadtest: gunicorn on PostgreSQL, 64 users for 60 s, PostgreSQL restarted halfway; no lost writes
loadtest: dev-install
	$(BIN)/python -m peertrain.ops.loadtest $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info tests/browser/node_modules
