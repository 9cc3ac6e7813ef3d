# Peer Support: the few commands a person needs. `make help` lists them.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test lint lock setup clean loadtest bench bench-throughput screenshots messages

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Installs the exact versions of requirements-dev.lock (`make lock` rewrites both lock files).
$(STAMP): requirements-dev.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --no-header --annotation-style line --quiet
lock: $(STAMP) ## Pin every dependency: requirements.lock (the image) and requirements-dev.lock (tests, CI)
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra dev -o requirements-dev.lock

setup: $(STAMP) ## Create .venv and install everything

run: export DEBUG = 1
run: export REQUIRE_MFA_FOR_LEADS ?= 0
run: export LOG_FORMAT ?= plain
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(STAMP) ## Set up, migrate, seed the demo and serve on 127.0.0.1:$PORT with a Celery worker and beat
	mkdir -p var/mail var/broker/processed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (demo accounts: see README; password demo-pass-2026). Ctrl-C stops everything."
	@trap 'kill 0' INT TERM EXIT; \
	  $(VENV)/bin/celery -A peersupport worker --loglevel=INFO --concurrency=1 --without-gossip --without-mingle & \
	  $(VENV)/bin/celery -A peersupport beat --loglevel=INFO & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload; \
	  wait

# Serial by default: on a shared 2-core machine `-n 2` was slower (docs/architecture.md, "Tests");
# on a bigger machine run `make test PYTEST_ARGS="-n auto"`.
test: export PEERSUPPORT_TESTING = 1
test: $(STAMP) ## Set up, run ruff and the whole test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(PY) manage.py check_migration_safety
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest --durations=15 $(PYTEST_ARGS)

BENCH_SIZES ?= 1000 20000 100000
# Runs per size: the report takes the median of the runs' p95 (one run's p95 is mostly the scheduler).
BENCH_REPEAT ?= 3
# Pages to leave out, comma-separated (e.g. BENCH_SKIP="dashboard,CSV export").
BENCH_SKIP ?=
# Only these pages, comma-separated (e.g. BENCH_ONLY="request detail,intake POST"); the bare read
# view is always measured as the yardstick.
BENCH_ONLY ?=
# The PostgreSQL bench databases are <BENCH_DB_PREFIX>_<size> on DATABASE_URL's server (one prefix
# per person when several share a server).
BENCH_DB_PREFIX ?= peersupport_bench
# One results file per database, so a SQLite run and a PostgreSQL run can both be kept.
BENCH_OUT ?= var/bench-$(if $(DATABASE_URL),postgresql,sqlite).jsonl
bench: export REQUIRE_MFA_FOR_LEADS = 0
bench: export PEERSUPPORT_TOOLING = 1
bench: export SECRET_KEY ?= bench-only-secret-key-not-for-production-0123456789abcdef
bench: export PEERSUPPORT_BENCH_BARE_VIEW = 1
bench: $(STAMP) ## Seed 1k/20k/100k requests (SQLite, or PostgreSQL if DATABASE_URL is set), time every main page BENCH_REPEAT times against a bare read view
	mkdir -p var/mail var/broker/processed; rm -f $(BENCH_OUT)
	DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	@for n in $(BENCH_SIZES); do \
	  if [ -n "$$DATABASE_URL" ]; then \
	    url="$${DATABASE_URL%/*}/$(BENCH_DB_PREFIX)_$$n"; \
	    psql "$${DATABASE_URL%/*}/postgres" -tc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB_PREFIX)_$$n'" | grep -q 1 \
	      || psql "$${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE $(BENCH_DB_PREFIX)_$$n"; \
	  else url="sqlite:///$(CURDIR)/var/bench-$$n.sqlite3"; fi; \
	  echo "== $$n requests ($$url)"; \
	  DATABASE_URL=$$url DEBUG=1 $(PY) manage.py migrate --noinput -v0 || exit 1; \
	  DATABASE_URL=$$url DEBUG=1 $(PY) manage.py seed_load --requests $$n || exit 1; \
	  for run in $$(seq $(BENCH_REPEAT)); do \
	    DATABASE_URL=$$url DEBUG=0 $(PY) manage.py bench --size $$n --run $$run --skip "$(BENCH_SKIP)" --only "$(BENCH_ONLY)" --out $(BENCH_OUT) >/dev/null || exit 1; \
	  done; \
	done
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory bench-throughput BENCH_KEEP_OUT=1; fi
	DEBUG=1 $(PY) manage.py bench_report $(BENCH_OUT)

# Intake POST throughput as a fraction of a bare one-row insert view, both served by the
# same gunicorn on the same bench PostgreSQL database, driven by the same load generator (bench
# --throughput: threads, one signed-in load account each, bounded count and time, 127.0.0.1 only).
BENCH_THROUGHPUT_SIZE ?= $(lastword $(BENCH_SIZES))
BENCH_PORT ?= 8766
bench-throughput: export REQUIRE_MFA_FOR_LEADS = 0
bench-throughput: export PEERSUPPORT_TOOLING = 1
bench-throughput: export SECRET_KEY ?= bench-only-secret-key-not-for-production-0123456789abcdef
bench-throughput: export ALLOWED_HOSTS = 127.0.0.1,localhost
bench-throughput: export SECURE_SSL_REDIRECT = 0
bench-throughput: export SECURE_COOKIES = 0
bench-throughput: export SIGN_INS_PER_IP_PER_MINUTE = 1000
bench-throughput: export REQUEST_RATE_LIMIT_PER_HOUR = 1000000
bench-throughput: $(STAMP) ## Intake POST throughput / a bare insert view's, on gunicorn + the bench PostgreSQL database
	@test -n "$$DATABASE_URL" || { echo "bench-throughput needs DATABASE_URL (PostgreSQL), as make bench"; exit 1; }
	mkdir -p var/mail var/broker/processed; [ -n "$(BENCH_KEEP_OUT)" ] || rm -f $(BENCH_OUT)
	@url="$${DATABASE_URL%/*}/$(BENCH_DB_PREFIX)_$(BENCH_THROUGHPUT_SIZE)"; \
	  echo "== throughput on $$url (gunicorn 127.0.0.1:$(BENCH_PORT))"; \
	  DATABASE_URL=$$url DEBUG=0 PEERSUPPORT_BENCH_BARE_VIEW=1 $(VENV)/bin/gunicorn peersupport.wsgi \
	    --bind 127.0.0.1:$(BENCH_PORT) --workers 2 --threads 4 --log-level warning \
	    --pid var/bench-gunicorn.pid --daemon || exit 1; \
	  for i in $$(seq 50); do curl -s -o /dev/null http://127.0.0.1:$(BENCH_PORT)/healthz && break; sleep 0.2; done; \
	  DATABASE_URL=$$url DEBUG=0 $(PY) manage.py bench --size $(BENCH_THROUGHPUT_SIZE) \
	    --throughput http://127.0.0.1:$(BENCH_PORT) --out $(BENCH_OUT); \
	  status=$$?; kill $$(cat var/bench-gunicorn.pid); exit $$status

LOAD_DB ?= peersupport_load
loadtest: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(LOAD_DB)
loadtest: export REQUIRE_MFA_FOR_LEADS = 0
loadtest: export PEERSUPPORT_TOOLING = 1
loadtest: export ALLOWED_HOSTS = 127.0.0.1,localhost
loadtest: export SECRET_KEY ?= loadtest-only-secret-key-not-for-production-0123456789abcdef
loadtest: export SECURE_SSL_REDIRECT = 0
loadtest: export SECURE_COOKIES = 0
loadtest: export SIGN_INS_PER_IP_PER_MINUTE = 1000
loadtest: $(STAMP) ## 50 concurrent users walk the main pages on gunicorn + PostgreSQL; prints errors and p95
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$(LOAD_DB)'" | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(LOAD_DB)"
	$(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v0
	rm -rf var/cache
	$(VENV)/bin/gunicorn peersupport.wsgi --bind 127.0.0.1:8765 --workers 4 --threads 4 --log-level warning --pid var/loadtest.pid --daemon
	for i in $$(seq 50); do curl -s -o /dev/null http://127.0.0.1:8765/healthz >/dev/null && break; sleep 0.2; done
	$(PY) manage.py loadtest --base-url http://127.0.0.1:8765 --users 50 --rounds 5 --seconds 180; \
	  status=$$?; kill $$(cat var/loadtest.pid); exit $$status

messages: export PEERSUPPORT_TESTING = 1
messages: $(STAMP) ## Update the Spanish catalogue from the marked strings, then compile it (needs GNU gettext)
	$(PY) manage.py makemessages -l es -i "var/*" -i "tests/*" -i "bench/*" -i "docs/*" -i "deploy/*" -i "static/*"
	$(PY) manage.py compilemessages -l es

lint: $(STAMP) ## Format and lint the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## Remove the local database, mail and broker folders (not .venv)
	rm -rf var

screenshots: export PEERSUPPORT_TESTING = 1
screenshots: $(STAMP) ## Each role's home and main page at 390 and 1366 px, saved under var/screenshots/
	CHROMIUM_PATH=$${CHROMIUM_PATH:-/usr/bin/chromium} $(VENV)/bin/pytest tests/browser/screenshots.py -q -p no:randomly
