#!/usr/bin/env bash
# wenzheng against PostGraphile v5 on the same PostgreSQL, one command:
#   bash bench/run.sh                 # 20,000 inquiries, 3 rounds of 10 s per workload at c=32
#   N=2000000 bash bench/run.sh       # the same at 2,000,000 inquiries
# Settings (environment): N, ROUNDS (3), DURATION (seconds, 10), CONNECTIONS (32), WARMUP (5),
# POOL (16, both servers), ONLY_WENZHENG=1 (skip PostGraphile), REUSE=1 (keep a loaded database
# from an earlier run), WENZHENG_BIN (skip the release build), BENCH_DIR (/tmp/wenzheng-bench).
#
# It starts its own PostgreSQL cluster (port 55432, pg_stat_statements preloaded, so statements
# per request are counted for both servers the same way), loads N inquiries (bench/load.sql),
# starts wenzheng and PostGraphile on that database, warms both up, then alternates them
# (A B A B ...) under the same closed-loop wrk load, checking every response for errors.
# Results: printed, and written to docs/benchmarks.md between the `bench:N` markers.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-20000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-5}
POOL=${POOL:-16}
BENCH_DIR=${BENCH_DIR:-/tmp/wenzheng-bench}
PGPORT=${PGPORT:-55432}
DB=wenzheng_bench_$N
WZ_ADDR=127.0.0.1:18080
PG_ADDR=127.0.0.1:5678
mkdir -p "$BENCH_DIR"
RESULTS=$BENCH_DIR/results-$N.jsonl
: >"$RESULTS"

# --- tools ---------------------------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need jq; then
  echo "installing wrk and jq (Debian packages)..."
  (need apt-get && apt-get install -y -qq wrk jq >/dev/null) || { echo "please install wrk and jq" >&2; exit 1; }
fi
if [ -z "${WENZHENG_BIN:-}" ]; then
  cargo build --release --quiet --bin wenzheng
  WENZHENG_BIN=$ROOT/target/release/wenzheng
fi
if [ "${ONLY_WENZHENG:-0}" != 1 ]; then
  (cd bench/postgraphile && [ -x node_modules/.bin/node ] || npm ci --no-audit --no-fund --loglevel=error)
fi

# --- PostgreSQL: a cluster of its own ------------------------------------------------------
PGBIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$BENCH_DIR/pgdata
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres "$BENCH_DIR" "$PGDATA"
  as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$BENCH_DIR/postgres.log" -w stop -m fast >/dev/null 2>&1 || true
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$BENCH_DIR/postgres.log" -w start -o \
  "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB \
   -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_utility=on" >/dev/null
PGURL=postgres://postgres@127.0.0.1:$PGPORT
export DATABASE_URL=$PGURL/$DB
WZ_PID=
GRAPHILE_PID=
cleanup() {
  [ -n "$WZ_PID" ] && kill "$WZ_PID" 2>/dev/null
  [ -n "$GRAPHILE_PID" ] && kill "$GRAPHILE_PID" 2>/dev/null
  wait 2>/dev/null
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -w stop -m fast >/dev/null 2>&1 || true
}
trap cleanup EXIT

export JWT_SECRET=bench-only-secret-0123456789abcdef TRACKING_SECRET=bench-only-tracking-secret
if [ "${REUSE:-0}" = 1 ] && psql -qtA "$PGURL/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  echo "reusing database $DB"
  "$WENZHENG_BIN" migrate >/dev/null
else
  psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  "$WENZHENG_BIN" migrate >/dev/null
  "$WENZHENG_BIN" seed --demo >/dev/null 2>&1
  echo "loading $N inquiries..."
  start=$(date +%s)
  psql -q "$DATABASE_URL" -v n="$N" -f bench/load.sql
  echo "loaded in $(($(date +%s) - start)) s"
fi
psql -q "$DATABASE_URL" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
INQUIRIES=$(psql -qtA "$DATABASE_URL" -c "SELECT count(*) FROM inquiry")
DUANZHOU=$(psql -qtA "$DATABASE_URL" -c "SELECT id FROM district WHERE code = '441202'")

# --- servers -------------------------------------------------------------------------------
wait_for() { for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "$1 did not come up" >&2; exit 1; }
RUST_LOG=${RUST_LOG:-warn} BIND=$WZ_ADDR DB_MAX_CONNECTIONS=$POOL RATE_LIMIT_COST_PER_MINUTE=0 \
  ANONYMOUS_SUBMISSIONS_PER_HOUR=0 "$WENZHENG_BIN" serve >"$BENCH_DIR/wenzheng.log" 2>&1 &
WZ_PID=$!
wait_for "http://$WZ_ADDR/readyz"
ADMIN=$("$WENZHENG_BIN" token --role ADMIN --districts '*' 2>/dev/null)
SUPERVISOR=$("$WENZHENG_BIN" token --role SUPERVISOR --districts 441202 2>/dev/null)
if [ "${ONLY_WENZHENG:-0}" != 1 ]; then
  (cd bench/postgraphile && NODE_ENV=production PORT=${PG_ADDR##*:} BENCH_POOL=$POOL \
    exec node_modules/.bin/node node_modules/postgraphile/dist/cli-run.js -C graphile.config.mjs \
    >"$BENCH_DIR/postgraphile.log" 2>&1) &
  GRAPHILE_PID=$!
  for _ in $(seq 150); do
    curl -sf -o /dev/null -H 'content-type: application/json' --data '{"query":"{__typename}"}' "http://$PG_ADDR/graphql" && break
    sleep 0.2
  done
  # The node process itself (the subshell exec'd into it).
  GRAPHILE_PID=$(pgrep -f "postgraphile/dist/cli-run.js" | head -1)
fi

# --- request bodies ------------------------------------------------------------------------
python3 bench/bodies.py "$BENCH_DIR/bodies" "$N" "$DUANZHOU"

# --- one measured run ----------------------------------------------------------------------
statements() { psql -qtA "$DATABASE_URL" -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND query NOT ILIKE '%pg_stat_statements%'"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# measure <round> <workload> <server> <pid> <url> <bodies> <token>
measure() {
  local round=$1 workload=$2 server=$3 pid=$4 url=$5 bodies=$6 token=$7
  psql -qtA "$DATABASE_URL" -c "SELECT pg_stat_statements_reset()" >/dev/null
  local peak=0 sampler
  ( while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid"; sleep 0.25; done ) >"$BENCH_DIR/rss" &
  sampler=$!
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/wrk/graphql.lua "$url" -- "$bodies" "$token" | tail -1)
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$BENCH_DIR/rss" | tail -1)
  local stmts
  stmts=$(statements)
  # What was sent, most frequent first (for the notes; both servers counted the same way).
  psql -qtA -F ' | ' "$DATABASE_URL" -c "SELECT calls, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND query NOT ILIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 12" >"$BENCH_DIR/statements-$workload-$server.txt"
  echo "$out" | jq -c --arg r "$round" --arg w "$workload" --arg s "$server" --argjson st "$stmts" --argjson rss "${peak:-0}" \
    '. + {round: ($r|tonumber), workload: $w, server: $s, statements: $st, statements_per_request: ($st / .requests), rss_kb: $rss}' \
    | tee -a "$RESULTS" | jq -r '"  \(.workload) \(.server): \(.rps|floor) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, \(.statements_per_request*100|round/100) statements/req, RSS \(.rss_kb/1024|floor) MB, errors \(.errors) \(.error_sample)"'
}
WZ=http://$WZ_ADDR/graphql
GL=http://$PG_ADDR/graphql
B=$BENCH_DIR/bodies
IDLE="wenzheng $(($(rss_kb "$WZ_PID") / 1024)) MB"
[ -n "$GRAPHILE_PID" ] && IDLE="$IDLE, PostGraphile $(($(rss_kb "$GRAPHILE_PID") / 1024)) MB"
echo "resident memory before load: $IDLE"
echo "warm-up ($WARMUP s each)..."
DURATION=$WARMUP measure 0 warmup wenzheng "$WZ_PID" "$WZ" "$B/w1_wenzheng.jsonl" "$ADMIN" >/dev/null
DURATION=$WARMUP measure 0 warmup wenzheng "$WZ_PID" "$WZ" "$B/w2_wenzheng.jsonl" "$SUPERVISOR" >/dev/null
if [ -n "$GRAPHILE_PID" ]; then
  DURATION=$WARMUP measure 0 warmup postgraphile "$GRAPHILE_PID" "$GL" "$B/w1_postgraphile.jsonl" "" >/dev/null
  DURATION=$WARMUP measure 0 warmup postgraphile "$GRAPHILE_PID" "$GL" "$B/w2_postgraphile.jsonl" "" >/dev/null
fi
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS (reads)"
  measure "$round" w1 wenzheng "$WZ_PID" "$WZ" "$B/w1_wenzheng.jsonl" "$ADMIN"
  [ -n "$GRAPHILE_PID" ] && measure "$round" w1 postgraphile "$GRAPHILE_PID" "$GL" "$B/w1_postgraphile.jsonl" ""
  measure "$round" w2 wenzheng "$WZ_PID" "$WZ" "$B/w2_wenzheng.jsonl" "$SUPERVISOR"
  [ -n "$GRAPHILE_PID" ] && measure "$round" w2 postgraphile "$GRAPHILE_PID" "$GL" "$B/w2_postgraphile.jsonl" ""
  measure "$round" w4 wenzheng "$WZ_PID" "$WZ" "$B/w4_wenzheng.jsonl" ""
  measure "$round" w5 wenzheng "$WZ_PID" "$WZ" "$B/w5_wenzheng.jsonl" "$ADMIN"
done
# Writes last: the inquiries they add would otherwise change what later read rounds measure.
for round in $(seq "$ROUNDS"); do
  measure "$round" w3 wenzheng "$WZ_PID" "$WZ" "$B/w3_wenzheng.jsonl" ""
done

# --- report --------------------------------------------------------------------------------
VERSIONS="wenzheng $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(rustc --version | cut -d' ' -f1-2), \
PostgreSQL $(psql -qtA "$DATABASE_URL" -c 'SHOW server_version' | cut -d' ' -f1), wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2 || true)"
if [ -n "$GRAPHILE_PID" ]; then
  VERSIONS="$VERSIONS, PostGraphile $(jq -r .version bench/postgraphile/node_modules/postgraphile/package.json) on Node $(bench/postgraphile/node_modules/.bin/node --version)"
fi
python3 bench/report.py "$RESULTS" --n "$N" --inquiries "$INQUIRIES" --connections "$CONNECTIONS" \
  --duration "$DURATION" --rounds "$ROUNDS" --pool "$POOL" --versions "$VERSIONS" --idle "$IDLE" \
  --command "${BENCH_COMMAND:-N=$N bash bench/run.sh}" --write docs/benchmarks.md
