# make corpus   build corpora/ into out/ (TMX, TSV, report), in its own virtualenv
# make test     run the test suite, in its own virtualenv
# make bench    benchmarks (needs ../shared/eval for the Bible set)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: corpus test bench install clean

$(BIN)/bitext: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/bitext

corpus: install
	$(BIN)/bitext build corpora -o $(OUT)

test: install
	$(BIN)/python -m pytest -q

# Not part of the tests: speed and memory against galechurch and NLTK, accuracy on the Bible set.
bench: install
	$(BIN)/pip install --quiet galechurch
	$(BIN)/python benchmarks/speed.py --peer-max-cells 2e9
	$(BIN)/python benchmarks/bible.py --ablation --thresholds
	$(BIN)/python benchmarks/mining.py --sizes 1000,10000 --memory 5000 --whole-bible
	$(BIN)/python benchmarks/structure.py

clean:
	rm -rf $(VENV) $(OUT) build src/*.egg-info .pytest_cache .hypothesis
