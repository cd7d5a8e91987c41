#!/usr/bin/env bash
# Measures what a web pod and a jobs pod use, to size the manifests' requests and limits.
#   bash deploy/k8s/measure.sh [idle-seconds] [load-seconds] [clients]
# Release build (what the image runs) → throwaway PostgreSQL 15 (fsync on) → migrate → the bench's
# 357 × 20 data set → one host with Host__Role=web and one with Host__Role=jobs, as the pods run
# them → idle for N s → the bench's HTTP load (complete task at C clients, then detail and county
# list) against the web host → one status compilation of all programmes on the web host. Samples
# RSS and CPU of both hosts from /proc every second. Loopback only; everything it started is
# stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
idle=${1:-30}
load=${2:-20}
clients=${3:-8}
root=$(pwd)

dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
host_dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bench_dll=bench/ProsessLop.Bench/bin/Release/net10.0/ProsessLop.Bench.dll

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-measure-XXXX)
work=$(mktemp -d /tmp/prosesslop-measure-work-XXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pgport=$(free_port)
webport=$(free_port)
jobsport=$(free_port)
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$data" "$work"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
  -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" -w start >/dev/null
"$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE prosesslop" >/dev/null

cs="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
# As the pods run: Production settings (JSON logs, no demo data), migrations as a separate step.
export ConnectionStrings__ProsessLop="$cs" ASPNETCORE_ENVIRONMENT=Production Auth__SigningKey="$(openssl rand -base64 48)"
export Database__MigrateOnStartup=false Workflows__Directory="$root/workflows" RateLimit__WritesPerMinute=1000000
export Email__PickupDirectory="$work/mail" Hangfire__QueuePollInterval=00:00:05
timeout 120 dotnet "$host_dll" migrate >/dev/null
timeout 600 dotnet "$bench_dll" generate --connection "$cs" >/dev/null

# As in the pods: a user id with no account and no home (the image's 1654), for whom nothing is
# writable but /tmp — the repository, the binaries and the workflows belong to someone else.
# (Run as root, setpriv switches to it; as another user, that user stands in.)
as_app=()
if [ "$(id -u)" = 0 ]; then as_app=(setpriv --reuid=1654 --regid=1654 --clear-groups); fi
export HOME=/nonexistent Email__PickupDirectory=/tmp/prosesslop-measure-mail
# The build output as content root, as /app in the image: its appsettings.json (JSON logs, the
# Warning level for ASP.NET Core and EF Core) applies, not a bare default that logs every request.
export ASPNETCORE_CONTENTROOT="$root/$(dirname "$host_dll")"
marker=$(mktemp)
start() { # role port
  local t0; t0=$(date +%s%N)
  Host__Role=$1 ASPNETCORE_URLS="http://127.0.0.1:$2" "${as_app[@]}" dotnet "$host_dll" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null 2>&1; then
      echo "$1 host ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms"; return
    fi
    sleep 0.2
  done
  echo "the $1 host did not become ready"; tail -30 "$work/$1.log"; exit 1
}
start web "$webport"; web_pid=${pids[0]}
start jobs "$jobsport"; jobs_pid=${pids[1]}

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
hwm_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# Samples one phase: mean CPU in millicores over the phase and the largest RSS seen each second.
phase() { # name seconds-or-command…
  local name=$1; shift
  local w0 j0 t0 wmax=0 jmax=0
  w0=$(cpu_ticks "$web_pid"); j0=$(cpu_ticks "$jobs_pid"); t0=$(date +%s.%N)
  if [[ $1 =~ ^[0-9]+$ ]]; then
    for _ in $(seq 1 "$1"); do
      sleep 1
      wmax=$(( $(rss_mib "$web_pid") > wmax ? $(rss_mib "$web_pid") : wmax ))
      jmax=$(( $(rss_mib "$jobs_pid") > jmax ? $(rss_mib "$jobs_pid") : jmax ))
    done
  else
    "$@" >"$work/$name.txt" 2>&1 &
    local load_pid=$!
    while kill -0 "$load_pid" 2>/dev/null; do
      sleep 1
      wmax=$(( $(rss_mib "$web_pid") > wmax ? $(rss_mib "$web_pid") : wmax ))
      jmax=$(( $(rss_mib "$jobs_pid") > jmax ? $(rss_mib "$jobs_pid") : jmax ))
    done
    wait "$load_pid" || { cat "$work/$name.txt"; exit 1; }
  fi
  local elapsed
  elapsed=$(echo "$(date +%s.%N) - $t0" | bc)
  printf '%-5s %6.0f s | web: CPU %4.0f m, RSS max %4d MiB | jobs: CPU %4.0f m, RSS max %4d MiB\n' "$name" "$elapsed" \
    "$(echo "($(cpu_ticks "$web_pid") - $w0) * 1000 / $ticks / $elapsed" | bc -l)" "$wmax" \
    "$(echo "($(cpu_ticks "$jobs_pid") - $j0) * 1000 / $ticks / $elapsed" | bc -l)" "$jmax"
}

echo "$(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); 357 × 20 programmes"
phase idle "$idle"
phase load timeout $((load * 3 + 300)) dotnet "$bench_dll" http --url "http://127.0.0.1:$webport/" --connection "$cs" \
  --signing-key "$Auth__SigningKey" --clients "$clients" --seconds "$load" --host-pid "$web_pid"
phase after 10
# Compiling status for all 7,140 programmes is the largest single piece of work a web pod does.
token=$(dotnet "$host_dll" token --role owner 2>/dev/null)
phase compile curl -sf -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$webport/api/status-reports/fremtidens-kulturskole"
echo "peak RSS (VmHWM): web $(hwm_mib "$web_pid") MiB, jobs $(hwm_mib "$jobs_pid") MiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The bench's own lines: throughput and latency, and the web host's CPU during the write burst alone.
grep -E 'complete|cpu during|detail:|list:' "$work/load.txt" || true
# What a read-only root filesystem would have refused: every file the hosts wrote, and what they
# logged as warnings or errors.
# (Only world-writable places can hold them; everything else was closed to uid 1654 anyway.)
if [ "$(id -u)" = 0 ]; then
  echo "files written by the hosts (uid 1654):"
  { find /tmp /var/tmp /dev/shm -uid 1654 -newer "$marker" 2>/dev/null || true; } | sed 's/^/  /'
fi
rm -f "$marker"
echo "warnings and errors the hosts logged:"
{ cat "$work/web.log" "$work/jobs.log" | grep -oE '"LogLevel":"(Warning|Error|Critical)","Category":"[^"]*","Message":"[^"]{0,160}' || true; } | sort | uniq -c | sed 's/^/  /'
echo "(web log $(wc -l <"$work/web.log") lines, jobs log $(wc -l <"$work/jobs.log") lines; first line: $(head -c 200 "$work/web.log"))"
