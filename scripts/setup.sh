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

lock_is_current() {
  # lock_is_current REQUIREMENTS_FILE LOCK: every pin of the file (and of the files it
  # includes) is in the lock; else it names the first one missing and fails.
  local requirements=$1 lock=$2 line pin
  while read -r line; do
    case "$line" in
      -r\ *) lock_is_current "$(dirname "$requirements")/${line#-r }" "$lock" || return 1 ;;
      *==*)
        pin=$(echo "${line%%#*}" | sed -E 's/\[[^]]*\]//; s/[[:space:]]//g' | tr 'A-Z_.' 'a-z--')
        if ! sed -E 's/[[:space:];\\].*//' "$lock" | tr 'A-Z_.' 'a-z--' | grep -qxF "$pin"; then
          echo "$lock lacks ${line%%#*} of $requirements: run make lock" >&2
          return 1
        fi ;;
    esac
  done <"$requirements"
}

ensure_venv() {
  # ensure_venv REQUIREMENTS_FILE: install its lock (requirements.txt → requirements.lock,
  # made by make lock): every package at the version CI tested, checked against its hashes.
  local requirements=$1 lock="${1%.txt}.lock"
  local stamp="$VENV/.installed-$(basename "$lock")"
  lock_is_current "$requirements" "$lock"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    echo "==> installing Python packages from $lock (hashes checked)"
    "$VENV/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$lock"
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
  # What the benchmarks in bench/ need: the test set-up, wrk, redis-server and haproxy.
  ensure_venv requirements-dev.txt
  ensure_node_modules
  command -v wrk >/dev/null 2>&1 || apt_install wrk
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v haproxy >/dev/null 2>&1 || apt_install haproxy
}
