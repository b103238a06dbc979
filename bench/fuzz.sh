#!/usr/bin/env bash
# Run every cargo-fuzz target for SECONDS each (default 30: a smoke run; 600 for the
# ten-minute runs recorded in bench/RESULTS.md). Each target starts from a copy of its seed
# corpus in fuzz/corpus/<target>/, so a run adds nothing to the repository. A crash, a failed
# assertion or a leak fails the script; libFuzzer's output for each target is in
# $OUT/<target>.log (OUT defaults to a temp dir) and its last line is printed.
#
#   bench/fuzz.sh            # 30 s each
#   bench/fuzz.sh 600        # 10 minutes each
#   JOBS=2 bench/fuzz.sh 600 # two targets at a time
#
# Needs cargo-fuzz (installed when missing) and a nightly toolchain, or stable with
# RUSTC_BOOTSTRAP=1 (the sanitizer flags are nightly-only).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-30}
jobs=${JOBS:-1}
out=${OUT:-$(mktemp -d)}
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/../target/fuzz}
command -v cargo-fuzz >/dev/null || cargo install --locked --quiet cargo-fuzz
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  toolchain=()
  export RUSTC_BOOTSTRAP=1
fi
cargo "${toolchain[@]}" fuzz build -O
bin=$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release
targets=$(cargo "${toolchain[@]}" fuzz list)
run() { # target
  local t=$1 corpus
  corpus=$(mktemp -d)
  cp -r "corpus/$t/." "$corpus/" 2>/dev/null || true
  if "$bin/$t" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/$t-" \
      >"$out/$t.log" 2>&1; then
    printf 'fuzz %s: ok, %s\n' "$t" "$(grep -m1 -E '^stat::number_of_executed_units' "$out/$t.log" | awk '{print $2 " runs in '"$seconds"' s"}')"
  else
    printf 'fuzz %s: FAILED (log %s)\n' "$t" "$out/$t.log"
    grep -E 'panicked|ERROR|SUMMARY' "$out/$t.log" | head -n 5
    return 1
  fi
  rm -rf "$corpus"
}
status=0
pids=()
for t in $targets; do
  run "$t" & pids+=($!)
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
