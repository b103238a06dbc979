#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for tests: a temp dir, a random port on 127.0.0.1, fsync
# off, WAL kept small (every test makes a database; a CI machine may be short of disk). Prints
# shell `export` lines; use as:  pg_env=$(scripts/pg-start.sh) && eval "$pg_env"
# (an assignment fails a `set -e` script when this fails; `eval "$(...)"` would not)
# Stop it with:  scripts/pg-stop.sh   (reads KINLINK_TEST_PG_DIR)
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail
pgbin=${PGBIN:-}
if [ -z "$pgbin" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "pg-start: PostgreSQL server binaries not found (install the 'postgresql' package)" >&2
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
dir=$(mktemp -d /tmp/kinlink-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 -c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=64MB -c min_wal_size=32MB" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "export KINLINK_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
echo "export KINLINK_TEST_PG_DIR=$dir"
echo "export KINLINK_TEST_PG_BIN=$pgbin"
