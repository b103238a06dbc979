#!/usr/bin/env python3
"""Our Dice candidate generation against anonlink's (issue 11), on the same encodings.

    python3 bench/compare_anonlink.py [--n 10000] [--threshold 0.8] [--repeat 5] [--seed 1]

1. Creates bench/.venv (once) and installs the PyPI package `anonlink` in it.
2. Builds the release examples `dump_clks` and `clk_pairs` and writes 2·N filters (the
   matcher's 1024-bit prefilter encodings of the given names of 2·N synthetic records,
   `kinlink synth --seed S`) to a temporary file.
3. Ours: `clk_pairs` finds every pair of the first N × the second N with Dice ≥ threshold,
   timed inside the program (popcounts, kernel, pairs sorted as anonlink sorts them).
4. anonlink: the same file read into bitarrays, then
   `anonlink.candidate_generation.find_candidate_pairs` with
   `anonlink.similarities.dice_coefficient` at the same threshold, timed around that call.

Both run pinned to one core (`taskset -c 0`, when taskset exists), one after the other; each
time is the median of `--repeat` runs. A comparison is one pair of filters considered
(N × N per run, whether or not the popcount bound skips it), the same on both sides.
Prints both rates and, last, `ratio: X` (ours / anonlink's comparisons per second).
Exits non-zero, saying why, if anonlink cannot be installed or the two sides disagree on
the number of candidate pairs.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv")
VENV_PY = os.path.join(VENV, "bin", "python")


def fail(message):
    print(f"compare_anonlink: {message}", file=sys.stderr)
    sys.exit(2)


def one_core():
    """Prefix pinning a command to one core, if taskset is available."""
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def anonlink_side(path, threshold, repeat):
    """Runs inside the virtual environment: anonlink on the filters in `path`."""
    from bitarray import bitarray

    from anonlink.candidate_generation import find_candidate_pairs
    from anonlink.similarities import dice_coefficient

    with open(path, "rb") as f:
        data = f.read()
    size = 128
    filters = []
    for i in range(0, len(data), size):
        b = bitarray(endian="little")
        b.frombytes(data[i:i + size])
        filters.append(b)
    half = len(filters) // 2
    a, b = filters[:half], filters[half:]
    times = []
    pairs = 0
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        sims, _, _ = find_candidate_pairs([a, b], dice_coefficient, threshold)
        times.append(time.perf_counter() - t)
        pairs = len(sims)
    seconds = statistics.median(times)
    import anonlink

    print(f"anonlink_version: {getattr(anonlink, '__version__', 'unknown')}")
    print(f"similarity_function: {dice_coefficient.__module__}.{dice_coefficient.__name__}")
    print(f"sizes: {len(a)} x {len(b)}")
    print(f"pairs: {pairs}")
    print(f"seconds: {seconds:.6f}")
    print(f"comparisons_per_second: {len(a) * len(b) / seconds:.0f}")


def parse(output):
    out = {}
    for line in output.splitlines():
        key, _, value = line.partition(": ")
        out[key.strip()] = value.strip()
    return out


def run(cmd, **kw):
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        fail(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr}{result.stdout}")
    return result


def ensure_venv():
    if not os.path.exists(VENV_PY):
        print("creating bench/.venv ...", file=sys.stderr)
        run([sys.executable, "-m", "venv", VENV])
    check = subprocess.run([VENV_PY, "-c", "import anonlink"], capture_output=True)
    if check.returncode != 0:
        print("installing anonlink from PyPI into bench/.venv ...", file=sys.stderr)
        pip = subprocess.run(
            [VENV_PY, "-m", "pip", "install", "--quiet", "anonlink"],
            capture_output=True, text=True)
        if pip.returncode != 0:
            fail("could not install anonlink from PyPI with pip (is PyPI reachable?):\n"
                 + pip.stderr[-2000:])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10000, help="filters per side")
    p.add_argument("--threshold", type=float, default=0.8)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--anonlink-side", metavar="FILE", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.anonlink_side:
        anonlink_side(args.anonlink_side, args.threshold, args.repeat)
        return

    ensure_venv()
    print("building the release examples ...", file=sys.stderr)
    run(["cargo", "build", "--release", "--quiet", "--example", "dump_clks",
         "--example", "clk_pairs"])
    examples = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
                            "release", "examples")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "clks.bin")
        dump = run([os.path.join(examples, "dump_clks"), path, "--n", str(args.n),
                    "--seed", str(args.seed)])
        print(dump.stderr.strip())
        ours = parse(run(one_core() + [os.path.join(examples, "clk_pairs"), path,
                                       "--threshold", str(args.threshold),
                                       "--repeat", str(args.repeat)]).stdout)
        theirs = parse(run(one_core() + [VENV_PY, os.path.abspath(__file__),
                                         "--anonlink-side", path,
                                         "--threshold", str(args.threshold),
                                         "--repeat", str(args.repeat)]).stdout)

    print(f"encodings: {args.n} x {args.n} given-name prefilter Blooms (1024 bits), "
          f"synthetic seed {args.seed}; Dice threshold {args.threshold}; one core; "
          f"median of {args.repeat}")
    print(f"kinlink: {ours['pairs']} pairs in {float(ours['seconds']) * 1e3:.1f} ms, "
          f"{float(ours['comparisons_per_second']):,.0f} comparisons/s "
          f"(kernel without the final sort: "
          f"{float(ours['kernel_only_comparisons_per_second']):,.0f}/s)")
    print(f"anonlink {theirs['anonlink_version']} ({theirs['similarity_function']}): "
          f"{theirs['pairs']} pairs in {float(theirs['seconds']) * 1e3:.1f} ms, "
          f"{float(theirs['comparisons_per_second']):,.0f} comparisons/s")
    if ours["pairs"] != theirs["pairs"]:
        fail(f"the two sides found different numbers of pairs: ours {ours['pairs']}, "
             f"anonlink {theirs['pairs']}")
    ratio = float(ours["comparisons_per_second"]) / float(theirs["comparisons_per_second"])
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
