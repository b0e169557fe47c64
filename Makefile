# `make run` and `make test` are the two commands of the README; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstalled whenever pyproject.toml changes.
STAMP_APP := $(VENV)/.installed-app
STAMP_TEST := $(VENV)/.installed-test
# One thread and a passive wait policy: OpenMP spins otherwise (see assistant/runtime.py).
TEST_ENV := OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE ASSISTANT_THREADS=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

.PHONY: run test test-fast bench calibrate browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_APP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_APP)

run: $(STAMP_APP)
	$(BIN)/assistant index seeds/
	$(BIN)/assistant serve

test: $(STAMP_TEST) browser
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The unit tests alone (no browser, no processes or servers, nothing that embeds hundreds of
# passages), a test file per worker process: under two minutes. `make test` is the whole suite, as
# CI runs it, in one process. Each worker loads its own models (up to 4.7 GB resident here):
# TEST_WORKERS=1 on a small machine.
TEST_WORKERS ?= 2
test-fast: $(STAMP_TEST)
	$(TEST_ENV) $(BIN)/python -m pytest -m "not integration and not slow" -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; }

bench: $(STAMP_TEST) browser
	$(BIN)/pip install --quiet -e '.[test,bench]'
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/embeddings.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/retrieval.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/mixed.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/sentences.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/answers.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/scripts.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/topics.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/ui.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/stories.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/timeline.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/figures.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/periods.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/places.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/names.py
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/scale.py

# Re-fits the answer judge (assistant/answer/calibration.json) on the development sets.
calibrate: $(STAMP_TEST)
	OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/calibrate.py

clean:
	rm -rf $(VENV)
