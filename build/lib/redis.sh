# Shared by the build scripts: a throw-away redis-server on 127.0.0.1 (Debian's redis-server).
# start_redis exports REDIS_URL (host:port); redis_stop stops it.

redis_dir=""
redis_stop() {
  if [ -n "$redis_dir" ] && [ -f "$redis_dir/redis.pid" ]; then
    kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
  fi
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  redis_dir=""
}

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server || return 1
  local port
  port=$(free_port)
  redis_dir=$(mktemp -d /tmp/rephlo-redis.XXXXXX)
  log "starting redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir" || return 1
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && { export REDIS_URL="127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  cat "$redis_dir/redis.log" >&2
  return 1
}
