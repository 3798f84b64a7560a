#!/usr/bin/env bash
# The load and outage benchmarks (bench/soak.py, bench/outage.py): they start their own
# PostgreSQL cluster and redis-server, and measure capacity with wrk.
#   scripts/load.sh soak [--minutes 10 ...]    scripts/load.sh outage [--rate 40 ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_bench_tools
benchmark="$1"
shift
.venv/bin/python "bench/${benchmark}.py" "$@"
