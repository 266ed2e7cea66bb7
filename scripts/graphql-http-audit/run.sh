#!/usr/bin/env bash
# Builds wenzheng, serves it on a temporary SQLite file and a free local port with production
# settings (INTROSPECTION=staff, GRAPHIQL=false), runs the GraphQL-over-HTTP audit against it
# twice (with an admin token, then anonymously) and stops it. Non-zero exit on any MUST or
# SHOULD failure that audit.mjs does not list with its reason.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -d "$here/node_modules/graphql-http" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

cargo build -q --manifest-path "$root/Cargo.toml" --bin wenzheng
bin="$root/target/debug/wenzheng"

tmp="$(mktemp -d)"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://$tmp/audit.db" BIND="127.0.0.1:$port" \
  JWT_SECRET="audit-secret-$(date +%s%N)-at-least-32-bytes" \
  ESCALATION_INTERVAL_SECS=0 SEARCH_POLL_SECS=0 INTROSPECTION=staff GRAPHIQL=false
"$bin" seed >"$tmp/seed.log" 2>&1
token="$("$bin" token --role ADMIN 2>/dev/null)"
"$bin" serve >"$tmp/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$tmp/server.log" >&2
    echo "wenzheng did not start" >&2
    exit 1
  fi
  sleep 0.2
done

status=0
AUDIT_TOKEN="$token" node "$here/audit.mjs" "http://127.0.0.1:$port/graphql" || status=1
echo
node "$here/audit.mjs" "http://127.0.0.1:$port/graphql" || status=1
exit "$status"
