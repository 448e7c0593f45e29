# Halo Warga. `make run` and `make test` set everything up on a fresh machine first.
PY := .venv/bin/python
export PYTHONPATH := $(CURDIR)

.PHONY: setup run test test-fast lint format eval bench bench-conv bench-kiosk train clean audit deploy-check faults load

setup:            ## environments, Debian packages, speech model, Rasa model (idempotent)
	@bash scripts/setup.sh

run: setup        ## the whole system on embedded defaults (SQLite, local models)
	@$(PY) scripts/run.py

test: setup       ## every test CI runs (unit + end-to-end with the real Rasa server)
	@$(PY) -m pytest -q

test-fast: setup  ## unit tests only
	@$(PY) -m pytest -q -m "not e2e"

lint: setup       ## ruff format --check, ruff check, mypy, the import contract (pyproject.toml)
	@.venv/bin/ruff format --check .
	@.venv/bin/ruff check .
	@.venv/bin/mypy core app actions channels voice
	@.venv/bin/lint-imports

audit: setup      ## attack tests of every door and privacy rule, bandit, pip-audit
	@bash scripts/audit.sh

faults: setup     ## only the fault tests (tests/faults; also in make test): real Rasa on private PostgreSQL/Redis
	@$(PY) -m pytest -q tests/faults tests/rasa/test_resilience.py

load: setup       ## load test: 2 Rasa + 2 app on local PostgreSQL/Redis, consistency checked -> BENCHMARKS.md
	@$(PY) scripts/load_test.py --write $(LOAD_ARGS)

deploy-check: setup ## validate deploy/ (hadolint, compose config, helm lint/render, k8s schemas; live on local PostgreSQL/Redis)
	@bash scripts/validate_deploy.sh

format:
	@.venv/bin/ruff format . && .venv/bin/ruff check --fix .

train:            ## retrain the Rasa model even if nothing changed
	@bash scripts/train.sh --force

eval: setup       ## validate data, held-out NLU test, test stories -> docs/nlu_report.md
	@bash scripts/eval.sh

bench-conv: setup ## conversation bench: 150+ simulated citizens -> BENCHMARKS.md, docs/conversation_bench.md
	@$(PY) -m tests.bench.runner $(if $(filter 1,$(EVAL_QUICK)),--quick,--write)

bench: setup      ## speed and memory figures, a text turn's per-stage breakdown -> BENCHMARKS.md
	@$(PY) scripts/bench.py
	@$(PY) scripts/turn_breakdown.py

bench-kiosk: setup ## kiosk latency in real Chromium (end of speech -> first sound) -> BENCHMARKS.md
	@$(PY) scripts/bench_kiosk.py

clean:
	rm -rf .venv .venv-rasa .venv-audit .venv-deploy models runtime .mypy_cache .ruff_cache .pytest_cache
