# The two commands: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run test lint check chromium clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "K-Ballads needs Python 3.11 or newer (set PYTHON=...)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

## run: set up, load the demo data into SQLite and serve http://127.0.0.1:8000
run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## test: set up and run the whole suite (PostgreSQL when DATABASE_URL is set), then print its coverage
test: $(VENV)/.dev-installed chromium
	$(BIN)/python -m coverage run -m pytest
	$(BIN)/python -m coverage report

## lint: ruff and Django's own checks, as CI runs them
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Browser tests drive Debian's Chromium; install it when it is missing.
chromium:
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
		echo "Chromium is missing at $(CHROMIUM_PATH); installing Debian's chromium package."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
