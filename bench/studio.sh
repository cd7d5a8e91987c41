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
source bench/lib.sh

dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
start_cluster studio
port=$(free_port)
# A fresh key per run; "Benchmark", not Production: Production refuses the demo sign-in.
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
export RateLimit__WritesPerMinute=1000000 Demo__Seed=false Hangfire__WorkerCount=1 Workflows__Directory="$root/workflows"
export Auth__DevelopmentSignIn=true
timeout 120 dotnet "$host_dll" migrate >/dev/null
start_host "$port"

timeout 600 dotnet "$bench_dll" studio --url "http://127.0.0.1:$port/" --signing-key "$Auth__SigningKey" --requests "$requests"
