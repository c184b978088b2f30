# Two commands: `make run` serves the demo, `make test` runs every test (and the import contracts).
PY := .venv/bin/python
PIP := .venv/bin/pip

.PHONY: run test test-sqlite test-postgres install install-test system-deps lock catalogues

run: install
	.venv/bin/hustings run $(ARGS)

# Every test on SQLite and, side by side on the second core, all but the browser tests again on a
# throwaway PostgreSQL; then the browser tests (SQLite) on a quiet machine.
test: install-test system-deps
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres
	.venv/bin/python -m pytest tests/browser

test-sqlite: install-test
	.venv/bin/python -m pytest --ignore=tests/browser

# Each test on its own fresh database in a cluster started in a temporary folder (tests/pg_cluster.py).
# The fuzz harness tries 5 examples a form here (25 on SQLite): every route and form still meets
# PostgreSQL, and CI stays under 30 minutes.
test-postgres: install-test
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then \
	  HUSTINGS_TEST_DB=postgres HUSTINGS_FUZZ_EXAMPLES=5 .venv/bin/python -m pytest --ignore=tests/browser; \
	else \
	  echo "SKIPPED: the PostgreSQL run (PostgreSQL is not installed: apt-get install postgresql)"; \
	fi

install: .venv/.installed
# Exactly the versions and files (by hash) in the lock files; `make lock` writes them afresh.
.venv/.installed: pyproject.toml requirements.lock
	python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes -r requirements.lock
	$(PIP) install -q --no-deps -e .
	touch $@

install-test: .venv/.installed-test
.venv/.installed-test: requirements-test.lock .venv/.installed
	$(PIP) install -q --require-hashes -r requirements-test.lock
	$(PIP) install -q --no-deps -e '.[test]'
	touch $@

# One lock for every platform (markers kept), after a change of pins in pyproject.toml.
LOCK := .venv/bin/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 --quiet
lock: .venv/.installed-test
	$(LOCK) -o requirements.lock
	$(LOCK) --extra test -o requirements-test.lock

# Playwright cannot download its own browser here: use Debian's Chromium. wrk drives load tests.
# PostgreSQL: its programs only (the tests start their own throwaway cluster).
system-deps:
	@command -v chromium >/dev/null && command -v wrk >/dev/null \
	  && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  $$SUDO apt-get install -y -q --no-install-recommends chromium fonts-liberation wrk \
	    postgresql || echo "PostgreSQL could not be installed: its tests will be skipped"; }

# After changing wording in templates or code: refresh every language's catalogue
# (docs/translating.md). Catalogues are read as .po at start: there is no compile step.
BABEL_KEYWORDS := -k N_ -k NP_:1c,2 -k translate:2 -k translated:2
catalogues: install
	.venv/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
	  --omit-header -o translations/messages.pot .
	.venv/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching \
	  --width 100 --ignore-obsolete  # keep each catalogue's header (its plural rule) and layout
