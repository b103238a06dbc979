#!/usr/bin/env bash
# T14 (security.md §9): /healthz stays responsive while 200 clients sign in at once with the
# production Argon2id cost (m=19456 KiB, t=2). Argon2 runs on the blocking pool behind a
# semaphore of about one permit per core, so a sign-in flood queues for hashing but must not
# hold up the async workers that answer everything else. Goal: /healthz p95 < 200 ms.
#
#   bench/healthz-under-logins.sh            # SQLite, 30 s flood
#   DURATION=60 BACKEND=postgres bench/healthz-under-logins.sh
#
# Needs oha (`cargo install --locked oha`) and python3; for PostgreSQL the server binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-30}
logins=${LOGINS:-200}
backend=${BACKEND:-sqlite}
command -v oha >/dev/null || { echo "oha is missing: cargo install --locked oha" >&2; exit 1; }
cargo build --release --quiet --bin kinlink
bin=${CARGO_TARGET_DIR:-target}/release
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
url=$dir/kinlink.db
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "${KINLINK_TEST_PG_DIR:-}" ] && scripts/pg-stop.sh || true
  rm -rf "$dir"
}
trap cleanup EXIT
if [ "$backend" = postgres ]; then
  pg_env=$(scripts/pg-start.sh)
  eval "$pg_env"
  url=$KINLINK_TEST_POSTGRES_URL
fi
# Budgets per source are raised: every benchmark client is 127.0.0.1, and a 429 costs no
# hashing, so it would measure nothing.
KINLINK_BIND=127.0.0.1:$port KINLINK_DATA_DIR="$dir" KINLINK_DATABASE_URL="$url" \
  KINLINK_LOG_LEVEL=warn KINLINK_SIGNINS_PER_SOURCE_PER_MINUTE=100000 \
  "$bin/kinlink" serve >"$dir/server.log" 2>&1 &
server=$!
up=
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && { up=1; break; }; sleep 0.1; done
[ -n "$up" ] || { echo "the server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
handle=$(curl -fsS -H 'Content-Type: application/json' -d '{"passphrase":"healthz bench passphrase"}' \
  "http://127.0.0.1:$port/api/v1/accounts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["handle"])')

summary() { # name file
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[2])); p = d["latencyPercentiles"]
codes = d.get("statusCodeDistribution", {})
print(f"{sys.argv[1]:<16} rps {d['summary']['requestsPerSec']:8.1f}  p50 {p['p50']*1000:8.1f} ms"
      f"  p95 {p['p95']*1000:8.1f} ms  p99 {p['p99']*1000:8.1f} ms  statuses {codes}")
PY
}
printf 'machine: %s cores; %s; production Argon2id; %s parallel sign-ins for %ss\n' \
  "$(nproc)" "$backend" "$logins" "$duration"
oha --no-tui --output-format json -z 10s -c 4 "http://127.0.0.1:$port/healthz" >"$dir/idle.json"
summary "healthz idle" "$dir/idle.json"
oha --no-tui --output-format json -z "${duration}s" -c "$logins" -m POST -T application/json \
  -d "{\"login\":\"$handle\",\"passphrase\":\"healthz bench passphrase\"}" \
  "http://127.0.0.1:$port/api/v1/sessions" >"$dir/logins.json" &
flood=$!
sleep 3 # let the flood fill the hashing queue
oha --no-tui --output-format json -z "$((duration - 6))s" -c 4 "http://127.0.0.1:$port/healthz" >"$dir/busy.json"
wait "$flood"
summary "sign-ins" "$dir/logins.json"
summary "healthz busy" "$dir/busy.json"
python3 - "$dir/busy.json" <<'PY'
import json, sys
p95 = json.load(open(sys.argv[1]))["latencyPercentiles"]["p95"] * 1000
print(f"goal /healthz p95 < 200 ms under the flood: {'met' if p95 < 200 else 'NOT met'} ({p95:.1f} ms)")
PY
