#!/usr/bin/env bash
# `make eval`: validate the Rasa data, train the model (timed) and a variant without the
# colloquial normaliser, evaluate both on the held-out NLU test set, run the test stories,
# and write docs/nlu_report.md plus the NLU section of BENCHMARKS.md; then the conversation
# bench (tests/bench/: the Conversations section and docs/conversation_bench.md).
#   EVAL_QUICK=1 make eval   # no training: evaluate models/CURRENT only (no timing, no A/B)
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=. TF_CPP_MIN_LOG_LEVEL=3
RASA=.venv-rasa/bin/rasa
RPY=.venv-rasa/bin/python
OUT=runtime/eval
mkdir -p "$OUT"
say() { printf '\033[1m[eval]\033[0m %s\n' "$*"; }

say "knowledge base -> FAQ data up to date?"
.venv/bin/python scripts/build_faq.py --check

say "rasa data validate"
$RASA data validate --domain bot/domain --data bot/data nlu_data --config bot/config.yml \
  >"$OUT/validate.log" 2>&1 || { tail -30 "$OUT/validate.log"; exit 1; }
grep -ciE "warn" "$OUT/validate.log" >"$OUT/validate_warnings.txt" || true

timed() {  # name command... -> $OUT/<name>.train.json (wall and CPU seconds, peak RSS)
  local name=$1 load start end rss usr sys
  shift
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  say "training $name"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$OUT/$name.rss" "$@" >"$OUT/$name.train.log" 2>&1 \
    || { tail -30 "$OUT/$name.train.log"; exit 1; }
  end=$(date +%s.%N)
  read -r rss usr sys < <(tail -1 "$OUT/$name.rss")
  echo "{\"seconds\": $(echo "$end - $start" | bc), \"cpu_seconds\": $(echo "$usr + $sys" | bc), \"peak_rss_kb\": $rss, \"cores\": $(nproc), \"load_before\": \"$load\"}" \
    >"$OUT/$name.train.json"
  say "$name trained in $(echo "$end - $start" | bc | cut -d. -f1) s wall, $(echo "$usr + $sys" | bc) s CPU"
}

if [ "${EVAL_QUICK:-}" = "1" ]; then
  MAIN=$(cat models/CURRENT)
  $RPY scripts/eval_nlu.py "$MAIN" "$OUT/main.json"
  rm -f "$OUT/no_normalizer.json" "$OUT/main.train.json" "$OUT/no_normalizer.train.json"
else
  # the real model (models/CURRENT, used by make run / make test), retrained and timed;
  # an empty cache, so the time is that of a full training (a warm .rasa cache retrains
  # only what changed: 12 s instead of about 60 s)
  RASA_CACHE_DIRECTORY="$OUT/empty-cache" timed main bash scripts/train.sh --force
  rm -rf "$OUT/empty-cache"
  sed 's/name: bot.components.normalizer.ColloquialNormalizer/name: WhitespaceTokenizer/' \
    bot/config.yml >"$OUT/config_no_normalizer.yml"
  grep -q "name: WhitespaceTokenizer" "$OUT/config_no_normalizer.yml"
  RASA_CACHE_DIRECTORY="$OUT/empty-cache" timed no_normalizer $RASA train --quiet --config "$OUT/config_no_normalizer.yml" \
    --domain bot/domain --data bot/data nlu_data --out "$OUT/models" \
    --fixed-model-name no_normalizer
  rm -rf "$OUT/empty-cache"
  MAIN=$(cat models/CURRENT)
  $RPY scripts/eval_nlu.py "$MAIN" "$OUT/main.json"
  $RPY scripts/eval_nlu.py "$OUT/models/no_normalizer.tar.gz" "$OUT/no_normalizer.json"
fi
# the second held-out set, written after the training data was tuned (see its header)
$RPY scripts/eval_nlu.py "$MAIN" "$OUT/fresh.json" --test tests/data/nlu_heldout_fresh.yml

say "what a citizen gets: topic, follow-up and emergency accuracy (scripts/eval_system.py)"
.venv/bin/python scripts/eval_system.py texts "$OUT/texts.json"
$RPY scripts/eval_nlu.py "$MAIN" "$OUT/main.parses.json" --parse-only "$OUT/texts.json"
.venv/bin/python scripts/eval_system.py score "$OUT/main.parses.json" "$OUT/system.json"
rm -f "$OUT/system_variant.json" "$OUT/variant.txt"
if [ "${EVAL_QUICK:-}" != "1" ]; then
  # the semantic layer (multilingual-e5-small): the same data with it toggled
  .venv/bin/python scripts/eval_system.py variant bot/config.yml "$OUT/config_variant.yml" \
    >"$OUT/variant.txt"
  say "training the variant $(cat "$OUT/variant.txt") the semantic layer"
  RASA_CACHE_DIRECTORY="$OUT/empty-cache" timed variant $RASA train nlu --quiet \
    --config "$OUT/config_variant.yml" --domain bot/domain --nlu nlu_data --out "$OUT/models" \
    --fixed-model-name variant
  rm -rf "$OUT/empty-cache"
  $RPY scripts/eval_nlu.py "$OUT/models/variant.tar.gz" "$OUT/variant.parses.json" \
    --parse-only "$OUT/texts.json"
  .venv/bin/python scripts/eval_system.py score "$OUT/variant.parses.json" \
    "$OUT/system_variant.json"
  say "the semantic layer's added latency per turn, paired"
  if [ "$(cat "$OUT/variant.txt")" = "without" ]; then
    $RPY scripts/e5_latency.py "$MAIN" "$OUT/models/variant.tar.gz" "$OUT/texts.json" "$OUT/paired_latency.json"
  else
    $RPY scripts/e5_latency.py "$OUT/models/variant.tar.gz" "$MAIN" "$OUT/texts.json" "$OUT/paired_latency.json"
  fi
fi

say "test stories (rasa test core)"
rm -rf "$OUT/core"
$RASA test core --model "$MAIN" --stories tests/stories --out "$OUT/core" \
  >"$OUT/core.log" 2>&1 || { tail -30 "$OUT/core.log"; exit 1; }

say "report"
.venv/bin/python scripts/nlu_report.py "$OUT"

# simulated citizens against the real system (issue 12); EVAL_QUICK=1: the fast subset,
# printed only (BENCHMARKS.md keeps the figures of the last full run)
say "conversation bench"
if [ "${EVAL_QUICK:-}" = "1" ]; then
  .venv/bin/python -m tests.bench.runner --quick
else
  .venv/bin/python -m tests.bench.runner --write
fi
