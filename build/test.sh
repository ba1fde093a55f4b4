#!/usr/bin/env bash
# The test command (README, CI): installs and starts what the tests need, runs every test
# project, stops the servers, and prints "N passed, N failed[, N skipped]" as its last line.
#   PostgreSQL: Debian's postgresql, a throw-away cluster on 127.0.0.1 with its own data
#   directory and port; REPHLO_TEST_POSTGRES tells the tests where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

source "$root/build/lib/postgres.sh"

trap pg_stop EXIT

if start_postgres; then
  export REPHLO_TEST_POSTGRES="$PG_URL"
else
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL could not be started; on CI the PostgreSQL tests must run, so this is a failure." >&2
  else
    echo "PostgreSQL could not be started; its tests will fail." >&2
  fi
fi

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

read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | grep -o '<Counters [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub("\"", "", kv[2]);
        if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2];
        if (kv[1] == "notExecuted") s += kv[2]; if (kv[1] == "error") f += kv[2]; } }
    END { printf "%d %d %d\n", p, f, s }')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
