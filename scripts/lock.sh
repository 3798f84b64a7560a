#!/usr/bin/env bash
# Refresh the locks: every package of the tree, direct and indirect, pinned with its hashes.
#   requirements-dev.lock  what make test, CI and make demo install (from requirements-dev.txt)
#   requirements.lock      what production installs (from requirements.txt), the same versions
# A version already locked is kept unless requirements*.txt now asks for another, so adding a
# package locks only what it brings. Extra arguments go to uv (--upgrade: the newest of all).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

uv_pin=$(grep -E '^uv==' requirements-dev.txt)
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
[ "$("$VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" = "${uv_pin#uv==}" ] ||
  "$VENV/bin/pip" install -q --disable-pip-version-check "$uv_pin"

compile=("$VENV/bin/uv" pip compile --quiet --universal --python-version 3.11 --generate-hashes
  --custom-compile-command "make lock" "$@")
# The development tree first; production takes its versions from it (a constraint), so the
# two install the same version of every package they share.
"${compile[@]}" requirements-dev.txt -o requirements-dev.lock
"${compile[@]}" requirements.txt --constraint requirements-dev.lock -o requirements.lock
echo "==> locked: requirements-dev.lock $(grep -c '^[a-z0-9]' requirements-dev.lock) packages," \
  "requirements.lock $(grep -c '^[a-z0-9]' requirements.lock)"
