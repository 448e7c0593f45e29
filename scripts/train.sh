#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed. The model is named after a
# fingerprint of config, domain, stories, rules, NLU data and custom components.
set -euo pipefail
cd "$(dirname "$0")/.."
# FAQ training data and answers are generated from knowledge_base/ (committed; regenerated here).
if [ -x .venv/bin/python ]; then PYTHONPATH=. .venv/bin/python scripts/build_faq.py; fi
fp=$(find bot nlu_data knowledge_base -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.txt' \) \
       -not -path '*/__pycache__/*' -not -name 'credentials*.yml' -not -name 'endpoints*.yml' \
       | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
model="models/halo-$fp.tar.gz"
if [ -f "$model" ] && [ "${1:-}" != "--force" ]; then
  echo "[setup] Rasa model up to date ($model)"
else
  echo "[setup] training Rasa model -> $model"
  start=$(date +%s)
  PYTHONPATH=. .venv-rasa/bin/rasa train --quiet \
    --config bot/config.yml --domain bot/domain --data bot/data nlu_data \
    --out models --fixed-model-name "halo-$fp" >runtime-train.log 2>&1 \
    || { tail -40 runtime-train.log >&2; echo "[setup] training failed (full log: runtime-train.log)" >&2; exit 1; }
  echo "[setup] trained in $(( $(date +%s) - start )) s"
  rm -f runtime-train.log
fi
ls -1t models/halo-*.tar.gz | tail -n +4 | xargs -r rm -f   # keep the three newest
echo "$model" > models/CURRENT
