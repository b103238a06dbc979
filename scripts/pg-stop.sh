#!/usr/bin/env bash
# Stop and remove the cluster started by pg-start.sh (KINLINK_TEST_PG_DIR names it).
set -euo pipefail
dir=${KINLINK_TEST_PG_DIR:?KINLINK_TEST_PG_DIR is not set}
pgbin=${KINLINK_TEST_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
if [ "$(id -u)" = 0 ]; then
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
else
  "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
fi
rm -rf "$dir"
