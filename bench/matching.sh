#!/usr/bin/env bash
# The matcher's goals from issue 11, measured in memory on synthetic families (no database):
#   - one new person against 100,000 and 1,000,000 stored: p50/p99 latency, one thread
#     (Index::upsert of the new record, then banded_against; goal at 1,000,000: p99 < 50 ms);
#   - matcher memory per person: Index::heap_bytes() and the growth of VmRSS while the index
#     is built (goal: 1,000,000 people within 4 GiB);
#   - a full in-memory rematch of 100,000: every record scored against the index as
#     collect_pairs does it (goal: under 60 s).
# Each size runs in a process of its own (examples/matching_bench.rs), so that memory is
# measured from a fresh process. Nothing here is a fixed number: everything printed is
# measured by this run.
#
#   bench/matching.sh                    # 100,000 (with the rematch) and 1,000,000
#   SIZES="100000" NEW=200 bench/matching.sh
#
# SIZES: index sizes (default "100000 1000000"); NEW: new persons timed per size (default
# 1000); SEED: synthetic families' seed (default 1); REMATCH_AT: the size whose full rematch
# is timed (default 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"100000 1000000"}
new=${NEW:-1000}
seed=${SEED:-1}
rematch_at=${REMATCH_AT:-100000}
cargo build --release --quiet --example matching_bench
bin=${CARGO_TARGET_DIR:-target}/release/examples/matching_bench
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  echo "## $n people"
  flags=()
  if [ "$n" = "$rematch_at" ]; then flags+=(--rematch); fi
  "$bin" --people "$n" --new "$new" --seed "$seed" "${flags[@]}"
done
echo "# done, load average $(cut -d' ' -f1-3 /proc/loadavg)"
