#!/usr/bin/env bash
# The programme studio's preview pages (issue 13): a draft made from the shipped default definition,
# its calendar page, its diagram page and validating it, over HTTP, p50/p95/p99, with
# GET /health/live in the same run as the baseline.
#   bash bench/studio.sh [requests]
# Release build → throwaway PostgreSQL 15 cluster (default settings, fsync on) → migrate → host in
# the Benchmark environment (demo sign-in for the pages) → `studio` bench. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-300}
root=$(pwd)

dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
host_dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bench_dll=bench/ProsessLop.Bench/bin/Release/net10.0/ProsessLop.Bench.dll

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-studio-XXXX)
work=$(mktemp -d /tmp/prosesslop-studio-work-XXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
host_pid=
cleanup() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$data" "$work"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
# Default settings (fsync on, synchronous_commit on); only port and sockets set.
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
  -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" -w start >/dev/null
psql() { "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql -qc "CREATE DATABASE prosesslop" >/dev/null
echo "postgres: $("$bin/postgres" --version), fsync=$(psql -d prosesslop -Atc 'SHOW fsync'), synchronous_commit=$(psql -d prosesslop -Atc 'SHOW synchronous_commit')"

cs="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
export ConnectionStrings__ProsessLop="$cs"
# A fresh key per run; "Benchmark", not Production: Production refuses the demo sign-in.
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
export RateLimit__WritesPerMinute=1000000 Demo__Seed=false Hangfire__WorkerCount=1 Workflows__Directory="$root/workflows"
export Auth__DevelopmentSignIn=true
timeout 120 dotnet "$host_dll" migrate >/dev/null

dotnet "$host_dll" >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "host not ready"; tail -50 "$work/host.log"; exit 1; }

timeout 600 dotnet "$bench_dll" studio --url "http://127.0.0.1:$port/" --signing-key "$Auth__SigningKey" --requests "$requests"
