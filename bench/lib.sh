# Shared by the bench scripts (source it after `cd` to the repository root): a throwaway
# PostgreSQL cluster with default settings (fsync on) and a host started on loopback, both
# stopped on exit. bench/studio.sh uses it; the older scripts still carry their own copy.

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
host_dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bench_dll=bench/ProsessLop.Bench/bin/Release/net10.0/ProsessLop.Bench.dll
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
psql() { "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 "$@"; }
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

# start_cluster NAME [postgres -c options...]: sets data, work, pgport, cs and ConnectionStrings__ProsessLop.
start_cluster() {
  data=$(mktemp -d "/tmp/prosesslop-$1-XXXX")
  work=$(mktemp -d "/tmp/prosesslop-$1-work-XXXX")
  shift
  pgport=$(free_port)
  trap cleanup EXIT
  as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  # Default settings (fsync on, synchronous_commit on); only port and sockets set, plus what is asked.
  as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
    -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $*" -w start >/dev/null
  psql -qc "CREATE DATABASE prosesslop" >/dev/null
  echo "postgres: $("$bin/postgres" --version), fsync=$(psql -d prosesslop -Atc 'SHOW fsync'), synchronous_commit=$(psql -d prosesslop -Atc 'SHOW synchronous_commit')"
  cs="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres"
  export ConnectionStrings__ProsessLop="$cs"
}

# start_host PORT: the Release host in the background, waited for until /health/ready answers.
start_host() {
  dotnet "$host_dll" >"$work/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$host_pid" 2>/dev/null || { cat "$work/host.log"; exit 1; }
    sleep 0.2
  done
  echo "host not ready"; tail -50 "$work/host.log"; exit 1
}

# create_bench_ids: the table that maps 1..nids to the active programmes (pgbench picks n), and nids.
create_bench_ids() {
  psql -d prosesslop -q <<'SQL'
CREATE TABLE bench_ids AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM programmes WHERE status = 'Active';
ALTER TABLE bench_ids ADD PRIMARY KEY (n);
ANALYZE bench_ids;
SQL
  nids=$(psql -d prosesslop -Atc "SELECT count(*) FROM bench_ids")
}

# What one "complete task" asks of PostgreSQL, as pgbench scripts over TABLE (programmes, or a copy
# of it): ids 1..:nids map to active programmes through bench_ids (runtime.sh, state-storage.sh).
# write_command_sql FILE TABLE [TYPE] — as the host sends them since session 13, two statements and
# no transaction around them: read the row with its state document and version, then one statement
# that writes the document back (sent as text, as the host sends it; TYPE is the state column's
# type, json as programmes unless given) with the derived columns, checked against the version, and
# inserts the journal entry from the update's RETURNING (ProgrammeWrite).
# write_minimal_sql FILE TABLE — the same two statements without the document.
# write_minimal_transaction_sql FILE TABLE — issue 15's yardstick, kept as it was: a transaction
# (BEGIN, read, journal insert, update, COMMIT) without the document.
journal_insert="INSERT INTO journal_entries (programme_id, participant_id, actor_id, actor_name, action, target, before, after, at) VALUES (':id', ':participant_id', 'bench-owner', 'Benchmark', 'CompleteTask', 'task', '{\"status\":\"Open\"}', '{\"status\":\"Done\",\"note\":null}', now())"
journal_from_saved="INSERT INTO journal_entries (programme_id, participant_id, actor_id, actor_name, action, target, before, after, at) SELECT ':id'::uuid, ':participant_id', 'bench-owner', 'Benchmark', 'CompleteTask', 'task', '{\"status\":\"Open\"}'::jsonb, '{\"status\":\"Done\",\"note\":null}'::jsonb, now() FROM saved"
write_command_sql() {
  cat >"$1" <<SQL
\\set n random(1, :nids)
SELECT id, participant_id, state, xmin FROM $2 WHERE id = (SELECT id FROM bench_ids WHERE n = :n) \\gset
WITH saved AS (UPDATE $2 SET state = \$s\$:state\$s\$::${3:-json}, health = 'OnTrack', earliest_open_due = current_date, awaiting_review = 0, updated_at = now() WHERE id = ':id' AND xmin = ':xmin' RETURNING xmin), journal AS ($journal_from_saved) SELECT xmin FROM saved;
SQL
}
write_minimal_sql() {
  cat >"$1" <<SQL
\\set n random(1, :nids)
SELECT id, participant_id, xmin FROM $2 WHERE id = (SELECT id FROM bench_ids WHERE n = :n) \\gset
WITH saved AS (UPDATE $2 SET health = 'OnTrack', updated_at = now() WHERE id = ':id' AND xmin = ':xmin' RETURNING xmin), journal AS ($journal_from_saved) SELECT xmin FROM saved;
SQL
}
write_minimal_transaction_sql() {
  cat >"$1" <<SQL
\\set n random(1, :nids)
BEGIN;
SELECT id, participant_id FROM $2 WHERE id = (SELECT id FROM bench_ids WHERE n = :n) \\gset
$journal_insert;
UPDATE $2 SET health = 'OnTrack', updated_at = now() WHERE id = ':id';
COMMIT;
SQL
}
