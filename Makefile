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

# Only to re-train the shipped models: torch first, pinned, so pip takes the CPU build
# instead of a multi-GB CUDA one; then MiniLM, sentence-transformers and model2vec's distiller.
train-deps: $(STAMP)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,train]'

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
	rm -rf $(VENV) demo build *.egg-info .pytest_cache
