# CivicGrid — set-up and checks. `make demo` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres:///civicgrid_test
SCALE ?= full
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test test-pg e2e lint bench install clean messages check-migrations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Installed-state stamps: re-run pip only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/civicgrid demo

test: $(VENV)/.installed-test
	$(BIN)/pytest -q -m "not e2e"

# The same suite on PostgreSQL. The test database is created here with UTF-8 encoding and the
# C.UTF-8 locale (under locale C, pg_trgm extracts nothing from Chinese text) and then reused.
test-pg: $(VENV)/.installed-test
	DATABASE_URL=$(PG_URL) $(BIN)/python -m civicgrid.core.pgtestdb
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not e2e" --reuse-db

e2e: $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei)
	$(BIN)/pytest -q -m e2e e2e

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/civicgrid makemigrations --check --dry-run

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench --scale $(SCALE)

messages: $(VENV)/.installed-test
	cd civicgrid && ../$(BIN)/civicgrid makemessages -l zh_Hans -l en --no-obsolete \
	  --ignore 'static/*' --ignore conftest.py --ignore '*/tests/*' --ignore '*/testing/*' \
	  && ../$(BIN)/civicgrid compilemessages

clean:
	rm -rf $(VENV) var
