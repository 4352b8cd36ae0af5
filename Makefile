PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench train clean

setup: $(STAMP)

# Idempotent: re-runs only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q pip==26.3 setuptools==84.2.1 wheel==0.48.0
	$(BIN)/pip install -q numpy==2.2.6 cython==3.3.1
	# pkuseg's setup.py imports numpy, so it cannot build in an isolated env.
	$(BIN)/pip install -q --no-build-isolation pkuseg==0.0.25
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/cepi extract corpora/sample --out out/ --show-facts

test: setup
	$(BIN)/python -m pytest

# BENCH_MB=2 make bench for a quick look; results in bench/results.json
BENCH_MB ?= 50
bench: setup
	$(BIN)/python -m pipeline.bench --mb $(BENCH_MB)

train: setup
	$(BIN)/python -m pipeline.train

clean:
	rm -rf out/ .pytest_cache
