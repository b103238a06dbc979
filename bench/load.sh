#!/usr/bin/env bash
# Load (issue 14): requests per second and p99 latency at 64 connections, measured with `oha`,
# for an authenticated page (/dashboard), the profile API read and "about me" writes, on SQLite
# and on PostgreSQL, beside a bare actix-web endpoint in the same run (the ratio is what
# kinlink's own work costs). A database is seeded first with enough accounts (each with a
# profile and searches) that no cap or limit is what is measured; the sign-up and sign-in
# budgets are raised for the seeding only, and the measuring starts once the matcher has scored
# every seeded record (its queue, read from /metrics, is empty). With SOAK=N (seconds), afterwards N seconds of
# authenticated page reads on SQLite while the server's resident memory is sampled; the soak
# runs in parts of at most SOAK_PART seconds (default 600), signing in again before each,
# because oha keeps the cookie it was given and a session token lives 15 minutes.
#
#   bench/load.sh                     # both backends, 15 s per measurement
#   DURATION=30 BACKENDS=sqlite bench/load.sh
#   SOAK=600 BACKENDS=sqlite bench/load.sh
#   SOAK=1800 BACKENDS=sqlite bench/load.sh       # half an hour, three parts
#
# Needs oha (`cargo install --locked oha`), python3, and for PostgreSQL the server binaries
# (scripts/pg-start.sh). Production Argon2 parameters; development keys.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-15}
connections=${CONNECTIONS:-64}
accounts=${ACCOUNTS:-200}
backends=${BACKENDS:-sqlite postgres}
soak=${SOAK:-0}
soak_part=${SOAK_PART:-600}
command -v oha >/dev/null || { echo "oha is missing: cargo install --locked oha" >&2; exit 1; }
cargo build --release --quiet --bin kinlink --example bare_actix
bin=${CARGO_TARGET_DIR:-target}/release
workers=$(nproc)
metrics_token=$(python3 -c 'import secrets; print(secrets.token_hex(24))')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_up() {
  for _ in $(seq 200); do curl -fs "http://127.0.0.1:$1$2" >/dev/null && return 0; sleep 0.1; done
  echo "nothing answers on port $1" >&2; exit 1
}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${KINLINK_TEST_PG_DIR:-}" ] && scripts/pg-stop.sh || true
}
trap cleanup EXIT

# One measurement: prints "name rps p99_ms errors" from oha's JSON.
measure() { # name url [oha args...]
  local name=$1 url=$2; shift 2
  oha --no-tui --output-format json -z "${duration}s" -c "$connections" "$@" "$url" |
    python3 -c '
import json, sys
d = json.load(sys.stdin)
codes = d.get("statusCodeDistribution", {})
# Requests still in flight when the time is up are cut off by oha, not failed by the server.
errors = {e: n for e, n in d.get("errorDistribution", {}).items() if "deadline" not in e}
bad = sum(n for c, n in codes.items() if not c.startswith("2")) + sum(errors.values())
p99 = d["latencyPercentiles"]["p99"] * 1000
rps = d["summary"]["requestsPerSec"]
print(f"{sys.argv[1]} {rps:.0f} {p99:.1f} {bad} {codes} {errors}")
' "$name"
}

# A fresh session cookie for an account: sign_in port handle passphrase.
sign_in() {
  python3 -c '
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=120)
c.request("POST", "/api/v1/sessions", json.dumps({"login": sys.argv[2], "passphrase": sys.argv[3]}),
          {"Content-Type": "application/json"})
r = c.getresponse(); r.read()
assert r.status < 300, r.status
print([x for x in (r.getheader("Set-Cookie") or "").split(";") if x.strip().startswith("__Host-kinlink=")][0].strip())
' "$@"
}

bare_port=$(free_port)
"$bin/examples/bare_actix" "$bare_port" "$workers" &
pids+=($!)
wait_up "$bare_port" /

printf 'machine: %s cores, %s; oha %s; %s connections, %ss each\n' "$workers" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" "$(oha --version | cut -d' ' -f2)" \
  "$connections" "$duration"
for backend in $backends; do
  dir=$(mktemp -d)
  url=$dir/kinlink.db
  if [ "$backend" = postgres ]; then
    pg_env=$(scripts/pg-start.sh)
    eval "$pg_env"
    url=$KINLINK_TEST_POSTGRES_URL
  fi
  port=$(free_port)
  KINLINK_BIND=127.0.0.1:$port KINLINK_DATA_DIR="$dir" KINLINK_DATABASE_URL="$url" \
    KINLINK_LOG_LEVEL=warn KINLINK_WORKERS="$workers" KINLINK_DB_POOL_SIZE=16 \
    KINLINK_SIGNUPS_PER_MINUTE=100000 KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR=100000 \
    KINLINK_SIGNINS_PER_SOURCE_PER_MINUTE=100000 KINLINK_METRICS_TOKEN="$metrics_token" \
    "$bin/kinlink" serve >"$dir/server.log" 2>&1 &
  server=$!
  pids+=("$server")
  wait_up "$port" /healthz
  # Seed: accounts with a profile and two searches each; the last one signed in is measured.
  read -r token cookie handle passphrase < <(python3 - "$port" "$accounts" <<'PY'
import http.client, json, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
def call(method, path, body, token=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    h = {"Content-Type": "application/json"}
    if token: h["Authorization"] = f"Bearer {token}"
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse(); data = r.read(); cookies = r.getheader("Set-Cookie") or ""; c.close()
    assert r.status < 300, (method, path, r.status, data)
    return data, cookies
for i in range(n):
    pw = f"load benchmark passphrase {i}"
    handle = json.loads(call("POST", "/api/v1/accounts", {"passphrase": pw})[0])["handle"]
    data, cookies = call("POST", "/api/v1/sessions", {"login": handle, "passphrase": pw})
    token = json.loads(data)["token"]
    call("PUT", "/api/v1/me/profile", {"names": [f"Memet Tursun{chr(97 + i % 26)}"], "gender": "male",
         "birth": {"year": 1950 + i % 50}, "birthplace": {"region": "654002"}}, token)
    for rel in ("father", "mother"):
        call("POST", "/api/v1/me/searches", {"names": [f"Abdurehim Qadir{chr(97 + i % 26)}"],
             "relation": rel, "birth": {"year": 1930 + i % 30}}, token)
cookie = [c for c in cookies.split(";") if c.strip().startswith("__Host-kinlink=")][0].strip()
print(token, cookie, handle, pw.replace(" ", "+"))
PY
  )
  passphrase=${passphrase//+/ }
  # The in-process matcher scores every seeded record first; measuring meanwhile would measure
  # that too (on PostgreSQL it cost the page a fifth of its throughput). Wait for its queue.
  waited=0
  until curl -fs -H "Authorization: Bearer $metrics_token" "http://127.0.0.1:$port/metrics" |
      grep -qx 'kinlink_match_queue_depth 0'; do
    sleep 1
    waited=$((waited + 1))
    [ "$waited" -lt 600 ] || { echo "the matcher queue did not drain in 600 s" >&2; exit 1; }
  done
  echo "== $backend: $accounts accounts seeded, matcher queue drained after ${waited}s"
  echo "measure rps p99_ms non_2xx statuses"
  measure bare "http://127.0.0.1:$bare_port/"
  measure page "http://127.0.0.1:$port/dashboard" -H "Cookie: $cookie"
  measure profile_read "http://127.0.0.1:$port/api/v1/me/profile" -H "Authorization: Bearer $token"
  measure profile_write "http://127.0.0.1:$port/api/v1/me/profile" -m PUT \
    -H "Authorization: Bearer $token" -T application/json \
    -d '{"names": ["Memet Tursuna"], "gender": "male", "birth": {"year": 1950}, "birthplace": {"region": "654002"}}'
  if [ "$backend" = sqlite ] && [ "$soak" -gt 0 ]; then
    echo "== soak: ${soak}s of page reads in parts of ${soak_part}s; server memory (VmRSS, KiB) every 10 s"
    samples=()
    left=$soak
    part=0
    while [ "$left" -gt 0 ]; do
      this=$((left < soak_part ? left : soak_part))
      cookie=$(sign_in "$port" "$handle" "$passphrase")
      oha --no-tui --output-format json -z "${this}s" -c "$connections" -H "Cookie: $cookie" \
        "http://127.0.0.1:$port/dashboard" >"$dir/soak-$part.json" &
      load=$!
      while kill -0 "$load" 2>/dev/null; do
        samples+=("$(awk '/VmRSS/ {print $2}' "/proc/$server/status")")
        sleep 10
      done
      wait "$load"
      left=$((left - this))
      part=$((part + 1))
    done
    python3 - "$dir" "$part" "${samples[@]}" <<'PY'
import json, sys
parts = [json.load(open(f"{sys.argv[1]}/soak-{i}.json")) for i in range(int(sys.argv[2]))]
rss = [int(x) for x in sys.argv[3:]]
codes = {}
for d in parts:
    for c, n in d.get("statusCodeDistribution", {}).items():
        codes[c] = codes.get(c, 0) + n
rps = sum(d["summary"]["requestsPerSec"] for d in parts) / len(parts)
p99 = max(d["latencyPercentiles"]["p99"] for d in parts) * 1000
print(f"soak rps {rps:.0f} p99_ms {p99:.1f} (worst part) statuses {codes}")
print(f"rss_kib first {rss[0]} max {max(rss)} last {rss[-1]} samples {len(rss)}")
third = max(1, len(rss) // 3)
print(f"rss_kib mean of first third {sum(rss[:third])//third}, of last third {sum(rss[-third:])//third}")
print("rss_kib per minute:", " ".join(str(x) for x in rss[::6]))
PY
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
  if [ "$backend" = postgres ]; then scripts/pg-stop.sh; unset KINLINK_TEST_PG_DIR; fi
  rm -rf "$dir"
done
