#!/usr/bin/env bash
# Print the path of a Python interpreter of the wanted minor versions, or fail with advice.
# Usage: scripts/find_python.sh 3.10            (exactly 3.10)
#        scripts/find_python.sh 3.11 3.12 3.13  (first found)
set -euo pipefail
for want in "$@"; do
  candidates=("python$want")
  if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for d in "$root"/versions/"$want".*; do [ -x "$d/bin/python$want" ] && candidates+=("$d/bin/python$want"); done
  fi
  candidates+=("/usr/bin/python$want" "/usr/local/bin/python$want")
  if command -v uv >/dev/null 2>&1; then
    p=$(uv python find --no-python-downloads "$want" 2>/dev/null || true); [ -n "$p" ] && candidates+=("$p")
  fi
  for c in "${candidates[@]}"; do
    if p=$("$c" -c "import sys; assert sys.version_info[:2] == tuple(map(int, '$want'.split('.'))); print(sys.executable)" 2>/dev/null); then
      echo "$p"; exit 0
    fi
  done
done
cat >&2 <<MSG
No Python $* interpreter found.
Rasa 3.6 runs only on Python 3.10; the app needs Python 3.11 or newer. Install one of:
  pyenv install 3.10.13        (https://github.com/pyenv/pyenv)
  uv python install 3.10       (https://docs.astral.sh/uv/)
  apt-get install python3.10   (Debian/Ubuntu releases that ship it)
then run 'make setup' again.
MSG
exit 1
