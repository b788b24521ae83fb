# The single entry point: install, train, shell, run, test, lint.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
MODEL := models/assistant.tar.gz
SPACY_PIPELINE := .spacy/en_blank_lookup/meta.json
ENCODER := .encoder/minilm-int8.onnx .encoder/minilm-int8.onnx.data
# Rasa 3.6 needs Python 3.8 to 3.10: pyenv's 3.10.13 if present, else python3.10.
PYTHON310 ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.10.13/bin/python3.10) $(shell command -v python3.10 2>/dev/null))

# Every recipe runs in the quiet environment of harness/quiet.py (no TensorFlow chatter,
# telemetry or deprecation warnings); any Python 3 can print it, before the venv exists.
QUIET_ENV := $(shell $(firstword $(wildcard $(BIN)/python) python3) -m harness.quiet)
$(if $(QUIET_ENV),,$(error python3 -m harness.quiet printed no settings))
$(foreach setting,$(QUIET_ENV),$(eval export $(setting)))

VOCABULARY := data/nlu/lookups/entities.yml data/nlu/lookups/terms.yml data/nlu/synonyms.yml
# What follows from the document's parts: domain.yml's generated blocks and two rule files.
GENERATED_PARTS := domain.yml data/rules/parts.yml data/rules/asked_again.yml
KNOWLEDGE_DATA := $(wildcard knowledge/data/*.yml)
# The NLU reads the knowledge package's data too (addons/uncovered_ideas.py).
# The Rasa server's components and the knowledge code they train with are inputs too:
# Rasa's cache retrains only the components whose fingerprints changed.
TRAINING_FILES := config.yml $(shell find data -name '*.yml') $(VOCABULARY) \
  $(GENERATED_PARTS) $(KNOWLEDGE_DATA) $(wildcard addons/*.py knowledge/*.py)

WIDGET := web/node_modules/rasa-webchat/lib/index.js
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

vocabulary: $(VOCABULARY)

.PHONY: help install browser vocabulary package train shell run run-scaled web bench fuzz soak review review-accept test test-unit test-stories test-e2e test-bench-smoke validate lint clean

help:
	@echo "make shell   chat with the assistant in the terminal (installs and trains if needed)"
	@echo "make run     serve the REST webhook on :5005 (action server on :5055)"
	@echo "make run-scaled  SERVERS=2 servers sharing PostgreSQL and Redis (docs/operations.md, Scaling out)"
	@echo "make web     the chat widget's demo page on http://localhost:8080"
	@echo "make test    lint, validate the data and run every test"
	@echo "make bench   accuracy, speed and memory against the stock assistant -> bench/results.md"
	@echo "make fuzz    10,000 generated bad requests -> results/fuzz.md; make soak: an hour of load -> results/soak.md"
	@echo "make review  what users asked that got no answer -> results/review.md (SINCE=7d, ENDPOINTS=endpoints.yml)"
	@echo "make review-accept GROUPS=1=intent,3  write reviewed groups to data/nlu/review_accepted.yml"
	@echo "make package  each server's image as a folder -> build/ (docs/operations.md)"
	@echo "make install (what chatting needs) / make train / make lint / make clean"

# What chatting and serving need: Python packages and the spaCy pipeline. The widget's
# bundle comes with `make web`, and the browser with the tests that drive it.
install: $(VENV)/.installed $(SPACY_PIPELINE) $(ENCODER)

$(VENV)/.installed: requirements.txt requirements-actions.txt requirements-dev.txt requirements-nodeps.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it or set PYTHON310=/path/to/python3.10"; exit 1; }
	test -x $(BIN)/python || $(PYTHON310) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-nodeps.txt
	# TensorFlow 2.12 declares JAX for its TFLite converter, which Rasa never calls;
	# installed, `import tensorflow` loads it: about 100 MB more in every Rasa server
	# and half a second more to start (bench/choices.md).
	$(BIN)/pip uninstall --quiet --yes jax jaxlib
	touch $@

$(SPACY_PIPELINE): scripts/build_spacy_pipeline.py $(VENV)/.installed
	$(BIN)/python -m scripts.build_spacy_pipeline

# A new encoder changes every sentence vector: Rasa's training cache goes with it.
$(ENCODER) &: scripts/build_encoder.py knowledge/encoder.py $(VENV)/.installed
	$(BIN)/python -m scripts.build_encoder
	rm -rf .rasa/cache

# rasa-webchat's bundle is self-contained; its build dependencies are installed with
# it but never loaded.
$(WIDGET): web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Only the end-to-end tests need a browser: tests/e2e/test_widget.py drives Debian's
# Chromium through Playwright (installed with root rights when missing).
browser:
	@command -v chromium >/dev/null || $(SUDO) apt-get install -y -q chromium \
	  || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# The NLU's lookup tables and synonyms are generated from the knowledge package's
# catalogues (scripts/generate_vocabulary.py).
$(VOCABULARY) &: $(KNOWLEDGE_DATA) knowledge/catalogues.py scripts/generate_vocabulary.py $(VENV)/.installed
	$(BIN)/python -m scripts.generate_vocabulary
	touch $(VOCABULARY)

# The answers, thread mappings and rules that follow from the document's parts
# (scripts/generate_parts.py): it rewrites only domain.yml's generated blocks.
$(GENERATED_PARTS) &: $(KNOWLEDGE_DATA) knowledge/document.py scripts/generate_parts.py $(VENV)/.installed
	$(BIN)/python -m scripts.generate_parts
	touch $(GENERATED_PARTS)

train: $(MODEL)

# Each server's image as a folder (build/action-server, build/rasa-server): the files a
# container build copies (scripts/package_servers.py, docs/operations.md).
package: install train
	$(BIN)/python -m scripts.package_servers build

$(MODEL): $(TRAINING_FILES) $(VENV)/.installed $(SPACY_PIPELINE) $(ENCODER)
	$(RASA) train --fixed-model-name assistant --out models
	touch $@

# The terminal chat (addons/terminal.py): free typing after every reply, buttons as
# numbered choices. `rasa shell` works too.
shell: install train
	@scripts/chat.sh

# Optional settings (scripts/serve.sh): WEB_ORIGINS="https://example.org" allows that
# page's widget (CORS); RASA_AUTH_TOKEN=<secret> enables Rasa's HTTP API behind it.
run: install train
	scripts/with_action_server.sh scripts/serve.sh

# SERVERS Rasa servers (ports 5005, 5006, ...) on PostgreSQL and Redis: docs/operations.md, "Scaling out".
run-scaled: install train
	scripts/with_action_server.sh scripts/run_scaled.sh

web: install train $(WIDGET)
	scripts/with_action_server.sh scripts/serve_web.sh

validate: install
	$(BIN)/python -m scripts.validate_data

test-unit: install
	$(BIN)/pytest tests --ignore=tests/e2e -q

test-stories: install train
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/stories

test-e2e: install train $(WIDGET) browser
	$(BIN)/pytest tests/e2e -q

test: lint validate test-unit test-stories test-e2e test-bench-smoke

# The bench itself is no test: this smoke run (one round, a few messages) keeps it working.
test-bench-smoke: install train
	$(BIN)/python -m bench.run_bench --smoke

bench: install train
	$(BIN)/python -m bench.run_bench

# Long runs, not in `make test` (which runs each briefly): 10,000 generated bad
# requests and 1,000 Socket.IO payloads (results/fuzz.md), and an hour of 8 users in
# conversations of 200 turns (results/soak.md, results/soak.png).
fuzz: install train
	FUZZ_EXAMPLES=10000 FUZZ_SOCKET_EXAMPLES=1000 FUZZ_REPORT=1 $(BIN)/pytest tests/e2e/test_fuzz.py -q

soak: install train
	SOAK_SECONDS=3600 SOAK_TURNS=200 SOAK_MAX_GROWTH=0.05 $(BIN)/pytest tests/e2e/test_soak.py -q -s

# Conversation review (review/): the stored conversations of the last SINCE, read
# through the tracker store ENDPOINTS names (endpoints.scale.yml for PostgreSQL).
SINCE ?= 7d
ENDPOINTS ?= endpoints.yml
review: install
	$(BIN)/python -m review --since $(SINCE) --endpoints $(ENDPOINTS) $(REVIEW_FLAGS)

review-accept: install
	@test -n "$(GROUPS)" || { echo "Name the groups of results/review.md: make review-accept GROUPS=1=intent_name,3"; exit 1; }
	$(BIN)/python -m review --since $(SINCE) --endpoints $(ENDPOINTS) --accept $(GROUPS) $(REVIEW_FLAGS)

lint: install
	$(BIN)/ruff check actions addons knowledge tests scripts bench harness review
	$(BIN)/ruff format --check actions addons knowledge tests scripts bench harness review

clean:
	rm -rf models results logs build .spacy .encoder web/node_modules
	@echo "Conversations in state/ are kept; delete state/conversations.db to forget them."
