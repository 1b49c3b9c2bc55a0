# The commands the README shows. `make demo` and `make test` set up everything they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# PostgreSQL for the second test run; .ci/run starts the local server when it is down.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/wijkteam
PYTEST_ARGS ?=

.PHONY: install demo serve test test-sqlite test-postgres lint format messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt -e .
	touch $@

install: $(VENV)/.installed

## demo: set up, load the Haarlem demo data and serve on http://127.0.0.1:$(PORT)
demo: install
	WIJKTEAM_DEBUG=true $(PY) manage.py migrate --noinput
	WIJKTEAM_DEBUG=true $(PY) manage.py load_demo
	@# The background-job worker (docs/operations.md) runs beside the server and stops with it.
	WIJKTEAM_DEBUG=true $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	WIJKTEAM_DEBUG=true WIJKTEAM_2FA_REQUIRED=$${WIJKTEAM_2FA_REQUIRED:-false} $(PY) manage.py runserver 127.0.0.1:$(PORT)

## serve: serve what is already loaded (WIJKTEAM_2FA_REQUIRED=true make serve to try two-step verification)
serve: install
	WIJKTEAM_DEBUG=true $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	WIJKTEAM_DEBUG=true WIJKTEAM_2FA_REQUIRED=$${WIJKTEAM_2FA_REQUIRED:-false} $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: lint, then every test on SQLite and on PostgreSQL (browser tests included). The two
## runs go side by side, one per core; each one's output is printed whole when it ends.
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: install
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(POSTGRES_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL): start it (see README) or set POSTGRES_URL."; \
		exit 1; \
	fi

lint: install
	$(VENV)/bin/ruff check src
	$(VENV)/bin/ruff format --check src
	WIJKTEAM_DEBUG=true $(PY) manage.py makemigrations --check --dry-run >/dev/null

format: install
	$(VENV)/bin/ruff format src
	$(VENV)/bin/ruff check --fix src

## messages: refresh the Dutch catalogue after changing user-facing text (needs GNU gettext)
messages: install
	cd src/wijkteam && WIJKTEAM_DEBUG=true ../../$(PY) ../../manage.py makemessages -l nl --no-obsolete
	$(PY) -m wijkteam.core.compilemessages

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
