#!/usr/bin/env bash
# Fault 3: a job host killed (`kill -9`) in the middle of a reminder sweep, and again in the
# middle of an outbox relay.
#   bash bench/faults/jobs-kill.sh [smtp-delay-ms]
# A throwaway cluster (fsync on) with the 357 × 20 data set on today's date (the current cohorts
# have deadlines around today, so the sweep has reminders due) and one coordinator with an
# e-mail address per participant; a job host (Host__Role=jobs) with the sweep and the relay
# every 10 s; SMTP on loopback (smtp-sink) that takes smtp-delay-ms per message, so a relay
# batch (50 messages) lasts long enough to be killed half-way.
# Kill 1: as soon as Hangfire shows the sweep Processing. Kill 2: once the sink has accepted 10
# messages of the first relay batch. After each kill the host is started again; at the end
# every message the SMTP server accepted is counted per Message-Id (the outbox id) and per
# recipient against the outbox and reminder_deliveries.
source "$(dirname "$0")/lib.sh"
delay=${1:-300}

build
setup_database 357 20
add_coordinators
echo "coordinators: $(q "SELECT count(*) FROM contact_persons")"
smtp_port=$(free_port); start_sink "$smtp_port" "$delay"
port=$(free_port)
jobs_env=(Host__Role=jobs Hangfire__WorkerCount=2 Hangfire__QueuePollInterval=00:00:01 Hangfire__SchedulePollingInterval=00:00:01
  "Hangfire__RemindersCron=*/10 * * * * *" "Hangfire__OutboxRelayCron=*/10 * * * * *"
  Email__SmtpHost=127.0.0.1 Email__SmtpPort="$smtp_port" Email__UseStartTls=false)
start_host j "$port" "${jobs_env[@]}"
wait_ready "$port" "$j_pid"
echo "job host pid $j_pid, smtp sink $smtp_port with ${delay} ms per message"
processing() { q "SELECT count(*) FROM hangfire.job WHERE statename = 'Processing' AND invocationdata::text LIKE '%$1%'"; }

# Kill 1: mid-sweep.
until [ "$(processing ReminderJob)" != 0 ]; do kill -0 "$j_pid" || exit 1; sleep 0.02; done
kill9 "$j_pid"
echo "$(date -u +%T) KILL1 kill -9 job host during the reminder sweep: reminder_deliveries=$(q 'SELECT count(*) FROM reminder_deliveries') outbox=$(q 'SELECT count(*) FROM outbox_messages') (0 and 0: the sweep's transaction was rolled back)"
echo "hangfire locks left by the killed host: $(q "SELECT string_agg(resource || ' (' || acquired || ')', ', ') FROM hangfire.lock")"
restart_ms=$(now_ms)
start_host j "$port" "${jobs_env[@]}"
wait_ready "$port" "$j_pid"

# The sweep again after the restart, then kill 2: mid-relay.
until [ "$(q 'SELECT count(*) FROM outbox_messages')" != 0 ]; do kill -0 "$j_pid" || exit 1; sleep 0.2; done
echo "$(date -u +%T) sweep ran again $(( ($(now_ms) - restart_ms) / 1000 )) s after the restart: reminder_deliveries=$(q 'SELECT count(*) FROM reminder_deliveries') (to people: $(q 'SELECT count(*) FROM reminder_deliveries WHERE recipients > 0')), outbox messages=$(q 'SELECT count(*) FROM outbox_messages')"
until [ "$(wc -l <"$work/smtp.log" 2>/dev/null || echo 0)" -ge 10 ]; do kill -0 "$j_pid" || exit 1; sleep 0.05; done
kill9 "$j_pid"
at_kill=$(wc -l <"$work/smtp.log")
echo "$(date -u +%T) KILL2 kill -9 job host during the relay: accepted by the SMTP server=$at_kill, marked sent in the outbox=$(q 'SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL')"
echo "hangfire locks left by the killed host: $(q "SELECT string_agg(resource || ' (' || acquired || ')', ', ') FROM hangfire.lock")"
restart_ms=$(now_ms)
start_host j "$port" "${jobs_env[@]}"
wait_ready "$port" "$j_pid"

total=$(q 'SELECT count(*) FROM outbox_messages')
for _ in $(seq 1 600); do
  [ "$(q 'SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND failed_at IS NULL')" = 0 ] && break
  sleep 1
done
echo "$(date -u +%T) outbox drained $(( ($(now_ms) - restart_ms) / 1000 )) s after the second restart"
sleep 2
sink=$(wc -l <"$work/smtp.log")
ids=$(cut -f2 "$work/smtp.log" | sort -u | wc -l)
dup_ids=$(cut -f2 "$work/smtp.log" | sort | uniq -d | wc -l)
recipients_twice=$(cut -f3 "$work/smtp.log" | sort | uniq -d | wc -l)
echo "reminder_deliveries=$(q 'SELECT count(*) FROM reminder_deliveries') (one row per (programme, item, rule, deadline): the primary key), outbox messages=$total, sent=$(q 'SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL'), failed=$(q 'SELECT count(*) FROM outbox_messages WHERE failed_at IS NOT NULL')"
echo "MAIL accepted_by_smtp=$sink distinct_message_ids=$ids duplicate_emails=$(( sink - ids )) (message ids delivered more than once: $dup_ids) recipients_with_more_than_one_mail=$recipients_twice outbox_messages_not_at_sink=$(( total - ids ))"
