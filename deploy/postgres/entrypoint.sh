#!/bin/sh
# Creates the database cluster in $PGDATA on the first start (superuser $POSTGRES_USER, default postgres, with password
# $POSTGRES_PASSWORD, required, and database $POSTGRES_DB if set), then runs postgres with the arguments given, e.g.
#   -c listen_addresses=127.0.0.1 -p 15432
# The same variables as the official postgres image's. Password authentication over TCP; no Unix socket outside /tmp.
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
user=${POSTGRES_USER:-postgres}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=trust \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    postgres --single -D "$PGDATA" -c unix_socket_directories= postgres >/dev/null <<SQL
CREATE DATABASE "$POSTGRES_DB" OWNER "$user";
SQL
  fi
  echo "postgres-entrypoint: created the database cluster in $PGDATA"
fi
exec postgres -D "$PGDATA" -c unix_socket_directories=/tmp "$@"
