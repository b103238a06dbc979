#!/usr/bin/env python3
"""How far the agreement levels alone can go, judged with the answers in hand.

Reads the TSV of `kinlink eval-matching FILE.jsonl --dump D.tsv` and groups the scored pairs
by kind and by the level of every field. An "oracle" then takes whole groups, best share of
true pairs first, and prints the most recall it reaches at precision 0.90 and 0.95. It sees
the truth of the very file it is scored on, so no model over these levels can do better on
that file; it is optimistic besides, because the dump holds false pairs only from the lowest
band up. What it does not see: the names' and places' frequencies, which the real scorer
adds on top of the levels.

    kinlink synth --people 10000 --seed 2 --out s2.jsonl
    kinlink eval-matching s2.jsonl --dump s2.tsv >/dev/null
    python3 bench/level_oracle.py s2.tsv
"""

import collections
import csv
import sys

TARGETS = (0.90, 0.95)


def oracle(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        rows = list(reader)
        header = reader.fieldnames or []
    fields = header[header.index("band") + 1 :]
    true_pairs = sum(r["is_true"] == "1" for r in rows)
    groups = collections.defaultdict(lambda: [0, 0])
    for r in rows:
        if r["kind"] == "unblocked" or r["score"] in ("", "-"):
            continue  # never scored: no levels to group by (counted as missed)
        key = (r["kind"],) + tuple(r[f] for f in fields)
        groups[key][0 if r["is_true"] == "1" else 1] += 1
    best = dict.fromkeys(TARGETS, 0.0)
    found = wrong = 0
    for t, f in sorted(groups.values(), key=lambda g: -g[0] / (g[0] + g[1])):
        found, wrong = found + t, wrong + f
        for target in TARGETS:
            if found / (found + wrong) >= target:
                best[target] = max(best[target], found / true_pairs)
    return true_pairs, len(groups), best


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        true_pairs, groups, best = oracle(path)
        at = " ".join(f"recall@precision{t:.2f}={r:.3f}" for t, r in best.items())
        print(f"{path}: {true_pairs} true pairs, {groups} level patterns; {at}")


if __name__ == "__main__":
    main()
