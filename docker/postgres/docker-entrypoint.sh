#!/bin/bash
# On the first start (empty PGDATA) creates the cluster, the POSTGRES_USER role with POSTGRES_PASSWORD and the
# POSTGRES_DB database, as the official image does, then runs the command. The set-up runs a server on the
# socket only, so the "ready to accept connections" line appears twice, as Testcontainers expects of a first start.
set -euo pipefail
[[ ${1:-} == -* ]] && set -- postgres "$@"
if [[ ${1:-} == postgres && ! -s $PGDATA/PG_VERSION ]]; then
    : "${POSTGRES_PASSWORD:?is required (as with the official postgres image)}"
    user=${POSTGRES_USER:-postgres}
    database=${POSTGRES_DB:-$user}
    initdb --pgdata="$PGDATA" --username="$user" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    pg_ctl --pgdata="$PGDATA" --options="-c listen_addresses=''" --wait start
    if [[ $database != postgres ]]; then
        psql --username="$user" --dbname=postgres --set=ON_ERROR_STOP=1 --no-psqlrc \
            --command="CREATE DATABASE \"$database\""
    fi
    pg_ctl --pgdata="$PGDATA" --mode=fast --wait stop
fi
exec "$@"
