#!/usr/bin/env bash
# The demo on the embedded SQLite database, served on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_venv requirements.txt
ensure_node_modules

export DEBUG=1
export DATABASE_URL=${DATABASE_URL:-sqlite:///$(pwd)/db.sqlite3}
# So that `manage.py shell` and every other command find the demo database afterwards.
if [ ! -f .env ]; then
  printf 'DEBUG=1\nDATABASE_URL=%s\n' "$DATABASE_URL" > .env
  echo "==> wrote .env (DEBUG=1, the demo database) for later manage.py commands"
fi
PY=$VENV/bin/python

$PY manage.py migrate --noinput
$PY manage.py createcachetable
$PY manage.py load_demo
# The Procfile's worker sends the demo's mail (to the console) and SMS (to the log); it stops
# with the portal.
$PY manage.py db_worker --queue-name='*' --no-reload --interval 2 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "==> task worker running (pid $worker)"
echo "==> serving the portal on http://127.0.0.1:8000 (Ctrl+C stops it and the worker)"
$PY manage.py runserver 127.0.0.1:8000
