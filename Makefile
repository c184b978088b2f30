# Two commands: `make run` serves the demo, `make test` runs every test (and the import contracts).
PY := .venv/bin/python
PIP := .venv/bin/pip

.PHONY: run test install install-test system-deps catalogues

run: install
	.venv/bin/hustings run $(ARGS)

test: install-test system-deps
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/python -m pytest

install: .venv/.installed
.venv/.installed: pyproject.toml
	python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

install-test: .venv/.installed-test
.venv/.installed-test: pyproject.toml .venv/.installed
	$(PIP) install -q -e '.[test]'
	touch $@

# Playwright cannot download its own browser here: use Debian's Chromium. wrk drives load tests.
system-deps:
	@command -v chromium >/dev/null && command -v wrk >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && \
	  $$SUDO apt-get install -y -q --no-install-recommends chromium fonts-liberation wrk; }

# After changing wording in templates or code: refresh every language's catalogue
# (docs/translating.md). Catalogues are read as .po at start: there is no compile step.
BABEL_KEYWORDS := -k N_ -k NP_:1c,2 -k translate:2 -k translated:2
catalogues: install
	.venv/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
	  --omit-header -o translations/messages.pot .
	.venv/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching \
	  --omit-header
