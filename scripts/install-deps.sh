#!/usr/bin/env bash
# Install what the tests need on a Debian machine: the PostgreSQL server, OpenSSL headers for
# the libpq built into the binary, xmllint (libxml2-utils) for the PFIF schema check, Chromium with fonts that render Uyghur Arabic script and
# Chinese characters, the browser-test packages (npm), and aiosmtpd (PyPI) as a real SMTP
# server for tests.
# Safe to run again; installs only what is missing.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -e /usr/include/openssl/ssl.h ] || need+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)
# Chinese characters (names are written in them too) would otherwise render as empty boxes.
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || need+=(fonts-noto-cjk)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
# The PFIF test validates an export against the specification's RELAX NG schema with xmllint.
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
# A real SMTP server for the email tests.
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here/tests/browser" && npm ci --no-audit --no-fund --silent)
