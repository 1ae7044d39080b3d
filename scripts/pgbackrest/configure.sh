#!/usr/bin/env bash
# Configures pgBackRest for one PostgreSQL cluster (README.md "Operations"): an encrypted, compressed
# repository, WAL archiving (archive_mode=on, archive_command = pgbackrest archive-push,
# archive_timeout=60 s), the stanza, and a check that WAL reaches the repository. Run as the cluster's
# OS user (postgres) on the database host; then restart PostgreSQL once (archive_mode needs it) and
# schedule `backup.sh full` weekly and `backup.sh diff` daily (cron or a systemd timer).
#
#   configure.sh --stanza bookdesk --pgdata /var/lib/postgresql/15/main --port 5432 \
#                --socket /var/run/postgresql --repo /var/lib/pgbackrest [--config /etc/pgbackrest/pgbackrest.conf]
#                [--pg-bin DIR]   (only psql is run: from DIR if it has one, else from PATH)
#
# The repository cipher passphrase comes from PGBACKREST_REPO1_CIPHER_PASS, else is generated into
# <repo>/../pgbackrest.cipher-pass (0600): keep a copy of it off the host, without it no backup restores.
set -euo pipefail

stanza=bookdesk pgdata='' port=5432 socket=/var/run/postgresql repo='' config='' archive_timeout=60 pg_bin=''
while [ $# -gt 0 ]; do
  case "$1" in
    --stanza) stanza=$2; shift 2 ;;
    --pgdata) pgdata=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --socket) socket=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --archive-timeout) archive_timeout=$2; shift 2 ;;
    --pg-bin) pg_bin=$2; shift 2 ;;
    *) echo "configure.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$pgdata" ] && [ -n "$repo" ] || { echo "configure.sh: --pgdata and --repo are required" >&2; exit 2; }
config=${config:-$(dirname "$repo")/pgbackrest.conf}
command -v pgbackrest >/dev/null || { echo "configure.sh: pgbackrest is not installed (apt-get install pgbackrest)" >&2; exit 1; }
# shellcheck source=pg-bin.sh
. "$(dirname "$0")/pg-bin.sh"
psql_bin=$(psql_for "$pg_bin")

mkdir -p "$repo" "$(dirname "$config")" "$(dirname "$repo")/log"
chmod 700 "$repo"
pass=${PGBACKREST_REPO1_CIPHER_PASS:-}
if [ -z "$pass" ]; then
  pass_file="$(dirname "$repo")/pgbackrest.cipher-pass"
  [ -f "$pass_file" ] || (umask 077 && head -c 32 /dev/urandom | base64 > "$pass_file")
  pass=$(cat "$pass_file")
fi

umask 077
cat > "$config" <<CONF
[global]
repo1-path=$repo
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$pass
repo1-retention-full=2
repo1-retention-diff=7
compress-type=zst
process-max=2
start-fast=y
log-path=$(dirname "$repo")/log
lock-path=$(dirname "$repo")/log
log-level-console=warn

[$stanza]
pg1-path=$pgdata
pg1-port=$port
pg1-socket-path=$socket
CONF

q() { "$psql_bin" -X -q -h "$socket" -p "$port" -d postgres -v ON_ERROR_STOP=1 -c "$1"; }
q "ALTER SYSTEM SET wal_level = 'replica'"
q "ALTER SYSTEM SET archive_mode = 'on'"
q "ALTER SYSTEM SET archive_command = 'pgbackrest --config=$config --stanza=$stanza archive-push %p'"
q "ALTER SYSTEM SET archive_timeout = '$archive_timeout'"
echo "configure.sh: wrote $config; restart PostgreSQL (archive_mode), then: pgbackrest --config=$config --stanza=$stanza stanza-create && ... check"
