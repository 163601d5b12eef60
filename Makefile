# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# runs a command with a throw-away Neo4j server (tools/neo4j-test-server/README.md)
WITH_NEO4J := $(BIN)/python tools/neo4j-test-server/with_neo4j.py --
NEO4J_REPORT ?= test-reports/neo4j.json

.PHONY: run test test-neo4j system-deps neo4j-deps bench bench-neo4j clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: show the sample letters, then generate a demo corpus, ingest it and serve the explorer
run: $(STAMP)
	$(BIN)/vanban extract examples/letters
	$(BIN)/vanban demo

## system-deps: Debian's Chromium (browser tests) and DejaVu fonts (PDF fixtures), when missing
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "note: install chromium and fonts-dejavu-core for the browser and PDF tests"; fi; \
	fi

## neo4j-deps: a JDK 17 and Maven for the Neo4j test server, when missing (Debian packages)
neo4j-deps:
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
	  elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
	  else echo "note: install a JDK 17 and Maven for the Neo4j tests (they skip without)"; fi; \
	fi

## test: ruff, mypy, import-linter (api -> ingest -> graph) and pytest, the whole suite against a throw-away Neo4j server
test: $(STAMP) system-deps neo4j-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	VANBAN_NEO4J_REPORT=$(NEO4J_REPORT) $(WITH_NEO4J) $(BIN)/pytest -q

## test-neo4j: only the Neo4j tiers (contract suite on Neo4j, cross-store, end to end)
test-neo4j: $(STAMP) neo4j-deps
	VANBAN_NEO4J_REPORT=$(NEO4J_REPORT) $(WITH_NEO4J) $(BIN)/pytest -q -m neo4j
	$(BIN)/python tools/neo4j-test-server/check_report.py $(NEO4J_REPORT)

bench-neo4j: $(STAMP) neo4j-deps
	$(WITH_NEO4J) $(BIN)/python bench/neo4j_load.py

bench: $(STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/ingest.py --sizes 1000,10000

clean:
	rm -rf $(VENV) vanban-data vanban-demo .pytest_cache .mypy_cache .ruff_cache test-reports tools/neo4j-test-server/target
