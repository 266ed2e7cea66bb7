#!/usr/bin/env bash
# Bounded fuzz run of /graphql with schemathesis (PyPI, pinned below) in GraphQL mode: builds
# wenzheng, serves it on a temporary SQLite file with production settings, generates queries and
# mutations from the printed schema (`wenzheng schema`), sends them with an admin token, and
# fails on any 5xx answer or a server that stops answering or panics.
#
#   scripts/fuzz/run.sh                 # bounded: FUZZ_EXAMPLES=20 per operation
#   FUZZ_EXAMPLES=500 FUZZ_MAX_TIME=1800 scripts/fuzz/run.sh   # longer (time budget in s)
#   FUZZ_ARGS="--seed 1" scripts/fuzz/run.sh  # extra schemathesis arguments
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/fuzz-venv"
version="4.32.5"

if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi

cargo build -q --manifest-path "$root/Cargo.toml" --bin wenzheng
bin="$root/target/debug/wenzheng"

tmp="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Rate limits off: the fuzzer is one caller sending thousands of operations.
export DATABASE_URL="sqlite://$tmp/fuzz.db" BIND="127.0.0.1:$port" \
  JWT_SECRET="fuzz-secret-$(date +%s%N)-at-least-32-bytes" \
  ESCALATION_INTERVAL_SECS=0 SEARCH_POLL_SECS=0 INTROSPECTION=staff GRAPHIQL=false \
  RATE_LIMIT_COST_PER_MINUTE=0 ANONYMOUS_SUBMISSIONS_PER_HOUR=0
"$bin" seed --demo >"$tmp/seed.log" 2>&1
token="$("$bin" token --role ADMIN --districts '*' 2>/dev/null)"
"$bin" schema >"$tmp/schema.graphql"
"$bin" serve >"$tmp/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$tmp/server.log" >&2
    echo "wenzheng did not start" >&2
    exit 1
  fi
  sleep 0.2
done

status=0
export SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
# From the temp dir: schemathesis keeps its example database in the working directory.
cd "$tmp"
# shellcheck disable=SC2086
"$venv/bin/schemathesis" run "$tmp/schema.graphql" --url "http://127.0.0.1:$port/graphql" \
  --header "Authorization: Bearer $token" \
  --checks no_server_error \
  --max-examples "${FUZZ_EXAMPLES:-20}" \
  --max-time "${FUZZ_MAX_TIME:-120}" \
  ${FUZZ_ARGS:-} || status=1

if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "wenzheng stopped during the fuzz run:" >&2
  tail -50 "$tmp/server.log" >&2
  status=1
fi
if grep -q "panicked" "$tmp/server.log"; then
  echo "wenzheng panicked during the fuzz run:" >&2
  grep -A5 "panicked" "$tmp/server.log" >&2
  status=1
fi
exit "$status"
