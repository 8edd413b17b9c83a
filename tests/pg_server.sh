#!/bin/sh
# Start a throwaway PostgreSQL server for the test suite and print its URL on stdout.
#
#   export ECODESK_TEST_PG_URL=$(tests/pg_server.sh)
#
# Installs Debian's postgresql when no server binaries exist, keeps the cluster in
# $ECODESK_PG_DIR (default /tmp/ecodesk-pg), listens on 127.0.0.1:$ECODESK_PG_PORT (default 54329)
# and is idempotent: a running server is reused. The test role `ecodesk` (CREATEDB, and CREATEROLE: the
# server-mode tests make clerks' roles of their own) and `postgres` log in by trust; every other role, as a
# clerk's account in a bureau, with its password (scram-sha-256), which the sign-in tests need.
# Stop it with: tests/pg_server.sh stop
set -eu

PORT=${ECODESK_PG_PORT:-54329}
DIR=${ECODESK_PG_DIR:-/tmp/ecodesk-pg}
ROLE=ecodesk
DB=ecodesk_test
URL="postgresql://$ROLE@127.0.0.1:$PORT/$DB"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN=$(pg_bin)
if [ -z "$BIN" ]; then
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    BIN=$(pg_bin)
fi

# initdb refuses to run as root: the cluster belongs to the postgres user (or the caller when not root)
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

if [ "${1:-}" = stop ]; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2
    exit 0
fi

mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
    as_owner sh -c "cat > '$DIR/data/pg_hba.conf'" <<EOF
local all all                        trust
host  all postgres,$ROLE 127.0.0.1/32 trust
host  all postgres,$ROLE ::1/128      trust
host  all all            127.0.0.1/32 scram-sha-256
host  all all            ::1/128      scram-sha-256
EOF
fi
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    # fsync off: a test cluster trades durability for speed (the crash tests use SQLite files). Autovacuum off:
    # its workers run as the superuser, and the test role's DROP DATABASE ... WITH (FORCE) cannot end one that
    # happens to be analysing a test's fresh database (a drop that failed at random); test databases live
    # for seconds.
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c autovacuum=off" \
        start >&2
fi

psql_admin() { "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAq -v ON_ERROR_STOP=1 "$@"; }
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" ]; then
    # pg_signal_backend: DROP DATABASE ... WITH (FORCE) ends the sessions of the clerks' roles a test made
    psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB CREATEROLE" -c "GRANT pg_signal_backend TO $ROLE"
fi
if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
fi
echo "$URL"
