#!/bin/sh
# Rasa server of Halo Warga. Secrets and addresses come from the environment
# (deploy/rasa/endpoints.yml reads them with ${VAR}); nothing is baked into the image.
set -eu
: "${HALO_RASA_TOKEN:?HALO_RASA_TOKEN must be set}"
: "${HALO_ACTION_SECRET:?HALO_ACTION_SECRET must be set}"
: "${HALO_ACTION_ENDPOINT_URL:?HALO_ACTION_ENDPOINT_URL must be set}"
# Redis without a password (a private network): endpoints.yml still needs the variable
export HALO_REDIS_PASSWORD="${HALO_REDIS_PASSWORD:-}"
exec rasa run \
  --enable-api \
  --auth-token="${HALO_RASA_TOKEN}" \
  --interface 0.0.0.0 \
  --port "${HALO_RASA_PORT:-5005}" \
  --model "${HALO_RASA_MODEL:-/srv/halo/models/halo.tar.gz}" \
  --endpoints "${HALO_RASA_ENDPOINTS:-deploy/rasa/endpoints.yml}" \
  --credentials bot/credentials.yml \
  "$@"
