# newsetl — every target sets up what it needs (virtualenv, packages, Airflow DB, OpenSearch).
SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(CURDIR)
VENV := $(ROOT)/.venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3.11

export AIRFLOW_HOME := $(ROOT)/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER := $(ROOT)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(ROOT)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN := sqlite:///$(ROOT)/airflow_home/airflow.db
export AIRFLOW__LOGGING__BASE_LOG_FOLDER := $(ROOT)/airflow_home/logs
export NEWSETL_DATA_DIR ?= $(ROOT)/data
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup venv system-deps airflow-db opensearch opensearch-stop run test lint typecheck unit ui bench quality clean lock

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null
	@$(PY) -m pip install -q --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip install -q --python $(PY) -r requirements.lock
	$(BIN)/uv pip install -q --python $(PY) --no-deps -e .
	@touch $@

venv: $(VENV)/.installed ## virtualenv with the locked packages

system-deps: ## Debian packages: docker-compose (to validate the compose file)
	@command -v docker-compose >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null; \
	  else echo "docker-compose missing: sudo apt-get install docker-compose" >&2; exit 1; fi; }

setup: venv system-deps airflow-db ## everything: packages, Airflow DB

$(AIRFLOW_HOME)/.migrated: $(VENV)/.installed
	@mkdir -p $(AIRFLOW_HOME)
	$(BIN)/airflow db migrate >/dev/null
	$(BIN)/airflow pools import deploy/airflow/pools.json >/dev/null
	@touch $@

airflow-db: $(AIRFLOW_HOME)/.migrated ## migrate the local SQLite Airflow DB

opensearch: venv ## start (or reuse) the local OpenSearch node
	$(BIN)/newsetl opensearch start

opensearch-stop: ## stop the local OpenSearch node
	-$(BIN)/newsetl opensearch stop

run: setup opensearch ## one nightly run over the bundled sample site, then a search
	$(PY) scripts/run_sample.py

lint: venv
	$(BIN)/ruff check etl schemas dags plugins tests bench scripts

typecheck: venv
	$(BIN)/mypy etl schemas

unit: venv ## fast tests only (no OpenSearch, no Airflow run)
	$(BIN)/pytest -q -m "not integration" tests

test: setup lint typecheck ## the whole suite: lint, types, unit and integration (starts OpenSearch)
	@was_running=0; $(BIN)/newsetl opensearch status >/dev/null 2>&1 && was_running=1; \
	$(BIN)/newsetl opensearch start >/dev/null || exit 1; \
	$(BIN)/pytest -q tests; rc=$$?; \
	if [ $$was_running = 0 ]; then $(BIN)/newsetl opensearch stop; fi; \
	exit $$rc

ui: setup opensearch ## Airflow UI (airflow standalone); prints the login
	@echo "Airflow UI on http://localhost:8080 — login: admin, password in $(AIRFLOW_HOME)/simple_auth_manager_passwords.json.generated"
	PATH="$(BIN):$$PATH" NEWSETL_ALLOW_LOOPBACK=1 $(BIN)/airflow standalone

bench: setup opensearch ## throughput, write stage, extraction quality, load and search benchmarks -> docs/
	$(PY) bench/throughput.py
	$(PY) bench/write_scale.py
	$(PY) -m bench.extraction_quality
	$(BIN)/newsetl extract ../shared/corpus/article-extraction-benchmark/html --out $(ROOT)/data/bench --date 2026-01-01
	OPENSEARCH_URL=$$($(BIN)/newsetl opensearch url) $(PY) bench/index_bench.py --data $(ROOT)/data/bench

quality: venv ## entity, name, quote, image and geocoding quality on ../shared -> docs/QUALITY.md
	$(PY) bench/quality_entities.py
	$(PY) bench/quality_quotes.py
	$(PY) bench/quality_quotes.py --short-quotes off
	$(PY) -m bench.quality_images
	$(PY) -m bench.quality_places
	$(PY) -m bench.quality_names
	$(PY) -m bench.quality_corpus_quotes

lock: ## re-resolve requirements.lock from pyproject.toml
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean: opensearch-stop ## remove local state (data, Airflow home, virtualenv)
	rm -rf data airflow_home $(VENV)
