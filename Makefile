# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: `make run` installs what running needs, `make test` adds the development tools.
RUN_STAMP := $(VENV)/.run-stamp
DEV_STAMP := $(VENV)/.dev-stamp
# Front-end assets of the web pages (htmx, Chart.js, Pico CSS): npm registry, see docs/web.md.
VENDOR := src/cybercare/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
export CYBERCARE_HOST ?= $(HOST)
export CYBERCARE_PORT ?= $(PORT)

.PHONY: install install-dev run test lint typecheck pytest lock bench clean sdk sdk-tools

# Each re-installs only when the dependency list or its lock changed; the development install
# comes after the runtime one, so `make run` after `make test` installs nothing.
$(RUN_STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	@touch $@

$(DEV_STAMP): pyproject.toml constraints.txt $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

# Re-installs only when package.json, its lock or the list of vendored files changed.
$(VENDOR_STAMP): package.json package-lock.json src/cybercare/web/assets.py | $(RUN_STAMP)
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the web assets: apt-get install npm" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python -m cybercare.web.assets node_modules
	@touch $@

install: $(RUN_STAMP) $(VENDOR_STAMP)

install-dev: install $(DEV_STAMP) sdk-tools

# The partner SDKs' Python generator (openapi-python-client) lives in a virtualenv of its own: it
# pins typer<0.28, the platform typer 0.29 (docs/distributor-api.md, SDKs).
SDK_VENV  := .venv-sdk
SDK_STAMP := $(SDK_VENV)/.stamp
$(SDK_STAMP): sdk/requirements.txt
	@test -x $(SDK_VENV)/bin/python || $(PYTHON) -m venv $(SDK_VENV)
	$(SDK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r sdk/requirements.txt
	@touch $@

sdk-tools: $(SDK_STAMP)

# Regenerate sdk/ (the partner document, the Python and TypeScript clients) from the code;
# tests/api/test_sdk.py fails while the checked-in sdk/ differs.
sdk: install-dev
	PYTHONPATH=src $(BIN)/python tools/partner_sdk.py sdk

run: install
	@mkdir -p var
	$(BIN)/cybercare run

test: install-dev lint typecheck pytest

lint: install-dev
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: install-dev
	$(BIN)/mypy
	PYTHONPATH=tools $(BIN)/lint-imports

# Four workers on two cores: browser pages, child processes and database round trips leave a core
# idle half the time with two (README, Set-up).
pytest: install-dev
	$(BIN)/pytest -n 4 --dist loadfile --durations=15

# Refresh the pinned versions after changing dependencies in pyproject.toml.
lock: install-dev
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^cybercare' > constraints.txt

clean:
	rm -rf $(VENV) $(SDK_VENV) var .mypy_cache .ruff_cache .pytest_cache node_modules $(VENDOR)
