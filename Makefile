# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test system-deps bench clean

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

## test: ruff, mypy, import-linter (api -> ingest -> graph) and pytest (installs Chromium for the browser tests when missing)
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/ingest.py --sizes 1000,10000

clean:
	rm -rf $(VENV) vanban-data vanban-demo .pytest_cache .mypy_cache .ruff_cache
