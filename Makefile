# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run serve test test-sqlite test-postgres bench lint setup assets browser demo clean

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static_build/.built: node_modules/.package-lock.json assets/scss/application.scss assets/copy-assets.mjs
	npm run --silent build
	touch $@

setup: $(VENV)/.installed static_build/.built

assets: static_build/.built

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

demo: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo

# The development server, the task worker and the scheduler together (Procfile.dev), like production.
run: demo
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

# Production: gunicorn, the task worker and the scheduler (Procfile) on PostgreSQL (DATABASE_URL).
# See "Running in production" in the README for the environment it needs.
serve: setup
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.production PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_PORT=$(PORT) \
	  $(VENV)/bin/honcho -f Procfile start

# Tests run on every core (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto

test: setup browser lint
	$(PY) manage.py makemigrations --check --dry-run -v0 --settings=config.settings.test
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=25

# The same suite against PostgreSQL (127.0.0.1:5432, trust auth, user postgres by default).
test-postgres: setup browser
	DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/commissioning} \
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=25

bench: setup
	@status=0; for script in benchmarks/*.py; do \
	  [ -e "$$script" ] || continue; \
	  DJANGO_SETTINGS_MODULE=config.settings.test $(PY) "$$script" || status=1; \
	done; exit $$status

# Ruff, and no unscoped `Model.objects` in a view or API module (tenancy through for_user, ADR 0002).
lint: setup
	$(PY) -m ruff check .
	$(PY) scripts/check_scoped_queries.py

clean:
	rm -rf $(VENV) node_modules static_build staticfiles db.sqlite3 db.sqlite3-*
