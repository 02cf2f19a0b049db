#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's packages.
#
#   url=$(bash .ci/postgres.sh start)   # installs if missing, starts, prints the server URL
#   WIREWATCH_TEST_PG="$url" python3 -m pytest -q
#   bash .ci/postgres.sh stop           # stops the server and removes its data
#
# The cluster lives in a temporary folder (WIREWATCH_PG_DIR, default /tmp/wirewatch-pg), listens
# on 127.0.0.1 only (port WIREWATCH_PG_PORT, default 54329) and trusts loopback connections: it
# holds test data only, and fsync is off because nothing in it must survive a crash.
# Both commands are idempotent: `start` on a running server only prints its URL.
set -euo pipefail

PGDIR="${WIREWATCH_PG_DIR:-/tmp/wirewatch-pg}"
PORT="${WIREWATCH_PG_PORT:-54329}"
URL="postgresql+psycopg://wirewatch@127.0.0.1:${PORT}/wirewatch"

pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

# Run a server command as the postgres user when we are root (initdb refuses root), else as us.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local bin
    bin=$(pg_bindir)
    mkdir -p "$PGDIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGDIR"; fi
    if [ ! -s "$PGDIR/data/PG_VERSION" ]; then
        as_pg "$bin/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 start -o \
            "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            >/dev/null
    fi
    local psql=("$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qtAX -v ON_ERROR_STOP=1)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='wirewatch'")" != "1" ]; then
        "${psql[@]}" -c "CREATE ROLE wirewatch LOGIN CREATEDB" >/dev/null
    fi
    # the tests drop each database WITH (FORCE); an autovacuum worker inside it can only be ended by
    # a member of pg_signal_backend (a test's teardown failed on exactly that)
    "${psql[@]}" -c "GRANT pg_signal_backend TO wirewatch" >/dev/null 2>&1
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='wirewatch'")" != "1" ]; then
        "${psql[@]}" -c "CREATE DATABASE wirewatch OWNER wirewatch" >/dev/null
    fi
    echo "$URL"
}

stop() {
    if [ -s "$PGDIR/data/PG_VERSION" ]; then
        local bin
        bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        as_pg "$bin/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGDIR"
}

case "${1:-start}" in
    start) start ;;
    stop|--stop) stop ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 [start|stop|url]" >&2; exit 2 ;;
esac
