#!/usr/bin/env bash
# How cost grows as work grows (issue 12), and the three figures issue 5 asked for.
#   bash bench/growth.sh [sizes] [open-tasks] [idle-seconds]
#   defaults: "20 200" (programmes per municipality, 357 municipalities), 1000000, 60 (0 skips;
#   "" as sizes skips part 2, e.g. `bash bench/growth.sh "" 1000000 0` for the sweep at scale alone)
# One throwaway PostgreSQL 15 cluster (default settings, fsync on) with pg_stat_statements
# preloaded, the Release build, everything on loopback. In order:
#  1. idle job host: 357 × first size generated, a job host (Host__Role=jobs, production
#     defaults) started, left 20 s, then pg_stat_statements reset and summed over idle-seconds;
#  2. per size: generate, bench coordinators (growth-people.sql), a web host (Host__Role=web,
#     environment Benchmark with the demo sign-in) → `growth` (detail, county list, my tasks,
#     baselines, compile status) and `overview`; then a job host with the reminder sweep triggered
#     once (bench `trigger-job`), timed by Hangfire (PerformanceDuration of that sweep, which claims everything);
#  3. the reminder sweep at scale: 357 × 1 plus synthetic participants until Active programmes
#     hold open-tasks open tasks → `reminder-due` (the query, and query + plan), then the whole
#     sweep on a job host as in 2 (0 skips step 3).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1-"20 200"}
open_tasks=${2:-1000000}
idle_seconds=${3:-60}
root=$(pwd)

dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
host_dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bench_dll=bench/ProsessLop.Bench/bin/Release/net10.0/ProsessLop.Bench.dll

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-growth-XXXX)
work=$(mktemp -d /tmp/prosesslop-growth-work-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgport=$(free_port)
port=$(free_port)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
host_pid=
stop_host() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  host_pid=
}
cleanup() {
  stop_host
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$data" "$work"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
# Default settings (fsync on, shared_buffers 128MB, synchronous_commit on) and pg_stat_statements.
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
  -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c shared_preload_libraries=pg_stat_statements" -w start >/dev/null
psql() { "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql -qc "CREATE DATABASE prosesslop" >/dev/null
psql -d prosesslop -qc "CREATE EXTENSION pg_stat_statements" >/dev/null
echo "postgres: $("$bin/postgres" --version), fsync=$(psql -d prosesslop -Atc 'SHOW fsync'), synchronous_commit=$(psql -d prosesslop -Atc 'SHOW synchronous_commit'), shared_preload_libraries=$(psql -d prosesslop -Atc 'SHOW shared_preload_libraries')"

cs="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
export ConnectionStrings__ProsessLop="$cs"
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
export RateLimit__WritesPerMinute=1000000 Demo__Seed=false Workflows__Directory="$root/workflows" Auth__DevelopmentSignIn=true
timeout 120 dotnet "$host_dll" migrate >/dev/null

# start_host ROLE [VAR=VALUE ...]: the host with extra environment, waits for /health/live.
start_host() {
  local role=$1; shift
  env Host__Role="$role" "$@" dotnet "$host_dll" >"$work/host-$role.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && return 0
    kill -0 "$host_pid" 2>/dev/null || { tail -50 "$work/host-$role.log"; exit 1; }
    sleep 0.2
  done
  echo "host ($role) not live"; tail -50 "$work/host-$role.log"; exit 1
}

generate() {
  timeout 1800 dotnet "$bench_dll" generate --connection "$cs" --replace "$@"
  psql -d prosesslop -q -f bench/growth-people.sql >/dev/null
  echo "database: $(psql -d prosesslop -Atc "SELECT pg_size_pretty(pg_database_size('prosesslop'))"); programmes: $(psql -d prosesslop -Atc "SELECT count(*) || ' (' || count(*) FILTER (WHERE status = 'Active') || ' Active)' FROM programmes"); task assignments: $(psql -d prosesslop -Atc "SELECT count(*) FROM task_assignments")"
}

# The reminder sweep on a job host, once; its duration as Hangfire recorded it.
time_sweep() {
  psql -d prosesslop -qc "TRUNCATE reminder_deliveries, notifications, outbox_messages; DELETE FROM hangfire.job WHERE invocationdata::text LIKE '%ReminderJob%'" >/dev/null
  local started; started=$(date +%s)
  # Triggered once, as soon as the host is live (bench `trigger-job`: Hangfire enqueues the
  # recurring job now), not at a cron minute: under load the host could start after that minute
  # (the ×200 sweep of session 7 never ran). Its own cron (29 February) never fires in a run.
  start_host jobs Hangfire__RemindersCron="0 0 29 2 *" Hangfire__SchedulePollingInterval=00:00:01 Hangfire__QueuePollInterval=00:00:01
  timeout 180 dotnet "$bench_dll" trigger-job --connection "$cs" --id reminders
  local duration=
  for _ in $(seq 1 "${1:-240}"); do
    duration=$(psql -d prosesslop -Atc "SELECT s.data::json ->> 'PerformanceDuration' FROM hangfire.job j JOIN hangfire.state s ON s.jobid = j.id WHERE j.invocationdata::text LIKE '%ReminderJob%' AND s.name = 'Succeeded' ORDER BY s.id LIMIT 1")
    [ -n "$duration" ] && break
    sleep 1
  done
  stop_host
  echo "reminder sweep (whole job, first run): ${duration:-did not finish} ms; $(psql -d prosesslop -Atc "SELECT count(*) FROM reminder_deliveries") reminders claimed, $(psql -d prosesslop -Atc "SELECT count(*) FROM outbox_messages" 2>/dev/null || echo '?') mails queued (waited $(( $(date +%s) - started )) s from host start)"
}

first_size=${sizes%% *}
if [ "$idle_seconds" != 0 ]; then
echo "=== 1. idle job host, 357 × $first_size"
generate --programmes "$first_size" | tail -5
start_host jobs
sleep 20
psql -d prosesslop -Atc "SELECT pg_stat_statements_reset()" >/dev/null
sleep "$idle_seconds"
psql -d prosesslop -F ' | ' -Atc "
  SELECT coalesce(sum(calls), 0), round(coalesce(sum(calls), 0) / $idle_seconds.0, 2) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'" | \
  awk -F' \\| ' -v s="$idle_seconds" '{ print "idle job host: " $1 " statements in " s " s = " $2 " per second (target ≤ 20)" }'
echo "by statement (calls, first 90 characters):"
psql -d prosesslop -F ' | ' -Atc "
  SELECT calls, left(regexp_replace(query, '\s+', ' ', 'g'), 90) FROM pg_stat_statements
  WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC LIMIT 15" | sed 's/^/  /'
stop_host
fi

for size in $sizes; do
  echo "=== 2. growth, 357 × $size"
  generate --programmes "$size" | tail -5
  start_host web
  timeout 1200 dotnet "$bench_dll" growth --url "http://127.0.0.1:$port/" --connection "$cs" --signing-key "$Auth__SigningKey" --requests 500 --compiles 5
  timeout 600 dotnet "$bench_dll" overview --url "http://127.0.0.1:$port/" --requests 200
  stop_host
  echo "plans (EXPLAIN ANALYZE) at 357 × $size:"
  for q in \
    "SELECT count(*) FROM programmes p WHERE p.county_numbers @> ARRAY['46']::text[]" \
    "SELECT id, participant_name, status, health, earliest_open_due FROM programmes p WHERE p.county_numbers @> ARRAY['46']::text[] ORDER BY p.participant_name, p.id LIMIT 50" \
    "SELECT a.programme_id, a.task_key FROM task_assignments a WHERE EXISTS (SELECT 1 FROM contact_persons c WHERE c.id = a.contact_person_id AND c.user_subject = 'bench-coordinator-0301' AND c.erased_at IS NULL) AND EXISTS (SELECT 1 FROM programmes p WHERE p.id = a.programme_id AND p.participant_id = ANY(ARRAY['0301'])) ORDER BY a.programme_id DESC, a.task_key DESC LIMIT 51" \
    "SELECT id, participant_id, start_date, created_at FROM programmes WHERE definition_key = 'fremtidens-kulturskole'" ; do
    echo "  $q"
    psql -d prosesslop -Atc "EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) $q" | sed 's/^/    /'
  done
  time_sweep 240
done

if [ "$open_tasks" != 0 ]; then
  echo "=== 3. reminder sweep over $open_tasks open tasks"
  generate --programmes 1 --open-tasks-target "$open_tasks" | tail -5
  # With the job host's runtime settings (ProsessLop.Api.csproj: Server GC, thread-pool spinning
  # off), since the finding runs there: with the console default (workstation GC) the ~1 million
  # objects of a finding cost ~65 gen-0 and ~25 gen-1 collections instead of ~4 and ~2
  # (bench/README.md, "Session 9").
  DOTNET_gcServer=1 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 \
    timeout 1800 dotnet "$bench_dll" reminder-due --connection "$cs" --iterations 5 --old-iterations "${OLD_ITERATIONS:-5}" --jsonb "${JSONB:-0}"
  # WHOLE_SWEEP=0 skips the whole sweep at scale (several minutes).
  [ "${WHOLE_SWEEP:-1}" = 0 ] || time_sweep 600
fi
