# The one command surface of Satu Pintu. `make demo` and `make test` are all a new machine needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.12
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links the demo writes (permit QR codes, WhatsApp and survey links, Open311 discovery, the
# sign-in banner) follow HOST and PORT unless SATUPINTU_BASE_URL is set.
SATUPINTU_BASE_URL ?= http://$(HOST):$(PORT)
export SATUPINTU_BASE_URL
export UV_PYTHON_DOWNLOADS := never

.PHONY: help demo test lint audit fmt messages compilemessages serve migrate demo-data bench \
	bench-smoke

help:
	@echo "make demo    set up everything and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test    run the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint    ruff, djade, django-upgrade, import layers, makemigrations --check"
	@echo "make audit   known vulnerabilities in uv.lock (uv audit, OSV)"
	@echo "make fmt     format the code with ruff"
	@echo "make messages  update locale/id from the source (needs GNU gettext)"
	@echo "make bench   benchmarks on a PostgreSQL database of their own (docs/benchmarks.md)"
	@echo "make bench-smoke  every benchmark at a scale of seconds, on a database made and dropped"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

# Compiled catalogs are build output: made from locale/*.po with Babel (no system gettext).
compilemessages: .venv/.synced
	@for po in locale/*/LC_MESSAGES/django.po; do \
	  .venv/bin/pybabel compile -i $$po -o $${po%.po}.mo -l $$(basename $$(dirname $$(dirname $$po))) >/dev/null || exit 1; \
	done

migrate: compilemessages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable

demo-data: migrate
	$(PY) manage.py load_demo

# The demo's worker sends the outbox (e-mail to the console, WhatsApp to var/messages.jsonl)
# and runs the SLA checks; it stops with the server.
demo: demo-data
	@$(PY) manage.py demo_logins
	@$(PY) manage.py run_worker --interval 5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# With coverage (pyproject.toml: [tool.coverage]); below its floor the run fails.
test: compilemessages
	$(PY) -m pytest --cov --cov-report=term $(PYTEST_ARGS)

lint: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	git ls-files -z '*.html' | xargs -0 .venv/bin/djade --check --target-version 6.1
	git ls-files -z '*.py' | xargs -0 .venv/bin/django-upgrade --check --target-version 6.1
	.venv/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the locked dependencies, from OSV (uv audit). OSV_URL points it
# at a mirror of the OSV API where api.osv.dev cannot be reached.
audit: | $(UV)
	$(UV) audit --frozen $(if $(OSV_URL),--service-url $(OSV_URL))

fmt: .venv/.synced
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	git ls-files -z '*.html' | xargs -0 .venv/bin/djade --target-version 6.1
	git ls-files -z '*.py' | xargs -0 .venv/bin/django-upgrade --target-version 6.1

# Benchmarks on a PostgreSQL database of their own (docs/benchmarks.md). bench/run.py migrates
# it, runs every benchmark whatever the others did and prints a summary; it fails only if one
# did not run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/satupintu_bench
bench: compilemessages
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))" 2>/dev/null || true
	cd bench && BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) ../$(PY) run.py

# The same benchmarks at a scale of seconds on a fresh database, dropped afterwards: in CI, so
# that a change which breaks a benchmark fails there. Needs PostgreSQL and Redis.
BENCH_SMOKE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/satupintu_bench_smoke
bench-smoke: compilemessages
	@server="$(dir $(BENCH_SMOKE_DATABASE_URL))postgres"; db=$(notdir $(BENCH_SMOKE_DATABASE_URL)); \
	psql "$$server" -qc "DROP DATABASE IF EXISTS $$db" -c "CREATE DATABASE $$db" || exit 1; \
	trap 'psql "$$server" -qc "DROP DATABASE IF EXISTS $$db"' EXIT; \
	rm -rf var/bench-smoke; \
	cd bench && BENCH_DATABASE_URL=$(BENCH_SMOKE_DATABASE_URL) ../$(PY) run.py --smoke

messages: .venv/.synced
	$(PY) manage.py makemessages --locale id --no-obsolete --no-location --ignore .venv --ignore .tools --ignore var
