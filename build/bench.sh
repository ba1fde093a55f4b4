#!/usr/bin/env bash
# The benchmarks. `build/bench.sh` runs them all; `build/bench.sh fanout [options]` runs only the
# live-update fan-out (options passed on, e.g. --sizes 1000 --instances 2 --rounds 20).
#
# The rollout benchmark: seeds N subscribers (default 100,000 and 1,000,000) on SQLite and on a
# throw-away PostgreSQL cluster, and measures in the same run (a) our rollout, (b) the
# hand-written SQL floor, (c) a row-by-row loop on a smaller N, extrapolated. Prints a Markdown
# table (also written to artifacts/bench.md). Options are passed on: --sizes 100000,1000000
# --loop-rows 2000 --batch 5000 --providers sqlite,postgres --runs 3 (interleaved runs; the
# table gives the median and the spread [min–max] of each, and the (a)/(b) ratio per size)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source "$root/build/lib/postgres.sh"
source "$root/build/lib/redis.sh"
trap 'pg_stop; redis_stop' EXIT
start_postgres
start_redis
export REPHLO_BENCH_POSTGRES="$PG_URL" REPHLO_BENCH_REDIS="$REDIS_URL"
# 10,000 WebSocket clients in one process need as many file descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Every API the benchmarks start inherits this: rate limits off for load.
export RateLimiting__Enabled=false
dotnet build tests/Benchmarks -c Release -nologo -v q >/dev/null
dotnet build src/Api -c Release -nologo -v q >/dev/null
mkdir -p artifacts/bench
bench=tests/Benchmarks/bin/Release/net10.0/Rephlo.Tiers.Benchmarks.dll
api=src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll
if [ "${1:-}" = fanout ]; then
  shift
  dotnet "$bench" fanout --api "$api" "$@" | tee artifacts/bench/fanout.md   # default: --sizes 1000,5000,10000 --instances 2
  exit 0
fi
dotnet "$bench" all "$@" | tee artifacts/bench.md
# Fan-out of live updates: one instance (1 subscriber as baseline, then 1,000), then 1,000, 5,000
# and 10,000 WebSocket subscribers over two instances sharing PostgreSQL and Redis; 20 changes each.
dotnet "$bench" fanout --api "$api" --sizes 1,1000 --instances 1 | tee -a artifacts/bench.md
dotnet "$bench" fanout --api "$api" --sizes 1000,5000,10000 --instances 2 | tee -a artifacts/bench.md
# P3 history paging: 1,000,000 history rows seeded with SQL; pages 1, 200 and 1000 over HTTP (with and without totalCount) against the same keyset SQL in-process.
dotnet "$bench" p3 --api src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll | tee -a artifacts/bench.md
# P2 read path: tierConfigs through the Release API against a raw Kestrel + ADO.NET endpoint (same token validation, same rows, same JSON), wrk -t2 -c32.
command -v wrk >/dev/null || apt_install wrk
dotnet "$bench" readpath --api src/Api/bin/Release/net10.0/Rephlo.Tiers.Api.dll --seconds 10 --rounds 3 | tee -a artifacts/bench.md
