#!/usr/bin/env bash
# API fuzzing (issue 14): schemathesis against /api/v1/openapi.json of a real `kinlink serve`
# on a fresh SQLite data directory, once with a signed-in registrant's token and once with a
# signed-in caseworker's (TOTP enrolled), with the checks not_a_server_error,
# response_schema_conformance and status_code_conformance: no 5xx, no answer that breaks the
# document, no status the document does not list. The document itself is first checked with
# openapi-spec-validator. Prints one count line per run and fails when any run fails.
#
#   bench/schemathesis.sh                 # 25 examples per operation and run (a few minutes)
#   EXAMPLES=200 bench/schemathesis.sh    # longer
#
# Installs schemathesis and openapi-spec-validator (PyPI, pinned) into a venv under the cargo
# target directory. Operations that end the token's session or account (sign-outs, delete
# everything, passphrase and second-factor changes) are left out of the runs: a run would
# otherwise spend most of its requests on 401s; the API tests cover them.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${EXAMPLES:-25}
seed=${SEED:-1}
target=${CARGO_TARGET_DIR:-target}
venv=$target/schemathesis-venv
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q 4.32.5; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis==4.32.5' 'openapi-spec-validator==0.9.0'
fi
# KINLINK_BIN: a kinlink binary already built (CI builds one just before); else a debug build.
if [ -n "${KINLINK_BIN:-}" ]; then
  bin=$KINLINK_BIN
else
  cargo build --quiet --bin kinlink
  bin=$target/debug/kinlink
fi

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
# Development settings on a throwaway directory; cheap Argon2 so sign-ups are not the run;
# no mail delay; budgets raised so the fuzzer meets the handlers more than the limits (the
# limits still answer 429 with the error body when reached).
export KINLINK_DATA_DIR=$work/data KINLINK_BIND=127.0.0.1:$port KINLINK_LOG_FORMAT=json \
  KINLINK_ARGON2_M_KIB=64 KINLINK_ARGON2_T=1 KINLINK_MAIL_MAX_DELAY_SECS=0 \
  KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR=1000 KINLINK_SIGNUPS_PER_MINUTE=1000 \
  KINLINK_CASEWORKER_VIEWS_PER_DAY=10000 KINLINK_LOG_LEVEL=warn
mkdir -p "$KINLINK_DATA_DIR"
pass="schemathesis passphrase $(date +%s)"
printf '%s\n' "$pass" >"$work/pass"
admin=$("$bin" admin create-admin --passphrase-file "$work/pass" | sed -n 's/^handle: //p')
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 300); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "$base/api/v1/openapi.json" -o "$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"
tokens=$(python3 bench/schemathesis_accounts.py "$base" "$admin" "$pass")

value() { printf '%s\n' "$tokens" | sed -n "s/^$1 //p"; }
# Real ids for the operations that read one record, so they answer 200 and their answers are
# checked against the document too (random ids only meet 404s).
search=$(value search) assisted=$(value assisted)
{
  for op in get_search put_search pause_search resume_search; do
    printf '[[operations]]\ninclude-operation-id = "%s"\nparameters = { "path.id" = "%s" }\n\n' "$op" "$search"
  done
  printf '[[operations]]\ninclude-operation-id = "view_assisted"\nparameters = { "path.id" = "%s" }\n\n' "$assisted"
  printf '[[operations]]\ninclude-operation-id = "vet"\nparameters = { "path.id" = "%s" }\n' "$assisted"
} >"$work/schemathesis.toml"

status=0
for who in registrant caseworker; do
  token=$(value "$who")
  echo "==> schemathesis as the $who ($examples examples per operation, seed $seed)"
  set +e
  "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" --seed "$seed" --workers 2 \
    --exclude-operation-id sign_out --exclude-operation-id sign_out_everywhere \
    --exclude-operation-id delete_me --exclude-operation-id change_passphrase \
    --exclude-operation-id totp_enrol --exclude-operation-id totp_confirm \
    --no-color >"$work/$who.txt" 2>&1
  rc=$?
  set -e
  # The summary: what ran, and every failure with its reproduction.
  sed -n '/FAILURES\|SUMMARY/,$p' "$work/$who.txt" | grep -v '^\s*$' | head -n 120
  cases=$(grep -E '^  [0-9]+ generated' "$work/$who.txt" | tail -n 1 | sed 's/^ *//' || true)
  printf 'schemathesis %s: exit %s; test cases: %s\n' "$who" "$rc" "${cases:-none}"
  [ "$rc" -eq 0 ] || status=1
done
# Errors kinlink logged (actix-http's own "stream error: request parse error" lines are
# requests with malformed headers the fuzzer sends; they are refused with 400 before routing).
errors=$(grep '"level":"ERROR"' "$work/server.log" | grep -v '"message":"stream error: request parse error' || true)
if [ -n "$errors" ]; then
  echo "the server logged errors:"; printf '%s\n' "$errors" | head -n 20
  status=1
fi
exit $status
