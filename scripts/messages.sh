#!/usr/bin/env bash
# Refresh the Persian and English message catalogues from the code and templates, then compile.
# Persian strings are translated by hand in locale/fa/LC_MESSAGES/*.po; English copies the
# source strings (msgen), so both catalogues are complete.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
IGNORE=(--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench)
$PY manage.py makemessages -l fa -l en --no-location --no-obsolete --no-wrap "${IGNORE[@]}"
$PY manage.py makemessages -d djangojs -l fa -l en --no-location --no-obsolete --no-wrap "${IGNORE[@]}"
for domain in django djangojs; do
  po=locale/en/LC_MESSAGES/$domain.po
  [ -f "$po" ] && msgen --no-wrap -o "$po" "$po"
done
$PY manage.py compilemessages -l fa -l en --ignore=.venv --ignore=node_modules
