# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

.PHONY: run test install chromium migrate demo serve lint check clean

## Set everything up on a fresh machine, fill in demo data, serve on http://127.0.0.1:8000
run: install migrate demo serve

## Set everything up and run the whole test suite (the browser tests need Chromium)
test: install chromium
	$(BIN)/pytest $(PYTEST_ARGS)

## Debian's Chromium for the browser tests: installed with apt-get when missing and run as
## root; otherwise a clear message. Playwright never downloads a browser of its own.
chromium:
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium package for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM_PATH)." >&2; \
	    echo "Install it (Debian/Ubuntu: sudo apt-get install chromium), point CHROMIUM_PATH" >&2; \
	    echo "at a Chromium, or run the rest: .venv/bin/pytest -m 'not browser'" >&2; \
	    exit 1; \
	  fi; \
	fi

install: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py seed_demo

serve: install
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
