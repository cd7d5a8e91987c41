#!/usr/bin/env bash
# Where the state document is stored, and what that costs PostgreSQL per command (issue 15, target 2).
#   bash bench/state-storage.sh            (or ROUNDS=3 SECONDS_EACH=12 SPLIT=1 VARIANTS="…")
# Release build → throwaway PostgreSQL 15 cluster (default settings, fsync on) → migrate →
# generate 357 × 20 → the programmes copied into one table per variant (storage parameters as
# given; rows re-inserted, so the values are stored as each variant stores them) → pgbench, 16
# clients, alternating variants each round: the command's own SQL (as runtime.sh's command.sql)
# and the same statements without the document, with the HOT share of each variant's updates.
# Variants are name:storage-parameters[:type[/compression]]; type json (as programmes since
# StateAsJsonText, the default) stores the document as JSON text, compact as the host writes it;
# jsonb as before; compression lz4 (as programmes) unless given. SPLIT=1 adds "split": the
# document in a table of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=16
seconds=${SECONDS_EACH:-12}
rounds=${ROUNDS:-3}
variants=${VARIANTS:-"jsonb:fillfactor=80:jsonb json:fillfactor=80:json row:fillfactor=50,toast_tuple_target=4000:jsonb"}
options_of() { local rest=${1#*:}; echo "${rest%%:*}"; }
spec_of() { local rest=${1#*:}; [ "$rest" = "${rest#*:}" ] && echo json || echo "${rest#*:}"; }
type_of() { local spec; spec=$(spec_of "$1"); echo "${spec%%/*}"; }
compression_of() { local spec; spec=$(spec_of "$1"); [ "$spec" = "${spec#*/}" ] && echo lz4 || echo "${spec#*/}"; }
dotnet build bench/ProsessLop.Bench -c Release -v q -nologo >/dev/null
# shellcheck source=bench/lib.sh
source bench/lib.sh
start_cluster storage -c max_connections=100
export ASPNETCORE_ENVIRONMENT=Benchmark Workflows__Directory="$(pwd)/workflows"
Auth__SigningKey="$(openssl rand -base64 48)" timeout 120 dotnet "$host_dll" migrate >/dev/null
timeout 600 dotnet "$bench_dll" generate --connection "$cs" --municipalities 357 --programmes 20 >/dev/null

for v in $variants; do
  name=${v%%:*}; options=$(options_of "$v"); type=$(type_of "$v")
  psql -d prosesslop -q <<SQL
CREATE TABLE p_$name (LIKE programmes INCLUDING ALL) WITH ($options);
INSERT INTO p_$name SELECT * FROM programmes;
SQL
  # Every variant rewritten in its type (jsonb's text form has a space after every ':' and ',';
  # the host writes compact JSON). The compression is set in the same statement, so the rewritten
  # values are compressed with it (a type change alone falls back to pglz).
  psql -d prosesslop -qc "ALTER TABLE p_$name ALTER COLUMN state TYPE $type USING regexp_replace(state::text, '(\":|,) ', '\1', 'g')::$type, ALTER COLUMN state SET COMPRESSION $(compression_of "$v")"
  psql -d prosesslop -qc "VACUUM ANALYZE p_$name"
  echo "$name ($options, $(type_of "$v") $(compression_of "$v")): $(psql -d prosesslop -Atc "SELECT 'heap ' || pg_size_pretty(pg_relation_size('p_$name')) || ', with TOAST and indexes ' || pg_size_pretty(pg_total_relation_size('p_$name')) || ', document stored ' || round(avg(pg_column_size(state))) || ' B (active), in one TOAST chunk or the row: ' || round(100.0 * count(*) FILTER (WHERE pg_column_size(state) <= 1996) / count(*)) || ' %' FROM p_$name WHERE status = 'Active'")"
done
if [ -n "${SPLIT:-}" ]; then
  # The document in a table of its own (in its row), the programme row without it: two updates per command.
  psql -d prosesslop -q <<'SQL'
CREATE TABLE p_split (LIKE programmes INCLUDING ALL) WITH (fillfactor=80);
INSERT INTO p_split SELECT * FROM programmes;
ALTER TABLE p_split DROP COLUMN state;
VACUUM FULL p_split;
CREATE TABLE s_state (id uuid PRIMARY KEY, state jsonb COMPRESSION lz4 NOT NULL) WITH (fillfactor=50, toast_tuple_target=4000);
INSERT INTO s_state SELECT id, state::jsonb FROM programmes;
VACUUM ANALYZE p_split; VACUUM ANALYZE s_state;
SQL
fi
create_bench_ids
for v in $variants; do
  write_command_sql "$work/command-${v%%:*}.sql" "p_${v%%:*}" "$(type_of "$v")"
  write_minimal_sql "$work/minimal-${v%%:*}.sql" "p_${v%%:*}"
done
if [ -n "${SPLIT:-}" ]; then
  variants="$variants split:"
  cat >"$work/command-split.sql" <<SQL
\\set n random(1, :nids)
BEGIN;
SELECT p.id, p.participant_id, s.state FROM p_split p JOIN s_state s ON s.id = p.id WHERE p.id = (SELECT id FROM bench_ids WHERE n = :n) \\gset
$journal_insert;
UPDATE p_split SET health = 'OnTrack', earliest_open_due = current_date, awaiting_review = 0, updated_at = now() WHERE id = ':id';
UPDATE s_state SET state = \$s\$:state\$s\$::jsonb WHERE id = ':id';
COMMIT;
SQL
  # Two tables written: a transaction, so measured against the minimal transaction.
  write_minimal_transaction_sql "$work/minimal-split.sql" p_split
fi
tps() {
  (cd "$work" && timeout $((seconds + 120)) "$bin/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -c "$clients" -j 2 -T "$seconds" \
    -D nids="$nids" -f "$1.sql" prosesslop) | grep -oP 'tps = \K[0-9.]+' | head -1
}
hot() { psql -d prosesslop -Atc "SELECT n_tup_hot_upd || ' ' || n_tup_upd FROM pg_stat_user_tables WHERE relname = 'p_$1'"; }
echo "pgbench, $clients clients, $seconds s each: the command's own SQL / the same without the document, HOT share of the programme updates"
for r in $(seq 1 "$rounds"); do
  line="round $r:"
  for v in $variants; do
    name=${v%%:*}
    before=$(hot "$name"); command=$(tps "command-$name"); after=$(hot "$name"); minimal=$(tps "minimal-$name")
    line="$line  $name $(awk -v c="$command" -v m="$minimal" -v a="$before" -v b="$after" 'BEGIN { split(a, x, " "); split(b, y, " ");
      printf "%.0f / %.0f tps = %.0f %%, HOT %.0f %%;", c, m, 100 * c / m, 100 * (y[1] - x[1]) / (y[2] - x[2]) }')"
  done
  echo "$line"
done
for v in $variants; do
  name=${v%%:*}
  [ "$name" = split ] && continue
  echo "$name after the rounds: $(psql -d prosesslop -Atc "SELECT 'heap ' || pg_size_pretty(pg_relation_size('p_$name')) || ', with TOAST and indexes ' || pg_size_pretty(pg_total_relation_size('p_$name'))")"
done
