#!/usr/bin/env bash
# make audit (issue 14): the attack tests of every door and privacy rule, bandit on the
# code, pip-audit on the pinned dependencies (where its vulnerability data is reachable).
# Tools live in their own environment, .venv-audit (requirements/audit.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

stamp=".venv-audit/.stamp-$(sha256sum requirements/audit.txt | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "== audit tools (.venv-audit from requirements/audit.txt)"
  .venv/bin/uv venv -q --allow-existing --python .venv/bin/python .venv-audit
  VIRTUAL_ENV=.venv-audit .venv/bin/uv pip sync -q requirements/audit.txt || exit 1
  touch "$stamp"
fi

echo "== attack tests (internal doors, sessions, NIK, rights, purge, limits, disclosure)"
.venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/app/test_trust_doors.py tests/app/test_personal_data.py tests/app/test_config.py \
  tests/api/test_open311.py tests/api/test_console.py tests/api/test_console_sign_in.py \
  tests/api/test_console_records.py \
  "tests/e2e/test_foundation.py::test_a_nik_given_in_chat_is_found_nowhere_in_clear" \
  || status=1

echo "== bandit (medium and high severity)"
.venv-audit/bin/bandit -q -r app actions channels voice core bot \
  --severity-level medium --confidence-level medium \
  --skip B615 || status=1  # B615: models load from local directories (local_files_only)

echo "== pip-audit"
for req in requirements/app.txt requirements/rasa.txt; do
  out="$(.venv-audit/bin/pip-audit --progress-spinner off --no-deps --disable-pip -r "$req" 2>&1)"
  rc=$?
  total=$(grep -cE '^[A-Za-z0-9_.-]+==' "$req")
  skipped=$(grep -c "could not be audited" <<<"$out")
  if [ "$skipped" -gt 0 ] || { [ $rc -ne 0 ] && grep -qiE "connection|resolve|timed out" <<<"$out"; }; then
    echo "$req: vulnerability data unreachable for $skipped of $total packages; not audited"
  elif [ $rc -ne 0 ] && [ "$req" = requirements/rasa.txt ]; then
    # Rasa 3.6 pins an old stack (TensorFlow 2.12, Sanic 21.12): reported, not fatal; Rasa
    # listens on loopback only, behind its token (README "Security and privacy").
    echo "$out" | grep -v "could not be audited" | tail -n 40
    echo "$req: known vulnerabilities in Rasa 3.6's pinned stack (above)"
  elif [ $rc -ne 0 ]; then
    echo "$out" | grep -v "could not be audited"
    status=1
  else
    echo "$req: no known vulnerabilities ($total packages)"
  fi
done
exit $status
