#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory: the two roles of README's
# "Two roles" section. The owner migrates; the service role owns nothing and may only append
# to audit_log (kinlink grants that at every start).
set -euo pipefail
owner_pw=$(cat /run/secrets/pg_owner_password)
app_pw=$(cat /run/secrets/pg_app_password)
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
  -v owner_pw="$owner_pw" -v app_pw="$app_pw" <<'SQL'
CREATE ROLE kinlink_owner LOGIN PASSWORD :'owner_pw';
CREATE ROLE kinlink_app LOGIN PASSWORD :'app_pw';
CREATE DATABASE kinlink OWNER kinlink_owner;
REVOKE ALL ON DATABASE kinlink FROM PUBLIC;
GRANT CONNECT ON DATABASE kinlink TO kinlink_app;
SQL
