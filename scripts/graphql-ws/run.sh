#!/usr/bin/env bash
# Resumes an inquiryEvents subscription across a server restart with the official graphql-ws
# npm client (resume.mjs), on two wenzheng processes over one fresh PostgreSQL database
# (TEST_DATABASE_URL, as the tests use) or, without it, one SQLite file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -d "$here/node_modules/graphql-ws" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
cargo build -q --manifest-path "$root/Cargo.toml" --bin wenzheng
bin="${CARGO_TARGET_DIR:-$root/target}/debug/wenzheng"

tmp="$(mktemp -d)"
db_name=""
cleanup() {
  if [ -n "$db_name" ]; then psql "$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db_name\"" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  db_name="wenzheng_ws_$(date +%s%N)"
  psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE \"$db_name\"" >/dev/null
  export DATABASE_URL="${TEST_DATABASE_URL%/*}/$db_name"
else
  export DATABASE_URL="sqlite://$tmp/ws.db"
fi
export JWT_SECRET="graphql-ws-secret-$(date +%s%N)-at-least-32-bytes"
"$bin" seed >"$tmp/seed.log" 2>&1
node "$here/resume.mjs" "$bin"
