#!/usr/bin/env bash
# Make deploy/secrets/ for compose.yaml: database passwords and URLs, the SMTP URL (asked for),
# and the key files: a full one (to keep OFFLINE: `kinlink keys rotate` needs it), the web
# tier's and the matcher's. Uses $KINLINK_BIN if set, else the kinlink:local image.
#   deploy/make-secrets.sh smtps://user:password@mail.example.org:465
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/secrets"
smtp=${1:?usage: make-secrets.sh SMTP_URL   (smtp://… or smtps://…)}
[ -e "$out" ] && { echo "$out exists; refusing to overwrite secrets" >&2; exit 1; }
mkdir -m 0700 "$out"
umask 077
pw() { head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40; }
pw >"$out/pg_superuser_password"
owner=$(pw); app=$(pw)
printf '%s' "$owner" >"$out/pg_owner_password"
printf '%s' "$app" >"$out/pg_app_password"
printf 'postgres://kinlink_owner:%s@postgres:5432/kinlink' "$owner" >"$out/owner_database_url"
printf 'postgres://kinlink_app:%s@postgres:5432/kinlink' "$app" >"$out/app_database_url"
printf '%s' "$smtp" >"$out/smtp_url"

# Key generation is an offline, development-mode step (production settings would ask for SMTP
# and TLS first). kinlink KEYS_FILE ARGS... runs the binary or the image on $out.
if [ -n "${KINLINK_BIN:-}" ]; then
  dir="$out"
  kinlink() {
    env -i PATH="$PATH" KINLINK_ENV=development KINLINK_DATA_DIR="$out" KINLINK_KEYS_FILE="$1" \
      "$KINLINK_BIN" "${@:2}"
  }
else
  dir=/secrets
  kinlink() {
    docker run --rm -u "$(id -u):$(id -g)" -e KINLINK_ENV=development -e KINLINK_DATA_DIR=/secrets \
      -e KINLINK_KEYS_FILE="$1" -v "$out:/secrets" kinlink:local "${@:2}"
  }
fi
kinlink "$dir/full-keys.toml" keys generate >/dev/null
kinlink "$dir/full-keys.toml" keys split --web "$dir/web-keys.toml" --matcher "$dir/matcher-keys.toml"
# The containers run as uid 10001 and refuse key files others can read.
chmod 0600 "$out"/*
echo
echo "Now: move $out/full-keys.toml somewhere offline (it opens every record); give the"
echo "secrets to uid 10001 (sudo chown 10001:10001 $out/*), and start compose.yaml."
