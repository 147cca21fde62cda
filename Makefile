# claimtrace: `make demo` sets everything up and runs the main job; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := demo/claimtrace-demo.db
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test bench clean train-deps

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Only to re-train the shipped models, in a venv of their own (.venv-train): with torch beside spaCy,
# thinc imports it in every process that loads spaCy (about 1.2 s more on a cold check; the claimtrace
# command hides it, code importing claimtrace as a library does not), and the runtime never needs it. Torch first, pinned, so pip takes the CPU build instead of a multi-GB CUDA one; then MiniLM,
# sentence-transformers and model2vec's distiller.
TRAIN_VENV := .venv-train
train-deps:
	test -d $(TRAIN_VENV) || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install --quiet --upgrade pip
	$(TRAIN_VENV)/bin/pip install --quiet torch==2.13.0
	$(TRAIN_VENV)/bin/pip install --quiet -e '.[test,train]'

install: $(STAMP)

demo: $(STAMP)
	mkdir -p demo
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/claimtrace ingest examples/demo_corpus/articles --db $(DEMO_DB)
	$(BIN)/claimtrace docs --db $(DEMO_DB)
	$(BIN)/claimtrace check "Valdoria and Kestrania signed a secret mutual defence pact" --db $(DEMO_DB) -o demo/report.html
	@echo "Open demo/report.html in a browser; try also: .venv/bin/claimtrace quotes --db $(DEMO_DB)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) $(TRAIN_VENV) demo build *.egg-info .pytest_cache
