#!/usr/bin/env bash
# Proof with a real client: GraphQL Code Generator builds typed documents from the exported
# contract (../../schema.graphql) and the front-end operations in operations/*.graphql (any
# operation the schema does not validate fails here), then `tsc --noEmit` (strict) checks
# src/*.ts, which use the generated types as the citizen app, the portal's work queue and a
# partner integration do. licences.mjs checks the lockfile's licences. No server needed.
# Output goes to generated/ (git-ignored), removed first, so every run starts from the
# current schema. Non-zero exit on any failure; one summary line on success.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
SECONDS=0

fail() {
  echo "codegen check FAILED: $1" >&2
  exit 1
}

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# npm ci from the lockfile (the npm cache first), skipped while node_modules holds an install
# of this same lockfile. Its output is shown only on failure: on Node 20 it warns EBADENGINE
# for a few transitive packages of the CLI that declare Node >= 22 (@whatwg-node/*, listr2,
# sync-fetch); the check runs on Node 20 all the same.
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lock-sha256 2>/dev/null || true)" != "$lock_sum" ]; then
  if ! npm ci --prefer-offline --no-audit --no-fund >"$log" 2>&1; then
    cat "$log" >&2
    fail "npm ci"
  fi
  echo "$lock_sum" >node_modules/.lock-sha256
fi

packages="$(node licences.mjs)" || fail "a package's licence is not on the list in licences.mjs"

rm -rf generated
if ! node_modules/.bin/graphql-codegen --config codegen.ts --errors-only >"$log" 2>&1; then
  cat "$log" >&2
  fail "graphql-codegen: an operation in operations/ does not validate against schema.graphql"
fi
[ -s generated/graphql.ts ] || fail "graphql-codegen wrote no generated/graphql.ts"

if ! node_modules/.bin/tsc --noEmit -p tsconfig.json >"$log" 2>&1; then
  cat "$log" >&2
  fail "tsc: src/ does not type-check against the generated types"
fi

operations="$(cat operations/*.graphql | grep -cE '^(query|mutation|subscription) ')"
fragments="$(cat operations/*.graphql | grep -cE '^fragment ')"
sources="$(find src -name '*.ts' | wc -l)"
codegen_version="$(node -p 'require("./node_modules/@graphql-codegen/cli/package.json").version')"
tsc_version="$(node_modules/.bin/tsc --version | cut -d' ' -f2)"
echo "codegen check: ${operations} operations + ${fragments} fragment(s) valid against schema.graphql," \
  "${sources} TS files type-check (strict), ${packages} npm licences allowed;" \
  "graphql-codegen ${codegen_version}, tsc ${tsc_version}, ${SECONDS}s"
