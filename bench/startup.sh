#!/usr/bin/env bash
# Start-up to ready with an existing (already migrated) database.
#   bash bench/startup.sh [runs]
# Starts a throwaway PostgreSQL cluster (fsync on), migrates once, then starts the Release
# host N times and measures process start → first 200 from /health/ready. Baseline in the
# same run: the same binary's `token` subcommand (runtime + configuration, no web host, no
# database), so a noisy machine shows in both columns.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
port=5199

dotnet build src/ProsessLop.Api -c Release -v q -nologo >/dev/null
dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-bench-XXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" -w start >/dev/null
trap 'as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; rm -rf "$data"' EXIT
psql -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE prosesslop" >/dev/null

export ConnectionStrings__ProsessLop="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
# A fresh key per run: in Production the host refuses weak keys and any key written in the repository.
export ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
dotnet "$dll" migrate >/dev/null

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
ready=() baseline=()
for i in $(seq 1 "$runs"); do
  t0=$(now_ms); dotnet "$dll" token --role owner >/dev/null; baseline+=($(( $(now_ms) - t0 )))

  t0=$(now_ms)
  dotnet "$dll" >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do sleep 0.02; done
  ready+=($(( $(now_ms) - t0 )))
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
echo "runs: $runs"
echo "start-up to ready (ms): median $(median "${ready[@]}"), all: ${ready[*]}"
echo "baseline: runtime start, token subcommand (ms): median $(median "${baseline[@]}"), all: ${baseline[*]}"
