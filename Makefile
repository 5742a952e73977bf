# The two commands: `make run` starts the bot, `make test` checks everything.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench faults lint clean

run: $(VENV)/.installed
	$(BIN)/facilitator db upgrade
	$(BIN)/facilitator run

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile
	$(BIN)/pytest -q

# Benchmarks: each replaces its own section of bench/RESULTS.md.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.fanout_bench
	$(BIN)/python -m bench.teams_fanout_bench
	$(BIN)/python -m bench.report_bench
	$(BIN)/python -m bench.startup_bench
	$(BIN)/python -m bench.relay_bench
	$(BIN)/python -m bench.slot_choice_bench
	$(BIN)/python -m bench.ack_bench
	$(BIN)/python -m bench.rhythm_bench

# Real processes killed and failed on purpose: lost and duplicated messages (bench/faults.py).
faults: $(VENV)/.installed-dev
	$(BIN)/python -m bench.faults

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(BIN)/python:
	@python=$$(scripts/find-python) && "$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) *.egg-info .mypy_cache .ruff_cache .pytest_cache
