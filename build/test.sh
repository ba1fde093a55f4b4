#!/usr/bin/env bash
# The test command (README, CI): installs and starts what the tests need, runs every test
# project, stops the servers, and prints "N passed, N failed[, N skipped]" as its last line.
#   PostgreSQL: Debian's postgresql, a throw-away cluster on 127.0.0.1 with its own data
#   directory and port; REPHLO_TEST_POSTGRES tells the tests where it is.
#   Redis: Debian's redis-server on 127.0.0.1 and a free port (REPHLO_TEST_REDIS).
#   Browser: Debian's chromium (never a downloaded one), driven by playwright-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

source "$root/build/lib/postgres.sh"
source "$root/build/lib/redis.sh"

trap 'pg_stop; redis_stop' EXIT

if start_postgres; then
  export REPHLO_TEST_POSTGRES="$PG_URL"
else
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL could not be started; on CI the PostgreSQL tests must run, so this is a failure." >&2
  else
    echo "PostgreSQL could not be started; its tests will fail." >&2
  fi
fi

if start_redis; then
  export REPHLO_TEST_REDIS="$REDIS_URL"
else
  echo "redis-server could not be started; the multi-instance tests will fail." >&2
fi

# Node and npm before the build: the API's build bundles the admin app (src/AdminApp) with npm.
command -v npm >/dev/null || apt_install nodejs npm || echo "npm is missing: the admin app cannot be built." >&2

log "restore, format check and build"
if ! { dotnet tool restore >/dev/null &&
       dotnet build Rephlo.Tiers.sln -c Release -nologo -v q -warnaserror &&
       dotnet format Rephlo.Tiers.sln --verify-no-changes --no-restore -v q; }; then
  echo "The build or the format check failed: no test ran." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

log "tests"
set +e
dotnet test Rephlo.Tiers.sln -c Release --no-build -nologo -v q \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
set -e

log "admin app (schema and generated operations current, type check, vitest)"
admin_passed=0
admin_failed=0
admin_check() { # name, command...: one counted check
  local name=$1; shift
  if "$@"; then admin_passed=$((admin_passed + 1)); echo "ok - admin app: $name" >&2
  else admin_failed=$((admin_failed + 1)); echo "not ok - admin app: $name" >&2; fi
}
admin_schema_current() {
  local printed; printed=$(mktemp)
  dotnet src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll print-schema "$printed" && cmp -s "$printed" src/AdminApp/schema.graphql
  local rc=$?; rm -f "$printed"
  [ $rc -eq 0 ] || echo "src/AdminApp/schema.graphql is not what print-schema prints: regenerate it (see README, Admin app)." >&2
  return $rc
}
admin_codegen_current() {
  (cd src/AdminApp && npx graphql-codegen --config codegen.ts >/dev/null) &&
    git diff --quiet -- src/AdminApp/src/gql && [ -z "$(git status --porcelain -- src/AdminApp/src/gql)" ] ||
    { echo "src/AdminApp/src/gql is not current: run npm run codegen in src/AdminApp and commit." >&2; return 1; }
}
if command -v npm >/dev/null && { [ -f src/AdminApp/node_modules/.package-lock.json ] || (cd src/AdminApp && npm ci --no-audit --no-fund --loglevel=error >/dev/null); }; then
  admin_check "the committed SDL is what print-schema prints" admin_schema_current
  admin_check "the generated operations are current" admin_codegen_current
  admin_check "TypeScript type check" bash -c 'cd src/AdminApp && npx tsc --noEmit -p .'
  admin_check "the API's build produced the app (admin/index.html)" test -f src/Api/bin/Release/net10.0/admin/index.html
  vitest_json=$(mktemp)
  (cd src/AdminApp && npx vitest run --reporter=default --reporter=json --outputFile="$vitest_json" >&2) || true
  read -r vt_passed vt_failed < <(node -e 'try { const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.numPassedTests, r.numFailedTests || (r.success ? 0 : 1)); } catch { console.log("0 1"); }' "$vitest_json")
  rm -f "$vitest_json"
  admin_passed=$((admin_passed + vt_passed))
  admin_failed=$((admin_failed + vt_failed))
else
  echo "npm ci of src/AdminApp failed: the admin app's checks could not run." >&2
  admin_failed=1
fi
if [ "$admin_failed" -gt 0 ]; then status=1; fi

log "real clients (Node: graphql-ws, graphql-sse; Banana Cake Pop and the admin app in Debian's chromium)"
command -v chromium >/dev/null || apt_install chromium || echo "chromium is missing: the browser test will fail." >&2
node_passed=0
node_failed=0
if command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm; then
  if (cd tests/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    node_output=$(cd tests/node && node --test --test-reporter=tap subscriptions.test.js http-audit.test.js admin-app.test.js admin-app.postgres.test.js 2>&1) && node_status=0 || node_status=$?
    printf '%s\n' "$node_output" | grep -E '^(not )?ok |^# (pass|fail)|admin app first load|live update visible' >&2 || true
    node_passed=$(printf '%s\n' "$node_output" | awk '/^# pass /{print $3}' | tail -n 1)
    node_failed=$(printf '%s\n' "$node_output" | awk '/^# fail /{print $3}' | tail -n 1)
    node_passed=${node_passed:-0}
    node_failed=${node_failed:-0}
    if [ "$node_status" -ne 0 ] && [ "$node_failed" -eq 0 ]; then node_failed=1; fi
  else
    echo "npm ci failed: the Node client tests could not run." >&2
    node_failed=1
  fi
else
  node_failed=1
fi
if [ "$node_failed" -gt 0 ]; then status=1; fi

read -r passed failed < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub("\"", "", kv[2]);
        if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2];
        if (kv[1] == "error") f += kv[2]; } }
    END { printf "%d %d\n", p, f }')
# Skipped tests are results with outcome NotExecuted (the trx Counters leave them out). Only the
# SQL Server-gated tests (REPHLO_TEST_SQLSERVER unset) may skip; any other skip is a failure.
skipped_names=$(cat "$results"/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' | grep -o 'testName="[^"]*"' || true)
skipped=$(printf '%s' "$skipped_names" | grep -c . || true)
unexpected=$(printf '%s' "$skipped_names" | grep -v '\.SqlServer\.SqlServerServerTests\.' || true)
if [ -n "$unexpected" ]; then
  echo "Skipped although only the SQL Server-gated tests may skip:" >&2
  printf '%s\n' "$unexpected" >&2
  failed=$((failed + $(printf '%s\n' "$unexpected" | grep -c .)))
  status=1
fi
if [ "$skipped" -gt 0 ] && [ -z "${REPHLO_TEST_SQLSERVER:-}" ]; then
  echo "$skipped SQL Server tests skipped: REPHLO_TEST_SQLSERVER is not set (README: Providers)." >&2
fi
passed=$((passed + node_passed + admin_passed))
failed=$((failed + node_failed + admin_failed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
