#!/usr/bin/env bash
# `backup.sh full|diff [--config FILE] [--stanza NAME]`: one pgBackRest backup (full weekly, differential
# daily; WAL is archived continuously in between, so any point since the oldest kept full restores).
set -euo pipefail
type=${1:?usage: backup.sh full|diff [--config FILE] [--stanza NAME]}; shift
config=/etc/pgbackrest/pgbackrest.conf stanza=bookdesk
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config=$2; shift 2 ;;
    --stanza) stanza=$2; shift 2 ;;
    *) echo "backup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$type" in full|diff) ;; *) echo "backup.sh: type must be full or diff" >&2; exit 2 ;; esac
exec pgbackrest --config="$config" --stanza="$stanza" --type="$type" backup
