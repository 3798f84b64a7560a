#!/usr/bin/env bash
# The load and outage benchmarks (bench/soak.py, bench/outage.py) with what they need installed:
# they start their own PostgreSQL cluster and redis-server, and measure capacity with wrk.
#   scripts/load.sh soak [--minutes 10 ...]    scripts/load.sh outage [--rate 40 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_venv requirements-dev.txt
ensure_node_modules
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v redis-server >/dev/null 2>&1 || apt_install redis-server
benchmark="$1"
shift
.venv/bin/python "bench/${benchmark}.py" "$@"
