#!/usr/bin/env bash
# Every benchmark in bench/; each prints its figures (and keeps a JSON copy in bench/results/).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_venv requirements-dev.txt
ensure_node_modules
command -v wrk >/dev/null 2>&1 || apt_install wrk
.venv/bin/python bench/verification.py "$@"
.venv/bin/python bench/sla_performance.py
