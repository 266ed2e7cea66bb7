#!/usr/bin/env bash
# Reports at scale: loads N inquiries (default 1,000,000) with replies and ratings into a fresh
# PostgreSQL database, then times monthlyCircular, officerLeaderboard and serviceStats over
# HTTP (each run 5 times; prints the median). Usage:
#   bash bench/report_scale.sh [N]      (PGURL defaults to postgres://postgres@127.0.0.1:5432)
# KEEP=1 keeps the database afterwards; REUSE=1 times an existing one without reloading.
set -euo pipefail
N=${1:-1000000}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=wenzheng_report_scale
BIN=${WENZHENG_BIN:-target/release/wenzheng}
[ -x "$BIN" ] || cargo build --release --quiet
export DATABASE_URL="$PGURL/$DB" JWT_SECRET=report-scale-benchmark-secret-0123456789 BIND=127.0.0.1:18099
export ESCALATION_INTERVAL_SECS=0 SEARCH_POLL_SECS=0
if [ "${REUSE:-0}" = 1 ] && psql -qtA "$PGURL/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  "$BIN" migrate >/dev/null
  echo "reusing $DB"
else
psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
"$BIN" migrate >/dev/null
"$BIN" seed >/dev/null
echo "loading $N inquiries (13 months, all districts and departments)..."
psql -q "$DATABASE_URL" -v n="$N" -f bench/load.sql
fi
psql -qtA "$DATABASE_URL" -c "SELECT 'inquiries ' || count(*) FROM inquiry" -c "SELECT 'replies ' || count(*) FROM reply" -c "SELECT 'ratings ' || count(*) FROM feedback"
"$BIN" serve >/tmp/report_scale_server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://$BIND/healthz" >/dev/null && break; sleep 0.2; done
ADMIN=$("$BIN" token --role ADMIN --districts '*' 2>/dev/null)
SUP=$("$BIN" token --role SUPERVISOR --districts 441202 2>/dev/null)
time_query() { # label token query
  local times=()
  for _ in 1 2 3 4 5; do
    local t
    t=$(curl -s -o /tmp/report_scale_body.json -w '%{time_total}' "http://$BIND/graphql" \
      -H "authorization: Bearer $2" -H 'content-type: application/json' \
      --data "$(jq -cn --arg q "$3" '{query: $q}')")
    if grep -q '"errors"' /tmp/report_scale_body.json; then cat /tmp/report_scale_body.json; exit 1; fi
    times+=("$t")
  done
  printf '%-58s median %6.0f ms\n' "$1" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{print $1 * 1000}')"
}
time_query "monthlyCircular 2026-10, city (admin)" "$ADMIN" '{ monthlyCircular(month: "2026-10") { totals { received overdueOpen p90FirstResponseMinutes } departments { name } } }'
time_query "monthlyCircular 2026-10, Duanzhou (supervisor)" "$SUP" '{ monthlyCircular(month: "2026-10") { totals { received overdueOpen } departments { name } } }'
time_query "officerLeaderboard 2026-10, city (admin)" "$ADMIN" '{ officerLeaderboard(month: "2026-10") { entries { rank score } } }'
time_query "serviceStats one month, city (admin)" "$ADMIN" '{ serviceStats(from: "2026-10-01", to: "2026-10-31") { received byKind { count } byChannel { count } byStatus { count } byDepartment { count } replies resolved firstResponse { p90Minutes } resolution { p90Minutes } satisfactionRate } }'
time_query "serviceStats one year, city (admin)" "$ADMIN" '{ serviceStats(from: "2025-11-01", to: "2026-10-31") { received byKind { count } byStatus { count } replies resolved firstResponse { p50Minutes p90Minutes p99Minutes } satisfactionRate } }'
time_query "serviceStats one month, Duanzhou (supervisor)" "$SUP" '{ serviceStats(from: "2026-10-01", to: "2026-10-31") { received replies firstResponse { p90Minutes } } }'
echo "totals of the city's October circular:"; curl -s "http://$BIND/graphql" -H "authorization: Bearer $ADMIN" -H 'content-type: application/json' \
  --data '{"query":"{ monthlyCircular(month: \"2026-10\") { totals { received resolved overdueOpen } } }"}'; echo
[ "${KEEP:-0}" = 1 ] || psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
