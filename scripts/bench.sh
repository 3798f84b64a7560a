#!/usr/bin/env bash
# Every benchmark in bench/; each prints its figures (and keeps a JSON copy in bench/results/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_bench_tools
.venv/bin/python bench/verification.py "$@"
.venv/bin/python bench/sla_performance.py
.venv/bin/python bench/recent_changes.py
