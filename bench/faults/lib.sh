# Shared by the fault experiments (source it; do not run it). Everything started here is
# remembered by PID and stopped by PID at exit: a throwaway PostgreSQL cluster under /tmp
# (default settings, fsync on), hosts, the SMTP sink. Nothing else on the machine is touched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)

host_dll=$root/src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bench_dll=$root/bench/ProsessLop.Bench/bin/Release/net10.0/ProsessLop.Bench.dll
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-faults-XXXX)
work=$(mktemp -d /tmp/prosesslop-faults-work-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgport=$(free_port)
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
psql() { "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 "$@"; }
q() { psql -d prosesslop -Atc "$1"; }

started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -n "${KEEP_WORK:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
  rm -rf "$data"
}
trap cleanup EXIT

build() {
  dotnet build "$root/bench/ProsessLop.Bench" -c Release -v q -nologo >/dev/null
}

pg_start() {
  as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
    -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" -w start >/dev/null
}

# A cluster, a migrated database, the 357 × 20 data set (or $1 × $2).
setup_database() {
  as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  pg_start
  psql -qc "CREATE DATABASE prosesslop" >/dev/null
  cs="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
  export ConnectionStrings__ProsessLop="$cs"
  export ASPNETCORE_ENVIRONMENT=Benchmark Auth__SigningKey="$(openssl rand -base64 48)"
  export RateLimit__WritesPerMinute=1000000 Demo__Seed=false Workflows__Directory="$root/workflows"
  export Database__MigrateOnStartup=false Logging__Console__FormatterName=simple
  # The load signs in with a locally signed owner token whose role claim counts (as in
  # bench/runtime.sh): no person and membership to set up.
  export Auth__DevelopmentSignIn=true
  timeout 120 dotnet "$host_dll" migrate >/dev/null
  timeout 600 dotnet "$bench_dll" generate --connection "$cs" --municipalities "${1:-357}" --programmes "${2:-20}" | tail -1
  echo "postgres: $("$bin/postgres" --version | awk '{print $3}'), fsync=$(q 'SHOW fsync'), synchronous_commit=$(q 'SHOW synchronous_commit')"
}

# start_host NAME PORT [VAR=value ...]: starts a host in the background; sets ${NAME}_pid.
start_host() {
  local name=$1 port=$2; shift 2
  env ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" dotnet "$host_dll" >>"$work/$name.log" 2>&1 &
  local pid=$!
  started_pids+=("$pid")
  printf -v "${name}_pid" '%s' "$pid"
}

# wait_ready PORT PID [seconds]
wait_ready() {
  local port=$1 pid=$2 limit=$(( ${3:-60} * 10 ))
  for _ in $(seq 1 "$limit"); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "host $pid died"; return 1; }
    sleep 0.1
  done
  echo "host on $port not ready"; return 1
}

# kill9 PID: SIGKILL a process this script started, and reap it.
kill9() {
  kill -KILL "$1"; wait "$1" 2>/dev/null || true
}

start_sink() {
  local port=$1 delay=$2
  dotnet "$bench_dll" smtp-sink --port "$port" --delay-ms "$delay" --log "$work/smtp.log" >"$work/sink.out" 2>&1 &
  sink_pid=$!
  started_pids+=("$sink_pid")
  for _ in $(seq 1 100); do grep -q listening "$work/sink.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "smtp sink did not start"; return 1
}

# One coordinator with an e-mail address per participant that has an active programme, so
# the reminder sweep has someone to write to (the generator makes no contact persons).
add_coordinators() {
  q "INSERT INTO contact_persons (id, participant_id, name, email, group_role, is_coordinator, created_at)
     SELECT gen_random_uuid(), participant_id, 'Koordinator ' || participant_id, 'koordinator-' || participant_id || '@kommune.test', 'Kulturskolerektor', true, now()
     FROM (SELECT DISTINCT participant_id FROM programmes WHERE status = 'Active') p" >/dev/null
}

# Probes /health/ready every 100 ms into $work/ready-PORT.tsv (epoch ms, status).
start_probe() {
  local port=$1
  ( while true; do
      code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
      echo "$(now_ms) $code"; sleep 0.1
    done ) >"$work/ready-$port.tsv" 2>/dev/null &
  started_pids+=("$!")
}

# start_load NAME ARGS...: fault-load in the background, output in $work/NAME.out; waits until it
# has read the open tasks and started sending (or fails if it died).
start_load() {
  local name=$1; shift
  dotnet "$bench_dll" fault-load --connection "$cs" --signing-key "$Auth__SigningKey" --log "$work/$name.jsonl" "$@" >"$work/$name.out" 2>&1 &
  load_pid=$!
  started_pids+=("$load_pid")
  until grep -q '^fault-load:' "$work/$name.out" 2>/dev/null; do
    kill -0 "$load_pid" 2>/dev/null || { cat "$work/$name.out"; return 1; }
    sleep 0.1
  done
}
