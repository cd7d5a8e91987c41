#!/usr/bin/env bash
# What the per-request sign-in resolution costs PostgreSQL (issue 11): every request of a person
# reads their memberships (SignInResolution), and every page request checks its session. Measured
# with pgbench against a throwaway PostgreSQL 15 cluster (default settings, fsync on) holding
# 50,000 people with 2 memberships each and 50,000 sessions; baseline in the same run: pgbench's
# own select-only transaction (a primary-key lookup in pgbench_accounts, scale 10).
#   bash bench/sign-in-lookup.sh [clients] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-4}
seconds=${2:-15}
root=$(pwd)

dotnet build src/ProsessLop.Api -c Release -v q -nologo >/dev/null
host_dll=src/ProsessLop.Api/bin/Release/net10.0/ProsessLop.Api.dll
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/prosesslop-signin-XXXX)
work=$(mktemp -d /tmp/prosesslop-signin-work-XXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$data" "$work"; (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
cleanup() { as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$data" "$work"; }
trap cleanup EXIT

as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-c port=$pgport -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" -w start >/dev/null
psql() { "$bin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 "$@"; }
psql -qc "CREATE DATABASE prosesslop" >/dev/null
echo "postgres: $("$bin/postgres" --version), fsync=$(psql -d prosesslop -Atc 'SHOW fsync')"
ConnectionStrings__ProsessLop="Host=127.0.0.1;Port=$pgport;Database=prosesslop;Username=postgres" ASPNETCORE_ENVIRONMENT=Production \
  Auth__SigningKey="$(openssl rand -base64 48)" Workflows__Directory="$root/workflows" timeout 180 dotnet "$host_dll" migrate >/dev/null

psql -d prosesslop -q <<'SQL'
INSERT INTO people (id, name, email, created_at)
  SELECT 'p' || i, 'Person ' || i, 'p' || i || '@kommune.test', now() FROM generate_series(1, 50000) i;
INSERT INTO memberships (id, person_id, role, scope_kind, scope_id, created_at, created_by)
  SELECT gen_random_uuid(), 'p' || i, CASE WHEN i % 5 = 0 THEN 'coordinator' ELSE 'participant' END, 'Participant', lpad((i % 357)::text, 4, '0'), now(), 'bench'
  FROM generate_series(1, 50000) i;
INSERT INTO memberships (id, person_id, role, scope_kind, scope_id, created_at, created_by)
  SELECT gen_random_uuid(), 'p' || i, 'participant', 'Participant', 'region-' || (i % 40), now(), 'bench' FROM generate_series(1, 50000) i;
INSERT INTO sign_in_sessions (id, person_id, provider, created_at, expires_at)
  SELECT md5('s' || i)::uuid, 'p' || i, 'idporten', now(), now() + interval '8 hours' FROM generate_series(1, 50000) i;
ANALYZE;
SQL
# The two statements the host sends (as EF Core writes them; see SignInResolution.cs):
cat > "$work/memberships.sql" <<'SQL'
\set n random(1, 50000)
SELECT p.name, m.role, m.scope_id FROM people AS p LEFT JOIN memberships AS m ON p.id = m.person_id WHERE p.id = 'p' || :n;
SQL
cat > "$work/session.sql" <<'SQL'
\set n random(1, 50000)
SELECT EXISTS (SELECT 1 FROM sign_in_sessions AS s WHERE s.id = md5('s' || :n)::uuid AND s.ended_at IS NULL AND s.expires_at > now());
SQL
"$bin/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -i -q -s 10 prosesslop >/dev/null 2>&1
run() { "$bin/pgbench" -h 127.0.0.1 -p "$pgport" -U postgres -n -M prepared -c "$clients" -j 2 -T "$seconds" "$@" prosesslop 2>/dev/null | grep -E "latency average|tps = " | tr '\n' ' '; echo; }
echo "baseline, pgbench select-only (-S): $(run -S)"
echo "memberships of a person:            $(run -f "$work/memberships.sql")"
echo "open session of a person:           $(run -f "$work/session.sql")"
