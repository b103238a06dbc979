#!/usr/bin/env bash
# Threat T7 by timing: median sign-in latency for known identifiers (wrong passphrase) and for
# unknown identifiers, over 200 tries each, against a release build with production Argon2
# parameters. Each try uses a different identifier, so no try is throttled. Prints both
# medians and their difference; the goal is a difference under 10 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
tries=${TRIES:-200}
cargo build --release --quiet --bin kinlink
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KINLINK_BIND=127.0.0.1:$port KINLINK_DATA_DIR="$dir" KINLINK_LOG_LEVEL=warn \
  KINLINK_SIGNUPS_PER_MINUTE=100000 ./target/release/kinlink serve >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
python3 - "$port" "$tries" <<'PY'
import http.client, json, random, statistics, sys, time
port, tries = int(sys.argv[1]), int(sys.argv[2])
def call(method, path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, json.dumps(body), {"Content-Type": "application/json"})
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data
print(f"creating {tries} accounts...", file=sys.stderr)
handles = []
for i in range(tries):
    status, data = call("POST", "/api/v1/accounts", {"passphrase": f"benchmark passphrase number {i}"})
    assert status == 201, (status, data)
    handles.append(json.loads(data)["handle"])
words = ["amber", "river", "stone", "cloud", "maple", "quiet", "lemon", "north"]
unknown = [f"{random.choice(words)}-{random.choice(words)}-{random.randrange(10000):04d}" for _ in range(tries)]
unknown = [u for u in unknown if u not in handles]
def timed(login):
    t = time.perf_counter()
    status, _ = call("POST", "/api/v1/sessions", {"login": login, "passphrase": "not the passphrase at all"})
    assert status == 401, status
    return (time.perf_counter() - t) * 1000
known_ms, unknown_ms = [], []
# Interleave, so drift on the machine affects both the same way.
for k, u in zip(handles, unknown):
    known_ms.append(timed(k)); unknown_ms.append(timed(u))
mk, mu = statistics.median(known_ms), statistics.median(unknown_ms)
print(f"known identifiers:   median {mk:.1f} ms over {len(known_ms)} tries")
print(f"unknown identifiers: median {mu:.1f} ms over {len(unknown_ms)} tries")
print(f"difference:          {abs(mk - mu):.1f} ms (goal: under 10 ms)")
PY
