#!/usr/bin/env bash
# Fault 1: `kill -9` of a web host in the middle of a load of "complete task" commands.
#   bash bench/faults/web-kill.sh [clients] [seconds] [kill-at-seconds] [restart-after-seconds]
# Two web hosts (Host__Role=web) on one throwaway cluster (fsync on) with the 357 × 20 data set.
# `fault-load` sends complete/reopen commands with an Idempotency-Key, half the clients to each
# host; a client whose host dies retries the same key against the other one. Host A is killed
# with SIGKILL at kill-at-seconds and started again restart-after-seconds later; then
# `fault-verify` compares every answer the clients got with the database and the journal, and
# sends every acknowledged key again.
source "$(dirname "$0")/lib.sh"
clients=${1:-8}
seconds=${2:-30}
kill_at=${3:-10}
restart_after=${4:-3}

build
setup_database 357 20
port_a=$(free_port); port_b=$(free_port)
start_host a "$port_a" Host__Role=web
start_host b "$port_b" Host__Role=web
wait_ready "$port_a" "$a_pid"; wait_ready "$port_b" "$b_pid"
echo "web hosts: a pid $a_pid port $port_a, b pid $b_pid port $port_b"

start_load load --urls "http://127.0.0.1:$port_a/,http://127.0.0.1:$port_b/" --clients "$clients" --seconds "$seconds"
sleep "$kill_at"
journal_before=$(q "SELECT count(*) FROM journal_entries WHERE actor_id = 'fault-owner'")
kill9 "$a_pid"
echo "$(date -u +%T) kill -9 host a (pid $a_pid) after ${kill_at} s of load; ${journal_before} commands in the journal just before"
sleep "$restart_after"
start_host a "$port_a" Host__Role=web
t0=$(now_ms); wait_ready "$port_a" "$a_pid"
echo "$(date -u +%T) host a restarted (pid $a_pid), ready in $(( $(now_ms) - t0 )) ms"
wait "$load_pid" || true
cat "$work/load.out"
dotnet "$bench_dll" fault-verify --url "http://127.0.0.1:$port_b/" --connection "$cs" --signing-key "$Auth__SigningKey" --log "$work/load.jsonl"
