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

## run: ingest the sample letters into the embedded store and show what was found
run: $(STAMP)
	$(BIN)/vanban extract examples/letters
	$(BIN)/vanban ingest examples/letters --store vanban-data
	$(BIN)/vanban stats --store vanban-data
	$(BIN)/vanban trace 1068/CĐ-TTg --down --store vanban-data
	$(BIN)/vanban trace 3542/UBND-VX --down --level district --store vanban-data

## system-deps: Debian's Chromium (browser tests) and DejaVu fonts (PDF fixtures), when missing
system-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "note: install chromium and fonts-dejavu-core for the browser and PDF tests"; fi; \
	fi

## test: ruff, mypy and pytest (installs Chromium for the browser tests when missing)
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) vanban-data .pytest_cache .mypy_cache .ruff_cache
