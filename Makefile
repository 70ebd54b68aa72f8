# Hội nghị — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium
# Test processes (pytest-xdist) for the non-browser suite in `make coverage`
# and `make test-pg`, which CI runs; `make test` stays one process.
# JOBS=0 runs them in one process too.
JOBS ?= 2

.PHONY: run worker serve test test-pg test-fast test-browser coverage bench lint format messages clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

# Development server: SQLite + in-memory channel layer, one ASGI process,
# and the task worker that sends bulk email.
run: export DJANGO_DEBUG = 1
run: export DJANGO_SITE_URL = http://127.0.0.1:$(PORT)
run: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	@# The task worker (bulk email) runs beside the server and stops with it.
	@$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/daphne -b 127.0.0.1 -p $(PORT) --access-log /dev/null config.asgi:application

# The background task worker alone (production runs it as its own service).
worker: export DJANGO_DEBUG = 1
worker: $(STAMP)
	$(BIN)/python manage.py db_worker --no-reload

# The whole suite. Browser tests run in their own pytest process (Playwright
# and async tests do not share an event loop well) when Chromium is present.
test: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser
	@if [ -x "$(CHROMIUM)" ]; then \
		$(BIN)/python -m pytest tests/browser; \
	else \
		echo ""; \
		echo "*** Browser tests NOT run: $(CHROMIUM) not found (apt-get install -y chromium). ***"; \
	fi

# On PostgreSQL + Redis (.ci/run): the non-browser suite, then the browser
# tests that need several server processes sharing Redis.
test-pg: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) tests --ignore=tests/browser
	$(BIN)/python -m pytest tests/browser/test_agenda_cluster.py

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser -x -q

test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser

# The suite without the browser tests, under coverage (configured in
# pyproject.toml; pytest-cov measures each xdist worker and combines them);
# prints the files that are not fully covered.
coverage: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --cov --cov-report= tests --ignore=tests/browser
	@$(BIN)/python -m coverage report | tail -n 60

bench: $(STAMP)
	@for script in bench/*.py; do \
		[ -e "$$script" ] || { echo "No benchmarks yet."; continue; }; \
		case "$$script" in bench/settings.py|bench/urls.py) continue;; esac; \
		echo "== $$script"; DJANGO_DEBUG=1 $(BIN)/python $$script || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	@# A translation whose placeholders differ from its msgid breaks compilemessages.
	msgfmt --check-format -o /dev/null locale/vi/LC_MESSAGES/django.po
	msgfmt --check-format -o /dev/null locale/en/LC_MESSAGES/django.po

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Vietnamese catalogue after changing user-facing strings.
messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l vi -l en --ignore=.venv --ignore=var --no-obsolete
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var .pytest_cache
