#!/usr/bin/env bash
# Runs the whole Spreadbot test suite from a clean checkout: makes the virtual environment,
# installs the project with its test tools, makes sure a real redis-server is there and running
# on a free loopback port for the state-store tests, runs pytest, and stops Redis again.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

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
  port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  redis_dir=$(mktemp -d)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$redis_dir" \
    --daemonize no --loglevel warning >"$redis_dir/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do
    if .venv/bin/python -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $port)))"; then
      break
    fi
    sleep 0.1
  done
  export SPREADBOT_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
fi

.venv/bin/python -m pytest "$@"
