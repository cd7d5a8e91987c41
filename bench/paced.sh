#!/usr/bin/env bash
# Issue 15, targets 4 and 5: "complete task" under a paced open-loop load, then a burst.
#   bash bench/paced.sh [rate] [seconds] [programmes] [burst-completions] [burst-clients]
#   defaults: 100 60 1000 30000 16 (0 as burst-completions skips the burst, 0 as rate the paced run)
# Release build → throwaway PostgreSQL 15 cluster (default settings, fsync on) → migrate →
# `generate --programmes 1 --open-tasks-target 13000` (the 357 municipalities' current cohorts
# plus synthetic participants, each with one Active programme, until there are well over 1,000
# Active programmes with a task to complete) → a web host (Host__Role=web, environment
# Benchmark, demo sign-in for the overview page) → `paced` (a closed-loop warm-up, WARMUP_SECONDS=15,
# then the open-loop window; bench/ProsessLop.Bench/PacedBench.cs: what is measured, precisely) →
# `burst`. Loopback only; bench client, host and PostgreSQL share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-100}
seconds=${2:-60}
programmes=${3:-1000}
burst=${4:-30000}
clients=${5:-16}
root=$(pwd)
source bench/lib.sh

dotnet build src/ProsessLop.Api -c Release -v q -nologo >/dev/null
dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
# Room for the host's pool (100) and the reader's (200): an open-loop load queues requests behind
# any stall, and with PostgreSQL's default 100 connections the reader's were refused ("too many
# clients", 2026-12-01) and the bench died instead of reporting the stall.
start_cluster paced -c max_connections=320
port=$(free_port)
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
export Auth__DevelopmentSignIn=true RateLimit__WritesPerMinute=100000000 Demo__Seed=false Hangfire__WorkerCount=1 Workflows__Directory="$root/workflows" Host__Role=web
timeout 120 dotnet "$host_dll" migrate >/dev/null
timeout 1800 dotnet "$bench_dll" generate --connection "$cs" --programmes 1 --open-tasks-target 13000 | tail -3
echo "programmes: $(psql -d prosesslop -Atc "SELECT count(*) || ' (' || count(*) FILTER (WHERE status = 'Active') || ' Active)' FROM programmes")"
start_host "$port"
echo "cpus: $(nproc), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# A run with errors (e.g. 503 under queueing) still reports; the burst runs after it.
if [ "$rate" != 0 ]; then
  timeout 900 dotnet "$bench_dll" paced --url "http://127.0.0.1:$port/" --connection "$cs" --signing-key "$Auth__SigningKey" \
    --rate "$rate" --seconds "$seconds" --programmes "$programmes" --warmup-seconds "${WARMUP_SECONDS:-15}" || echo "paced: exit $?"
  echo "load average after paced: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
if [ "$burst" != 0 ]; then
  timeout 1800 dotnet "$bench_dll" burst --url "http://127.0.0.1:$port/" --connection "$cs" --signing-key "$Auth__SigningKey" \
    --completions "$burst" --programmes "$programmes" --clients "$clients" || echo "burst: exit $?"
  echo "load average after burst: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
echo "host errors by exception (first 160 characters):"
grep -o '"Exception":"[^"]\{0,160\}' "$work/host.log" | sort | uniq -c | sort -rn | head -5 || true
