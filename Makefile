# Two commands on a fresh clone: `make run` codes seeds/ into output/, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INPUT  ?= seeds
OUTPUT ?= output

.PHONY: run test chromium lint schemas bench bench-consolidation replay-incremental bench-object-storage bench-prescan bench-stages clean

# Re-install whenever pyproject.toml changes; the stamp keeps repeated runs fast.
$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "eventwire needs Python >= 3.11, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/eventwire run --input $(INPUT) --output $(OUTPUT)

# The report's browser test drives Debian's headless Chromium; installed here when missing (CI runs as root on a
# fresh machine). Elsewhere without root the test skips, and under CI it fails, saying why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "make: could not install chromium (needs root and apt-get): the report's browser test will not run"

# Lint, formatting and types first (seconds), then the suite.
test: $(BIN)/.installed chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Regenerate schemas/json/*.schema.json after changing a record model.
schemas: $(BIN)/.installed
	$(BIN)/python -m schemas.generate

# Throughput and peak memory (articles/s, words/s, MB) against a bare spaCy parse of the same texts.
N ?= 2000
WORKERS ?= 2
RUNNER ?= process
bench: $(BIN)/.installed
	$(BIN)/python bench/bench.py -n $(N) --workers $(WORKERS) --runner $(RUNNER)

# Consolidation of one month of M synthetic mentions: assign ids, build events, rebuild the month; then a night
# of NIGHT mentions consolidated incrementally against synthetic histories of HISTORY mentions (comma-separated).
M ?= 100000
HISTORY ?= 300000,3000000
NIGHT ?= 20000
bench-consolidation: $(BIN)/.installed
	$(BIN)/python bench/consolidation.py -m $(M)
	$(BIN)/python bench/consolidation.py --history $(HISTORY) --night $(NIGHT)

# Incremental consolidation against a full rebuild: REPLAY_N bench-like articles coded over REPLAY_NIGHTS nights, in
# publication order and shuffled; every difference is printed (exit 1 when there is one).
REPLAY_N ?= 500
REPLAY_NIGHTS ?= 20
replay-incremental: $(BIN)/.installed
	$(BIN)/python bench/replay.py -n $(REPLAY_N) --nights $(REPLAY_NIGHTS)
	$(BIN)/python bench/replay.py -n $(REPLAY_N) --nights $(REPLAY_NIGHTS) --shuffle

# A night of OS_NIGHT synthetic mentions on object storage (a local S3 server) against histories of OS_HISTORY
# mentions (comma-separated): the plan's read of the article ids, what the working copy fetches (MB by table),
# consolidation, the run report's fetch, the Delta commits; wall and CPU time, peak memory.
OS_HISTORY ?= 40000,160000,640000
OS_NIGHT ?= 2000
bench-object-storage: $(BIN)/.installed
	$(BIN)/python bench/object_storage.py --history $(OS_HISTORY) --night $(OS_NIGHT)

# What the sentence pre-scan changes: every sentence parsed vs only the kept ones, on the same articles.
bench-prescan: $(BIN)/.installed
	$(BIN)/python bench/prescan.py

# Where a run's time goes, stage by stage, in one process (CPU seconds), beside a bare parse of the same texts.
bench-stages: $(BIN)/.installed
	$(BIN)/python bench/stages.py -n $(or $(STAGES_N),200) --repeat 3

clean:
	rm -rf $(VENV) .pytest_cache
