# Everything starts from python3 and make: the venv, uv inside it, then the locked workspace.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
RUN := $(UV) run --frozen --no-sync
# SecantusDB (GPL-2.0, beta) in an environment of its own: run as a process, never imported.
SECANTUS := .venv-secantus
SECANTUSD := $(SECANTUS)/bin/secantusd-py
# The trace UI (Phoenix, ~620 MB) in an environment of its own, installed only when asked for.
TRACEUI := .venv-traceui
PHOENIX := $(TRACEUI)/bin/phoenix
# `make demo TRACES=1`: the demo's spans go to the trace UI as well as to var/demo/traces/.
DEMO_FLAGS := $(if $(TRACES),--traces,) $(if $(KEEP),--keep,)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help sync traceui lint typecheck browser-deps test test-fast demo bench chaos fuzz schemas sbom clean

help:
	@echo "make demo   - the whole platform on the embedded default, a scripted contest"
	@echo "              (make demo TRACES=1: with the trace UI, see docs/traces.md)"
	@echo "make traceui - install the trace UI (Phoenix) into $(TRACEUI)"
	@echo "make test   - ruff, mypy and pytest against real servers started on loopback"
	@echo "make bench  - benchmarks, figures in var/bench/"
	@echo "make chaos  - the fault suite, tables in var/chaos/, then make fuzz"
	@echo "make fuzz   - schemathesis against every service's OpenAPI, long (FUZZ_EXAMPLES=400)"
	@echo "make sbom   - one CycloneDX SBOM per service image in var/sbom/, with a summary"

$(UV):
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

sync: $(UV) $(SECANTUSD)
	$(UV) sync --frozen --all-packages --python $(VENV)/bin/python

$(SECANTUSD): tools/secantusdb/requirements.txt | $(UV)
	$(UV) venv --quiet --allow-existing --python $(VENV)/bin/python $(SECANTUS)
	$(UV) pip install --quiet --require-hashes --python $(SECANTUS)/bin/python \
		-r tools/secantusdb/requirements.txt
	touch $@

traceui: $(PHOENIX)

$(PHOENIX): tools/traceui/requirements.txt | $(UV)
	$(UV) venv --quiet --allow-existing --python $(VENV)/bin/python $(TRACEUI)
	$(UV) pip install --quiet --require-hashes --python $(TRACEUI)/bin/python \
		-r tools/traceui/requirements.txt
	touch $@

lint: sync
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports --no-cache

typecheck: sync
	$(RUN) mypy

# The browser tests drive Debian's chromium (never a browser Playwright downloads) and inject
# axe-core pinned by tests/browser/package-lock.json. Missing pieces are installed as root;
# otherwise this fails with the reason, so the browser tests never silently skip.
CHROMIUM := /usr/bin/chromium
AXE_STAMP := tests/browser/node_modules/.installed
browser-deps:
	@if [ ! -x $(CHROMIUM) ] || ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && apt-get install -y chromium fonts-noto-cjk nodejs npm; \
	  else \
	    echo "browser-deps: $(CHROMIUM) or npm is missing and only root can install them:" >&2; \
	    echo "  sudo apt-get install -y chromium fonts-noto-cjk nodejs npm" >&2; exit 1; \
	  fi; \
	fi
	$(MAKE) --no-print-directory $(AXE_STAMP)

# npm ci again only when the lock file changes (npm dates the files it unpacks in 1985).
$(AXE_STAMP): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	touch $@

test: lint typecheck browser-deps
	$(RUN) pytest

test-fast: sync
	$(RUN) pytest -x -q tests/unit

schemas: sync
	$(RUN) python -m contracts.schemas docs/schemas

demo: sync browser-deps $(if $(TRACES),$(PHOENIX),)
	$(RUN) cityprize demo $(DEMO_FLAGS)

bench: sync
	$(RUN) python -m tests.bench

chaos: sync
	$(RUN) python -m tests.chaos
	$(MAKE) fuzz

# Schemathesis against intake's, review's and archive's OpenAPI, long (make test runs it short).
FUZZ_EXAMPLES ?= 400
fuzz: sync
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(RUN) pytest -q --timeout 3600 \
		tests/integration/test_intake_openapi_fuzz.py tests/integration/test_openapi_fuzz.py

# One CycloneDX JSON per service image from uv.lock, schema-checked, plus var/sbom/README.md.
sbom: sync
	$(RUN) python -m tests.release.sbom

clean:
	rm -rf var/run var/tmp .pytest_cache .mypy_cache .ruff_cache
