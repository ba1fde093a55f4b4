# Shared by build/test.sh and build/bench.sh: a throw-away PostgreSQL cluster on 127.0.0.1.
# start_postgres exports PG_URL (an Npgsql connection string); pg_stop stops it and removes it.

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
  export PG_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

