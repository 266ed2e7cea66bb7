#!/usr/bin/env bash
# Builds wenzheng, serves it with --demo on a temporary SQLite file and a free local port, and
# runs check.mjs: GraphiQL opened in headless Chromium with no outside network, queries run
# through the page, anonymously and with a demo token. Installs Chromium (Debian's chromium)
# if it is missing. Non-zero exit if the page cannot load its assets or run the queries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi
cargo build -q --manifest-path "$root/Cargo.toml" --bin wenzheng
bin="${CARGO_TARGET_DIR:-$root/target}/debug/wenzheng"

tmp="$(mktemp -d)"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --demo: demo data, GraphiQL on, introspection for all, tokens minted and offered to the page.
export DATABASE_URL="sqlite://$tmp/graphiql.db" BIND="127.0.0.1:$port" \
  JWT_SECRET="graphiql-secret-$(date +%s%N)-at-least-32-bytes" \
  ESCALATION_INTERVAL_SECS=0 SEARCH_POLL_SECS=0 RUST_LOG=warn
"$bin" serve --demo >"$tmp/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 300); do
  if node -e "fetch('http://127.0.0.1:$port/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$tmp/server.log" >&2
    echo "wenzheng did not start" >&2
    exit 1
  fi
  sleep 0.2
done

node "$here/check.mjs" "http://127.0.0.1:$port"
