#!/usr/bin/env bash
# Runtime benchmarks on the 357 × 20 data set (issue 4), with pgbench as the baseline in the same run.
#   bash bench/runtime.sh [clients] [seconds] [municipalities] [programmes]
# Release build → throwaway PostgreSQL 15 cluster (default settings, fsync on) → migrate →
# generate → host in Production → `http` bench (complete task at N clients; detail and county
# list, one client) → pgbench on the same server, same clients and duration, with a comparable
# single-row update transaction. Everything is stopped at the end. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only for write_command_sql, write_minimal_sql and write_minimal_transaction_sql: this script
# keeps its own cluster and host functions below, which replace the library's.
# shellcheck source=bench/lib.sh
source bench/lib.sh
clients=${1:-16}
seconds=${2:-20}
municipalities=${3:-357}
programmes=${4:-20}
root=$(pwd)
# Long enough for the runtime's tiered JIT to finish recompiling the hot path: with 3 s, 15–23 % of
# the host's CPU in the measured 20 s was the JIT's background thread (perf, bench/README.md issue 15).
warmup=${WARMUP_SECONDS:-15}

dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
host_dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bench_dll=bench/ProsessLop.Bench/bin/Release/net10.0/ProsessLop.Bench.dll

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-runtime-XXXX)
work=$(mktemp -d /tmp/prosesslop-runtime-work-XXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
host_pid=
cleanup() {
  if [ -n "$host_pid" ]; then kill -TERM "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  # What the host logged over the whole run (the logging configuration shows in this count).
  [ -f "$work/host.log" ] && echo "host log: $(wc -l <"$work/host.log") lines, $(grep -c 'Executed DbCommand' "$work/host.log" || true) of them 'Executed DbCommand'"
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$data" "$work"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
# Default settings (fsync on, shared_buffers 128MB, synchronous_commit on); only port and sockets set.
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
  -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100" -w start >/dev/null
psql() { "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql -qc "CREATE DATABASE prosesslop" >/dev/null
echo "postgres: $("$bin/postgres" --version), fsync=$(psql -d prosesslop -Atc 'SHOW fsync'), synchronous_commit=$(psql -d prosesslop -Atc 'SHOW synchronous_commit'), max_connections=$(psql -d prosesslop -Atc 'SHOW max_connections')"

cs="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
export ConnectionStrings__ProsessLop="$cs"
# A fresh key per run: outside Development the host refuses weak keys and any key written in the
# repository. "Benchmark", not Production: Production refuses the demo sign-in the overview bench uses.
export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)" ASPNETCORE_URLS="http://127.0.0.1:$port"
export RateLimit__WritesPerMinute=1000000 Demo__Seed=false Hangfire__WorkerCount=1 Workflows__Directory="$root/workflows"
# The page sign-in picker, so the overview bench signs in as the demo owner like a person would.
export Auth__DevelopmentSignIn=true
timeout 120 dotnet "$host_dll" migrate >/dev/null
timeout 600 dotnet "$bench_dll" generate --connection "$cs" --municipalities "$municipalities" --programmes "$programmes"
echo "database size: $(psql -d prosesslop -Atc "SELECT pg_size_pretty(pg_database_size('prosesslop'))"), programmes table (with TOAST and indexes): $(psql -d prosesslop -Atc "SELECT pg_size_pretty(pg_total_relation_size('programmes'))"), state column: $(psql -d prosesslop -Atc "SELECT format_type(atttypid, NULL) || ', ' || CASE attcompression WHEN 'l' THEN 'lz4' WHEN 'p' THEN 'pglz' ELSE 'default (pglz)' END FROM pg_attribute WHERE attrelid = 'programmes'::regclass AND attname = 'state'")"

# The state document every command reads and rewrites: its JSON text, its jsonb size and what is
# stored (compressed, TOASTed) — averages over the active programmes.
echo "state document (active programmes, average): $(psql -d prosesslop -Atc "SELECT round(avg(octet_length(state::text))) || ' B as text, ' || round(avg(pg_column_size(state::text::jsonb))) || ' B as jsonb, ' || round(avg(pg_column_size(state))) || ' B stored' FROM programmes WHERE status = 'Active'")"

# W^X off: with it on, perf sees JIT-compiled code only as "memfd:doublemapper".
if [ -n "${PERF_OUT:-}" ]; then export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0; fi
# HOST_ENV: extra environment for the host only, for experiments (e.g. "DOTNET_TieredPGO=0").
# The content root is the build output, as the image's WORKDIR /app: there the host reads
# appsettings.json (EF Core and ASP.NET Core at Warning, JSON logs) as a deployment does. Until
# session 9 it ran from the repository root without it, logging every SQL statement and endpoint
# at Information: each figure before that carries that cost (bench/README.md, session 9).
# shellcheck disable=SC2086
env ASPNETCORE_CONTENTROOT="$root/$(dirname "$host_dll")" ${HOST_ENV:-} dotnet "$host_dll" >"$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "host not ready"; tail -50 "$work/host.log"; exit 1; }

# The pgbench scripts of what one command asks of PostgreSQL, with and without the document
# (bench/lib.sh, shared with state-storage.sh), written before the HTTP run for its paired windows.
create_bench_ids
write_command_sql "$work/command.sql" programmes
write_minimal_sql "$work/minimal.sql" programmes
write_minimal_transaction_sql "$work/minimal-transaction.sql" programmes
# PAIRS=N: after the usual run, N pairs of PAIR_SECONDS windows (default 10), the command's own SQL
# through pgbench and the commands over HTTP back to back, so each ratio's two halves see the same
# machine; the bench prints each pair's ratio and the median (bench/README.md, issue 15 target 1).
pairs=${PAIRS:-0}
pair_seconds=${PAIR_SECONDS:-10}
pair_command="cd $work && timeout $((pair_seconds + 60)) $bin/pgbench -h 127.0.0.1 -p $pgport -U postgres -n -c $clients -j 2 -T $pair_seconds -D nids=$nids -f command.sql prosesslop"

echo "--- ProsessLøp over HTTP"
perf_pid=
if [ -n "${PERF_OUT:-}" ]; then
  # A CPU profile of the host during the measured window (the host was started with
  # DOTNET_PerfMapEnabled=1, so JIT-compiled frames have names): perf record on the measuring line.
  ( for _ in $(seq 1 6000); do grep -q '^measuring:' "$work/http.txt" 2>/dev/null && break; sleep 0.1; done
    perf record -F 499 -g -p "$host_pid" -o "$PERF_OUT" -- sleep $((seconds - 2)) >/dev/null 2>&1 ) &
  perf_pid=$!
fi
http_status=0
timeout $((seconds * 3 + 600)) dotnet "$bench_dll" http --url "http://127.0.0.1:$port/" --connection "$cs" \
  --signing-key "$Auth__SigningKey" --clients "$clients" --seconds "$seconds" --warmup-seconds "$warmup" \
  --host-pid "$host_pid" --postmaster-pid "$(head -1 "$data/postmaster.pid")" \
  --pairs "$pairs" --pair-seconds "$pair_seconds" --pair-command "$pair_command" | tee "$work/http.txt" || http_status=$?

if [ -n "$perf_pid" ]; then wait "$perf_pid" || true; echo "profile: $PERF_OUT (perf report -i $PERF_OUT; bench/perf-owners.py)"; fi
echo "--- the steering group's overview page (server-rendered), one client"
timeout 300 dotnet "$bench_dll" overview --url "http://127.0.0.1:$port/" --requests 300 | tee "$work/overview.txt" || http_status=$?

echo "--- pgbench, same server, $clients clients, $seconds s"
# The comparable transaction: one UPDATE of one active programme's row that rewrites its whole
# state document (state::text::json makes a new value, so the TOASTed document is compressed and
# written again, as the command's UPDATE does) and its updated_at. A lookup table maps 1..N to ids.
cat >"$work/update.sql" <<'SQL'
\set n random(1, :nids)
UPDATE programmes SET state = state::text::json, updated_at = now() WHERE id = (SELECT id FROM bench_ids WHERE n = :n);
SQL
(cd "$work" && timeout $((seconds + 120)) "$bin/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -c "$clients" -j 2 -T "$seconds" \
  -D nids="$nids" -f update.sql -l --log-prefix=pgb prosesslop) | tee "$work/pgbench.txt"
pg_tps=$(grep -oP 'tps = \K[0-9.]+' "$work/pgbench.txt" | head -1)
pg_p95=$(cat "$work"/pgb.* | awk '{ print $3 / 1000 }' | sort -n | awk '{ a[NR] = $1 } END { i = int(NR * 0.95 + 0.999); print a[i] }')
pg_p50=$(cat "$work"/pgb.* | awk '{ print $3 / 1000 }' | sort -n | awk '{ a[NR] = $1 } END { i = int(NR * 0.50 + 0.999); print a[i] }')

# The same server, clients and duration with scripts that do what a command asks of PostgreSQL,
# sent by pgbench instead of our host: upper bounds for any host on this machine.
script_tps() {
  (cd "$work" && timeout $((seconds + 120)) "$bin/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -c "$clients" -j 2 -T "$seconds" \
    -D nids="$nids" -f "$1.sql" prosesslop) >"$work/pgbench-$1.txt"
  grep -oP 'tps = \K[0-9.]+' "$work/pgbench-$1.txt" | head -1
}
echo "--- pgbench, the command's own SQL and smaller transactions, no host, $clients clients, $seconds s"
pg_command_tps=$(script_tps command)
pg_minimal_tps=$(script_tps minimal)
pg_minimal_transaction_tps=$(script_tps minimal-transaction)

result=$(grep '^RESULT' "$work/http.txt" | head -1)
get() { echo "$result" | grep -oP "$1=\K[^ ]+"; }
echo "--- summary ($(date -u +%F), $clients clients, $seconds s, $municipalities × $programmes)"
echo "complete task over HTTP: $(get complete_tps) completions/s ($(get command_tps) commands/s incl. reopens), p50 $(get complete_p50) ms, p95 $(get complete_p95) ms, $(get commits_per_command) commits/command (xact_commit; $(get xids_per_command) xids assigned per command)"
echo "pgbench single-row update: $pg_tps tps, p50 $pg_p50 ms, p95 $pg_p95 ms"
share() { awk -v a="$1" -v b="$pg_tps" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }
echo "pgbench, no host: the command's SQL $pg_command_tps tps = $(share "$pg_command_tps"); the same statements without the document $pg_minimal_tps tps = $(share "$pg_minimal_tps"); the minimal transaction (BEGIN, read, journal, update, COMMIT; no document) $pg_minimal_transaction_tps tps = $(share "$pg_minimal_transaction_tps") — of the single-row update"
of() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }
echo "the command's SQL ÷ the same without the document: $(of "$pg_command_tps" "$pg_minimal_tps"); ÷ the minimal transaction: $(of "$pg_command_tps" "$pg_minimal_transaction_tps") (issue 15 target 2)"
echo "ratio (completions / pgbench): $(awk -v a="$(get complete_tps)" -v b="$pg_tps" 'BEGIN { printf "%.0f %%", 100 * a / b }'), incl. reopens: $(awk -v a="$(get command_tps)" -v b="$pg_tps" 'BEGIN { printf "%.0f %%", 100 * a / b }')"
[ "$pairs" -gt 0 ] && echo "paired windows ($pairs × $pair_seconds s): commands/s ÷ the command's own SQL, median $(get pair_median) % (each pair in the HTTP section above)"
echo "detail p50 $(get detail_p50) ms, p95 $(get detail_p95) ms (target < 10 ms); county list p50 $(get list_p50) ms, p95 $(get list_p95) ms (target < 20 ms); errors $(get errors)"
exit "$http_status"
