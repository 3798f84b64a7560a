# Shared set-up for the scripts: system packages, the virtualenv and the front-end packages.
# Sourced, not run. Each step does nothing when it is already done.

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV=.venv

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_install() {
  # apt_install PACKAGE... : install the Debian packages that are missing.
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_venv() {
  # ensure_venv REQUIREMENTS_FILE
  local requirements=$1 stamp="$VENV/.installed-$(basename "$1")"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
    echo "==> installing Python packages from $requirements"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
}

ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    echo "==> installing front-end packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_bench_tools() {
  # What the benchmarks in bench/ need: the test set-up, wrk and redis-server.
  ensure_venv requirements-dev.txt
  ensure_node_modules
  command -v wrk >/dev/null 2>&1 || apt_install wrk
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
}
