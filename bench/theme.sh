#!/usr/bin/env bash
# The public theme page (issue 14): GET /tema/fremtidens-kulturskole for 357 participants with
# published reports, anonymous, p50/p95 and size (plain and gzip), and a conditional GET with
# If-None-Match → 304, beside GET /health/live in the same run. Checks that the 304 loop reads no
# programme table (pg_stat_user_tables counters for programmes/report_publications before/after).
#   bash bench/theme.sh [requests] [programmes per participant]
# Release build → throwaway PostgreSQL 15 cluster (fsync on) → migrate → `generate` (357 ×
# programmes) → host → every delivered report published through the owner API
# (POST /api/programmes/{id}/reports/{key}/publish, the real command) → curl loops. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-300}
programmes=${2:-2}
root=$(pwd)
source bench/lib.sh

dotnet build src/ProsessLop.Api -c Release -v q -nologo >/dev/null
dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
start_cluster theme
port=$(free_port)
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
# Development sign-in: the owner token from `token` is accepted without a users row; the public
# per-address limit is lifted because every request here comes from one address.
export Auth__DevelopmentSignIn=true RateLimit__WritesPerMinute=1000000 RateLimit__PublicPerMinute=1000000 Demo__Seed=false Hangfire__WorkerCount=1 Workflows__Directory="$root/workflows"
timeout 120 dotnet "$host_dll" migrate >/dev/null
timeout 600 dotnet "$bench_dll" generate --connection "$cs" --municipalities 357 --programmes "$programmes" | tail -2
start_host "$port"
base="http://127.0.0.1:$port"
token=$(dotnet "$host_dll" token --role owner | tail -1)

# Every delivered report (approved, or submitted where no approval is needed) of every programme.
psql -d prosesslop -Atc "
  SELECT p.id || ' ' || (r->>'key')
  FROM programmes p, json_array_elements(p.state->'reports') r
  WHERE NOT coalesce((r->>'retired')::bool, false)
    AND (r->>'status' IN ('Approved','approved','2')
         OR (r->>'status' IN ('Submitted','submitted','1') AND NOT coalesce((r->>'requiresApproval')::bool, true)))" >"$work/delivered"
read -r first_id first_key <"$work/delivered"
echo "first publish answer: $(curl -s -X POST -H "Authorization: Bearer $token" "$base/api/programmes/$first_id/reports/$first_key/publish" | head -c 300)"
echo "publishing $(wc -l <"$work/delivered") delivered reports through the owner API"
t0=$(date +%s)
xargs -P 2 -L 1 sh -c 'curl -s -o /dev/null -w "%{http_code}\n" -X POST -H "Authorization: Bearer $0" "$1/api/programmes/$2/reports/$3/publish"' "$token" "$base" \
  <"$work/delivered" | sort | uniq -c
echo "published in $(( $(date +%s) - t0 )) s; report_publications: $(psql -d prosesslop -Atc "SELECT status, count(*) FROM report_publications GROUP BY 1" | tr '\n' ' ')"

page="$base/tema/fremtidens-kulturskole"
# loop NAME URL [curl options]: N timed requests (curl's time_total, process start not counted).
loop() {
  local name=$1 url=$2; shift 2
  for _ in $(seq 1 5); do curl -s -o /dev/null "$@" "$url"; done
  for _ in $(seq 1 "$requests"); do curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' "$@" "$url"; done >"$work/$name"
  sort -k2 -n "$work/$name" | awk -v n="$name" '{t[NR]=$2*1000; c[$1]++; s=$3} END {
    p50=t[int(NR*0.50+0.5)]; p95=t[int(NR*0.95+0.5)]; p99=t[int(NR*0.99+0.5)];
    codes=""; for (k in c) codes=codes k "×" c[k] " ";
    printf "%-14s n=%d p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  size %.1f KB  [%s]\n", n, NR, p50, p95, p99, s/1024, codes }'
}
etag=$(curl -s -D - -o /dev/null "$page" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
echo "content-encoding with gzip asked: $(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$page" | awk -F': ' 'tolower($1)=="content-encoding" {print $2}' | tr -d '\r')"
echo "etag: $etag"
loop health-live "$base/health/live"
loop theme "$page"
loop theme-gzip "$page" -H 'Accept-Encoding: gzip'
counters() { psql -d prosesslop -Atc "SELECT pg_stat_clear_snapshot(); SELECT relname || ' seq_scan=' || seq_scan || ' idx_scan=' || coalesce(idx_scan,0) FROM pg_stat_user_tables WHERE relname IN ('programmes','report_publications','participants') ORDER BY 1" | grep .; }
# PostgreSQL 15 backends flush their statistics when idle, up to 10 s late: wait that out first,
# then an idle window of the same wait as a control (background jobs), then the 304 loop.
sleep 12; idle=$(counters)
sleep 12; before=$(counters)
loop theme-304 "$page" -H "If-None-Match: $etag"
sleep 12; after=$(counters)
echo "programme tables, start of the idle control window:"; echo "$idle"
echo "programme tables before the 304 loop (after 12 s idle):"; echo "$before"
echo "programme tables after the 304 loop (+12 s):";  echo "$after"
[ "$idle" = "$before" ] && echo "idle control: counters still" || echo "idle control: counters moved without requests (background work)"
[ "$before" = "$after" ] && echo "304 path: no programme table read" || echo "304 path: COUNTERS MOVED"
uptime
