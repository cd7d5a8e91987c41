#!/usr/bin/env bash
# Fault 2: PostgreSQL restarted under the load of fault 1.
#   bash bench/faults/db-restart.sh [clients] [seconds] [restart-at-seconds] [down-seconds]
# One host with every role (web + Hangfire server) on a throwaway cluster (fsync on), 357 × 20,
# one coordinator per participant, SMTP on loopback (smtp-sink), the reminder sweep and the
# outbox relay every minute. At restart-at-seconds of the load the cluster is restarted:
# down-seconds = 0 is `pg_ctl restart -m fast`; more is `pg_ctl stop -m fast`, that many seconds
# with no database, then `pg_ctl start` (so the host is seen answering without one).
# /health/ready is probed every 100 ms. Reports the answers by status while the database was
# gone, the time from the database answering again to /health/ready 200 and to the first 2xx
# command, that Hangfire ran jobs after the restart, and e-mails sent twice.
source "$(dirname "$0")/lib.sh"
clients=${1:-8}
seconds=${2:-40}
restart_at=${3:-10}
down=${4:-5}

build
setup_database 357 20
add_coordinators
smtp_port=$(free_port); start_sink "$smtp_port" 0
port=$(free_port)
start_host h "$port" Host__Role=all Hangfire__WorkerCount=2 Hangfire__QueuePollInterval=00:00:01 Hangfire__SchedulePollingInterval=00:00:01 \
  "Hangfire__RemindersCron=* * * * *" "Hangfire__OutboxRelayCron=* * * * *" \
  Email__SmtpHost=127.0.0.1 Email__SmtpPort="$smtp_port" Email__UseStartTls=false
wait_ready "$port" "$h_pid"
echo "host pid $h_pid port $port (Host__Role=all), smtp sink on $smtp_port"
start_probe "$port"
start_load load --urls "http://127.0.0.1:$port/" --clients "$clients" --seconds "$seconds" --give-up-seconds 90
load_start_ms=$(now_ms)
sleep "$restart_at"
down_ms=$(now_ms)
if [ "$down" = 0 ]; then
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w restart -l "$data/server.log" \
    -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
else
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  sleep "$down"
  pg_start
fi
up_ms=$(now_ms)
echo "$(date -u +%T) database down at +$(( down_ms - load_start_ms )) ms of load, answering again after $(( up_ms - down_ms )) ms"
wait "$load_pid" || true
cat "$work/load.out"
# Mail and jobs: wait for a relay run after the restart (the relay sends 50 a minute).
for _ in $(seq 1 45); do
  [ "$(q "SELECT count(*) FROM outbox_messages WHERE sent_at > to_timestamp($up_ms / 1000.0)")" != 0 ] && break
  sleep 2
done
python3 - "$work/ready-$port.tsv" "$down_ms" "$up_ms" "$work/load.jsonl" "$load_start_ms" <<'PY'
import json, sys
ready, down, up, log, load_start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
probes = [tuple(map(int, l.split())) for l in open(ready) if len(l.split()) == 2 and l.split()[1].isdigit()]
during = [c for t, c in probes if down <= t <= up]
first_unready = next((t for t, c in probes if t >= down and c != 200), None)
ready_again = next((t for t, c in probes if t >= up and c == 200), None)
answers = [json.loads(l) for l in open(log)]
# fault-load's clock starts a little before load_start_ms (it has read the tasks): close enough
# for seconds-scale figures, and conservative (later) for the first 2xx.
first_ok = min((load_start + a["At"] * 1000 for a in answers if 200 <= a["Status"] < 300 and load_start + a["At"] * 1000 >= up), default=None)
print(f"ready probes while the database was down: {len(during)}, status counts {dict((c, during.count(c)) for c in sorted(set(during)))}")
print(f"/health/ready first not 200 {first_unready - down if first_unready else 'never'} ms after the database went down")
print(f"RECOVERY ready_again_ms={ready_again - up if ready_again else 'never'} first_2xx_command_ms={round(first_ok - up) if first_ok else 'never'} (after the database answered again)")
PY
echo "hangfire after the restart: $(q "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND createdat > to_timestamp($up_ms / 1000.0) AT TIME ZONE 'UTC'") jobs succeeded, $(q "SELECT count(*) FROM hangfire.job WHERE statename IN ('Failed','Processing') ") failed or still processing"
echo "host restarts: none (pid $h_pid alive: $(kill -0 "$h_pid" 2>/dev/null && echo yes || echo no))"
echo "MAIL outbox sent=$(q "SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL") waiting=$(q "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") at_sink=$(wc -l <"$work/smtp.log") distinct_message_ids=$(cut -f2 "$work/smtp.log" | sort -u | wc -l) duplicates=$(cut -f2 "$work/smtp.log" | sort | uniq -d | wc -l) reminder_deliveries=$(q "SELECT count(*) FROM reminder_deliveries")"
dotnet "$bench_dll" fault-verify --url "http://127.0.0.1:$port/" --connection "$cs" --signing-key "$Auth__SigningKey" --log "$work/load.jsonl"
echo "errors logged by the host: $(grep -c 'fail:' "$work/h.log" || true) (first: $(grep -m1 -A1 'fail:' "$work/h.log" | tail -1 | cut -c1-160))"
