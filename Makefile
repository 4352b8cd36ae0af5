PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup bytecode compile run test bench bench-instructions train eval clean chromium allocator

setup: $(STAMP) allocator

# jemalloc for the `cepi` command's process (pipeline/allocator.py: ~2.5% less CPU than glibc's
# malloc). Optional: where it cannot be installed the command uses the system's allocator.
allocator:
	@ls /usr/lib/*-linux-gnu/libjemalloc.so.2 >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq libjemalloc2) >/dev/null 2>&1 || echo "libjemalloc2 not installed: the cepi command uses the system's allocator"

# Idempotent: re-runs only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q pip==26.3 setuptools==84.2.1 wheel==0.48.0
	$(BIN)/pip install -q numpy==2.2.6 cython==3.3.1
	# pkuseg's setup.py imports numpy, so it cannot build in an isolated env.
	$(BIN)/pip install -q --no-build-isolation pkuseg==0.0.25
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# An editable install compiles none of cepi's modules, and where PYTHONDONTWRITEBYTECODE is set (as
# in some containers) Python then compiles all 55 from source at every start: 0.13 s of each
# `cepi extract` start-up. compileall writes what is missing or stale (it ignores that setting).
bytecode: setup
	$(BIN)/python -m compileall -q pipeline

# The hot modules compiled with Cython (pinned above), profile-guided: compiled with counters, a
# training run over the sample corpus and synthetic documents, compiled again at -O2 laid out by
# what ran (~2.5 min on 2 cores; one worker's wall clock -3.5% against a plain -O1 build). A build
# whose modules are current is a no-op; `python -m pipeline.native_build --quick` compiles only
# what changed, without a profile (development). A module is used compiled only while it matches its
# source (pipeline/native.py), so an edit never runs stale code. Without a compiler the build
# fails with a message and cepi runs as pure Python, with the same results.
compile: setup
	-$(BIN)/python -m pipeline.native_build

run: setup bytecode compile
	$(BIN)/cepi extract corpora/sample --out out/ --show-facts
	$(BIN)/cepi compare out/ --out out-compare/
	$(BIN)/cepi report out/ --out out-compare/report.html

test: setup compile
	$(BIN)/python -m pytest

# BENCH_MB=2 make bench for a quick look; results in bench/results.json
BENCH_MB ?= 50
bench: setup bytecode compile
	$(BIN)/python -m pipeline.bench --mb $(BENCH_MB)

# The one-worker ratio to jieba in instructions (valgrind): repeatable on a busy machine.
bench-instructions: setup bytecode compile
	command -v valgrind >/dev/null || (apt-get update -qq && apt-get install -y -qq valgrind)
	$(BIN)/python -m pipeline.bench_instructions

# Score the development sets with ../shared/eval's scorers (a report, never a gate).
eval: setup compile
	$(BIN)/python -m pipeline.evaluate --shared ../shared --out out-eval

train: setup
	$(BIN)/python -m pipeline.train

# Headless Chromium for the report's browser test (tests skip without it); Debian's package, as root.
chromium:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)

clean:
	rm -rf out/ out-compare/ out-eval/ out-notebook/ .pytest_cache
	test ! -x $(BIN)/python || $(BIN)/python -m pipeline.native_build --clean

# Optional OCR for scanned PDFs and images (Debian packages; needs root). The font is only
# for the OCR tests, which draw a scan; they skip without it.
.PHONY: setup-ocr
setup-ocr:
	apt-get update -qq
	apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei

# Optional converters for true Word 97-2003 / WPS binaries (.doc, .wps) and .xls tests.
.PHONY: setup-office
setup-office:
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui antiword
