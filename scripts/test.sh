#!/usr/bin/env bash
# The whole test suite: ruff, migrations check, then pytest on PostgreSQL with browser tests in
# Debian's headless Chromium. Extra arguments go to pytest (e.g. scripts/test.sh -k healthz).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

apt_install chromium postgresql-client
ensure_venv requirements-dev.txt
ensure_node_modules
PY=$VENV/bin/python

# --- Which PostgreSQL: DATABASE_URL, else the local server, else a throwaway cluster ---------
pg_answers() {
  "$PY" - "$1" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg2
psycopg2.connect(sys.argv[1], connect_timeout=2).close()
PYEOF
}

start_throwaway_cluster() {
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ]; then
    apt_install postgresql
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  PG_TMP=$(mktemp -d /tmp/servicedesk-pg.XXXXXX)
  runas=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: use an unprivileged user of our own.
    id servicedesk-pg >/dev/null 2>&1 || useradd --system --no-create-home servicedesk-pg
    chown servicedesk-pg "$PG_TMP"
    runas=(runuser -u servicedesk-pg --)
  fi
  "${runas[@]}" "$bindir/initdb" -A trust -U postgres -D "$PG_TMP/data" >/dev/null
  "${runas[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w \
    -o "-p 55432 -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  trap '"${runas[@]}" "$bindir/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null; rm -rf "$PG_TMP"' EXIT
  export DATABASE_URL=postgres://postgres@127.0.0.1:55432/servicedesk
}

if [ -n "${DATABASE_URL:-}" ]; then
  where="DATABASE_URL from the environment"
elif pg_answers "host=127.0.0.1 port=5432 user=postgres dbname=postgres"; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/servicedesk
  where="the PostgreSQL server on 127.0.0.1:5432"
else
  start_throwaway_cluster
  where="a throwaway PostgreSQL cluster on 127.0.0.1:55432"
fi
echo "==> database: $where ($(echo "$DATABASE_URL" | sed -E 's#://[^@]*@#://#'))"

echo "==> ruff"
$VENV/bin/ruff check .
$VENV/bin/ruff format --check .

echo "==> migrations match the models"
# Against an empty in-memory database: the comparison needs none, and a server database that
# does not exist yet would only print a warning.
DATABASE_URL=sqlite://:memory: $PY manage.py makemigrations --check --dry-run

echo "==> pytest"
$VENV/bin/pytest "$@"
