#!/usr/bin/env bash
# Debian packages: espeak-ng (offline Indonesian TTS), ffmpeg (audio conversion),
# chromium + chromium-driver (kiosk and console browser tests), nodejs + npm (the back
# office's front-end libraries, office_ui/package-lock.json).
set -euo pipefail
pkgs=(espeak-ng ffmpeg chromium chromium-driver nodejs)
# npm: Debian's package, unless an npm is already on PATH (e.g. one that came with node)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && { echo "[setup] Debian packages present"; exit 0; }
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[setup] WARNING: install ${missing[*]} with your system's package manager" >&2; exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "[setup] installing Debian packages: ${missing[*]}"
$SUDO apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
