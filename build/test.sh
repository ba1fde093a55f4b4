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

log() { printf '\n== %s\n' "$*" >&2; }

as_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  if as_root; then
    log "apt-get install $*"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "missing $*: install it (apt-get install $*) or run as root" >&2
    return 1
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

pg_dir=""
pg_stop() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    run_pg "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
}

run_pg() {
  # PostgreSQL refuses to run as root: use its system user when we are root.
  if as_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  [ -n "$(pg_bin)" ] || apt_install postgresql || return 1
  local bin port
  bin=$(pg_bin)
  port=$(free_port)
  pg_dir=$(mktemp -d /tmp/rephlo-pg.XXXXXX)
  mkdir -p "$pg_dir/data"
  if as_root; then chown -R postgres:postgres "$pg_dir"; fi
  log "starting PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
  run_pg "$bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; return 1; }
  run_pg "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$pg_dir/server.log" >&2; return 1; }
  export REPHLO_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

trap pg_stop EXIT

if ! start_postgres; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL could not be started; on CI the PostgreSQL tests must run, so this is a failure." >&2
  else
    echo "PostgreSQL could not be started; its tests will be skipped (they fail when CI=true)." >&2
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
