#!/usr/bin/env bash
# What matter matching adds to `xuncha round` (issue 15: no more than 20 % on the benchmark corpus).
#
#   1. builds xuncha at HEAD (the working tree must have no uncommitted changes to tracked files,
#      so that both builds come from the same code), and a baseline: HEAD with
#      benches/area-baseline.patch applied in a temporary git worktree. The baseline never loads
#      the segmenter, cuts no signal, indexes no report, and counts a signal as covered when one
#      of its unit's problem items has a lexicon hit in one of the signal's areas. That is
#      area-level divergence without matching, the baseline sessions 10-20 measured against;
#   2. generates the benchmark corpus (examples/gen_corpus.rs), unless CORPUS names one;
#   3. runs `round --jobs 2 -q` with and without matching, both in each pair, the one that goes
#      first alternating from pair to pair; each run writes into a fresh output folder that is
#      removed afterwards. Prints each pair's wall and CPU ratio and their medians, and keeps them
#      in $WORK/pairs.csv.
#
# The ratio of each pair is taken, not the ratio of two medians: the machine's speed drifts
# between runs more than matching costs (see BENCHMARKS.md, session 21).
#
# Environment:
#   RUNS=9                      pairs
#   REPORTS=2000 TIPOFFS=200000 SENTIMENT=50000 SEED=1   corpus size (as benches/compare.sh)
#   CORPUS=DIR                  an existing round folder instead of generating one
#   OUTDIR=DIR                  where outputs are written (default: $WORK/out; check whether /tmp
#                               is a disk or tmpfs on your machine). On a disk, after the last
#                               run's output is removed, creating the next run's 2,000 pages
#                               costs the file system a varying amount; /dev/shm takes that out.
#   WORK=/tmp/xuncha-matching   corpus, worktree, pairs.csv, the runs' error output
#   CARGO_TARGET_DIR=/tmp/target-bench   (the baseline builds in $CARGO_TARGET_DIR-baseline)
#
# If the patch no longer applies, refresh it: make the same edits by hand on a clean checkout
# (pipeline.rs: has_signals = false; matching.rs: Segmenter::off; divergence.rs: Segmenter::off
# at the first batch, no signal cut, Matcher::new(&Segmenter::off(), &[], Vec::new()) with empty
# ReportIndexes, the area-level verdict where judge_all computes each first copy's verdict) and
# `git diff -- src > benches/area-baseline.patch`.
set -euo pipefail

RUNS=${RUNS:-9}
REPORTS=${REPORTS:-2000}
TIPOFFS=${TIPOFFS:-200000}
SENTIMENT=${SENTIMENT:-50000}
SEED=${SEED:-1}
# Absolute before the cd below.
WORK=$(realpath -m "${WORK:-/tmp/xuncha-matching}")
OUTDIR=$(realpath -m "${OUTDIR:-$WORK/out}")
CORPUS=${CORPUS:+$(realpath -m "$CORPUS")}
export CARGO_TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-/tmp/target-bench}")
BASE_TARGET="$CARGO_TARGET_DIR-baseline"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

if [ "$RUNS" -lt 1 ]; then
    echo "RUNS must be at least 1" >&2
    exit 2
fi
if ! git diff --quiet HEAD --; then
    echo "uncommitted changes to tracked files: commit or stash them, so that both builds are HEAD" >&2
    exit 2
fi
mkdir -p "$WORK" "$OUTDIR"

echo "== building xuncha at $(git rev-parse --short HEAD)"
cargo build --release --quiet --bin xuncha
A="$CARGO_TARGET_DIR/release/xuncha"

echo "== building the baseline (benches/area-baseline.patch)"
TREE="$WORK/baseline-tree"
git worktree remove --force "$TREE" 2>/dev/null || rm -rf "$TREE"
git worktree prune
git worktree add --quiet --detach "$TREE" HEAD
trap 'git -C "$ROOT" worktree remove --force "$TREE" 2>/dev/null || true' EXIT
if ! git -C "$TREE" apply "$ROOT/benches/area-baseline.patch"; then
    echo "benches/area-baseline.patch no longer applies to HEAD: refresh it (see this script's header)" >&2
    exit 1
fi
(cd "$TREE" && CARGO_TARGET_DIR="$BASE_TARGET" cargo build --release --quiet --bin xuncha)
B="$BASE_TARGET/release/xuncha"

if [ -z "$CORPUS" ]; then
    CORPUS="$WORK/corpus-$REPORTS-$TIPOFFS-$SENTIMENT-$SEED"
    if [ ! -d "$CORPUS" ]; then
        echo "== generating the corpus ($REPORTS reports, $TIPOFFS tip-offs, $SENTIMENT posts)"
        cargo build --release --quiet --example gen_corpus
        # Generated aside and moved when complete, so an interrupted run leaves no half corpus.
        rm -rf "$CORPUS.partial"
        "$CARGO_TARGET_DIR/release/examples/gen_corpus" --out "$CORPUS.partial" --reports "$REPORTS" \
            --tipoffs "$TIPOFFS" --sentiment "$SENTIMENT" --seed "$SEED" >/dev/null
        mv "$CORPUS.partial" "$CORPUS"
    fi
fi

echo "== $RUNS pairs on $CORPUS (outputs in $OUTDIR)"
python3 - "$A" "$B" "$CORPUS" "$OUTDIR" "$RUNS" "$WORK" <<'EOF'
import os, resource, shutil, statistics, subprocess, sys, time

a, b, corpus, outdir, runs, work = sys.argv[1:4] + [sys.argv[4], int(sys.argv[5]), sys.argv[6]]

def run(binary, name):
    """Wall and CPU seconds of one `round`; its output is removed whatever happens."""
    out = os.path.join(outdir, name)
    log = os.path.join(work, name + ".log")
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    try:
        with open(log, "w") as err:
            done = subprocess.run([binary, "round", corpus, "--out", out, "--jobs", "2", "-q"],
                                  stdout=subprocess.DEVNULL, stderr=err)
    finally:
        wall = time.monotonic() - t
        shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        sys.exit(f"{binary} round {corpus} exited with {done.returncode}; its error output: {log}\n"
                 + open(log).read()[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

run(a, "warm-a"); run(b, "warm-b")
rows = []
print(f"{'pair':>4} {'first':>9} {'matching s':>11} {'baseline s':>11} {'wall ratio':>11} {'cpu ratio':>10}")
for i in range(runs):
    # The run after a removal and after a larger peak pays more: each mode goes first in turn.
    if i % 2 == 0:
        (wa, ca), (wb, cb) = run(a, "a"), run(b, "b")
    else:
        (wb, cb), (wa, ca) = run(b, "b"), run(a, "a")
    rows.append((wa, wb, wa / wb, ca / cb))
    first = "matching" if i % 2 == 0 else "baseline"
    print(f"{i + 1:>4} {first:>9} {wa:>11.2f} {wb:>11.2f} {wa / wb:>11.3f} {ca / cb:>10.3f}", flush=True)
with open(os.path.join(work, "pairs.csv"), "w") as f:
    f.write("matching_s,baseline_s,wall_ratio,cpu_ratio\n")
    f.writelines(",".join(f"{x:.4f}" for x in r) + "\n" for r in rows)
med = lambda k: statistics.median(r[k] for r in rows)
print(f"median: matching {med(0):.2f} s, baseline {med(1):.2f} s, "
      f"wall ratio {med(2):.3f} (min {min(r[2] for r in rows):.3f}, max {max(r[2] for r in rows):.3f}), "
      f"cpu ratio {med(3):.3f}")
print(f"matching adds {100 * (med(2) - 1):+.1f} % to round (target: at most +20 %)")
EOF
