#!/usr/bin/env bash
# The steering group's overview page (issue 15, target 3): p50/p95 of /oversikt at 357 × 20 and
# 357 × 200, a baseline build and this build side by side in one run, on one cluster.
#   bash bench/overview.sh [sizes] [baseline-build-dir] [requests]
#   defaults: "20 200", none (this build only), 200
# baseline-build-dir: a Release output folder of another commit (e.g. made with
#   git archive main | tar -x -C /tmp/base && dotnet build /tmp/base/src/ProsessLop.Api -c Release
#   then /tmp/base/src/ProsessLop.Api/bin/Release/net10.0).
# Per size: `generate --replace`, six compiled snapshots (POST /api/status-reports, as growth.sh's
# compile-status timing leaves them, so the trend chart has points), then per build: a web host
# (environment Benchmark, demo sign-in) → `overview` (all rows) and `overview --query &fylke=99`
# (no rows rendered: the difference is the rows' rendering), pg_stat_statements reset before and
# read after (the page's SQL per request), host stopped. Throwaway cluster, fsync on, loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1-"20 200"}
baseline=${2:-}
requests=${3:-200}
root=$(pwd)
source bench/lib.sh

dotnet build src/ProsessLop.Api -c Release -v q -nologo >/dev/null
dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
start_cluster overview "-c shared_preload_libraries=pg_stat_statements"
psql -d prosesslop -qc "CREATE EXTENSION pg_stat_statements" >/dev/null
port=$(free_port)
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
export Auth__DevelopmentSignIn=true RateLimit__WritesPerMinute=1000000 Demo__Seed=false Hangfire__WorkerCount=1 Workflows__Directory="$root/workflows" Host__Role=web
this_dll=$host_dll
timeout 120 dotnet "$this_dll" migrate >/dev/null

builds="this=$this_dll"
[ -n "$baseline" ] && builds="baseline=$baseline/ProsessLop.Api.dll $builds"
for size in $sizes; do
  echo "=== 357 × $size"
  timeout 1800 dotnet "$bench_dll" generate --connection "$cs" --replace --programmes "$size" | tail -2
  psql -d prosesslop -qc "TRUNCATE status_snapshots CASCADE" >/dev/null
  host_dll=$this_dll start_host "$port"
  token=$(dotnet "$this_dll" token --role owner | tail -1)
  for _ in 1 2 3 4 5 6; do
    curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/status-reports/fremtidens-kulturskole"
  done
  stop_host
  echo "programmes: $(psql -d prosesslop -Atc "SELECT count(*) || ' (' || count(*) FILTER (WHERE status = 'Active') || ' Active)' FROM programmes"); snapshots: $(psql -d prosesslop -Atc "SELECT count(*) FROM status_snapshots"); database $(psql -d prosesslop -Atc "SELECT pg_size_pretty(pg_database_size('prosesslop'))")"
  for build in $builds; do
    name=${build%%=*}
    host_dll=${build#*=} start_host "$port"
    echo "--- $name ($host_dll)"
    timeout 900 dotnet "$bench_dll" overview --url "http://127.0.0.1:$port/" --requests 20 >/dev/null
    psql -d prosesslop -Atc "SELECT pg_stat_statements_reset()" >/dev/null
    timeout 900 dotnet "$bench_dll" overview --url "http://127.0.0.1:$port/" --requests "$requests" | grep -v '^RESULT'
    calls=$((requests + 10 + 1))
    echo "SQL per overview request (pg_stat_statements, $calls page requests incl. warm-up; mean ms, calls per request, rows per call):"
    psql -d prosesslop -F ' | ' -Atc "
      SELECT round(sum(total_exec_time)::numeric / $calls, 2) || ' ms total per request' FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'" | sed 's/^/  /'
    psql -d prosesslop -F ' | ' -Atc "
      SELECT round(mean_exec_time::numeric, 2), round(calls::numeric / $calls, 2), round(rows::numeric / calls, 0), left(regexp_replace(query, '\s+', ' ', 'g'), 110)
      FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 8" | sed 's/^/  /'
    timeout 900 dotnet "$bench_dll" overview --url "http://127.0.0.1:$port/" --requests "$requests" --query "&fylke=99" | grep -v '^RESULT' | sed 's/^/no rows (fylke=99): /'
    stop_host
  done
done
