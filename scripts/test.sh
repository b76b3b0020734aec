#!/usr/bin/env bash
# Runs the whole Spreadbot test suite from a clean checkout: makes a virtual environment, installs
# the project with its test tools from the pinned set in constraints.txt, fetches the pinned Teams
# manifest schemas from npm (tests/schemas/package-lock.json), makes sure a real redis-server is
# there and running on a free loopback port for the state-store tests, runs pytest with any
# arguments given, and stops Redis again.
#
# PYTHON=/path/to/python chooses the interpreter (3.11 or newer); its environment is .venv-X.Y,
# while the default python3 uses .venv (the one the README's first command makes).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if ! version=$("$PY" -c 'import sys; assert sys.version_info >= (3, 11); print("%d.%d" % sys.version_info[:2])' 2>/dev/null); then
  echo "test.sh: $PY is not a working Python 3.11 or newer (set PYTHON=/path/to/python3.11+)" >&2
  exit 2
fi
venv=.venv
if [ -n "${PYTHON:-}" ]; then venv=".venv-$version"; fi
if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$version" ]; then
  rm -rf "$venv"  # made by another interpreter
fi
if [ ! -x "$venv/bin/python" ]; then
  "$PY" -m venv "$venv"
fi
echo "test.sh: Python $version in $venv" >&2
pip_log=$(mktemp)
if ! { "$venv/bin/python" -m pip install -q --upgrade pip \
       && "$venv/bin/python" -m pip install -q -c constraints.txt -e '.[test]' \
       && "$venv/bin/python" -m pip check; } >"$pip_log" 2>&1; then
  cat "$pip_log" >&2
  echo "test.sh: installing the project and its test tools failed (above)" >&2
  exit 1
fi
rm -f "$pip_log"

# The Teams app manifest schemas, as Microsoft ships them (npm, pinned by the lock file).
if [ ! -f tests/schemas/node_modules/@microsoft/app-manifest/package.json ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/schemas --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  else
    echo "test.sh: npm is not installed; the Teams manifest schema checks need ../shared/schemas" >&2
  fi
fi

# A real Redis for the state-store contract tests: Debian's package, installed when missing.
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing redis-server from Debian's packages" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "test.sh: redis-server is not installed and cannot be installed here; Redis tests will fail" >&2
  fi
fi

redis_pid=""
cleanup() {
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  if [ -n "${redis_dir:-}" ]; then rm -rf "$redis_dir"; fi
}
trap cleanup EXIT

if [ -z "${SPREADBOT_TEST_REDIS_URL:-}" ] && command -v redis-server >/dev/null 2>&1; then
  port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  redis_dir=$(mktemp -d)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$redis_dir" \
    --daemonize no --loglevel warning >"$redis_dir/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do
    if "$venv/bin/python" -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; then
      break
    fi
    sleep 0.1
  done
  export SPREADBOT_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
fi

"$venv/bin/python" -m pytest "$@"
