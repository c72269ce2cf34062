#!/usr/bin/env bash
# What matter matching adds to `xuncha round` (issue 15: no more than 20 % on the benchmark corpus).
#
#   1. builds xuncha at HEAD, and a baseline: HEAD with benches/area-baseline.patch applied in a
#      temporary git worktree. The baseline never loads the segmenter, indexes no report, and
#      counts a signal as covered when its unit's report has a problem in one of the signal's
#      areas: divergence as it was before matching;
#   2. generates the benchmark corpus (examples/gen_corpus.rs), unless CORPUS names one;
#   3. runs `round --jobs 2 -q` with and without matching in turn (A B A B …), each into a fresh
#      output folder that is removed afterwards, and prints each pair's wall and CPU ratio and the
#      medians.
#
# The ratio of each pair is taken, not the ratio of two medians: the machine's speed drifts
# between runs more than matching costs (see BENCHMARKS.md, session 21).
#
# Environment:
#   RUNS=9                      pairs
#   REPORTS=2000 TIPOFFS=200000 SENTIMENT=50000 SEED=1   corpus size (as benches/compare.sh)
#   CORPUS=DIR                  an existing round folder instead of generating one
#   OUTDIR=DIR                  where outputs are written (default: under WORK). On a disk,
#                               creating 2,000 pages right after removing the last run's costs
#                               the file system a varying amount; /dev/shm takes that out.
#   WORK=/tmp/xuncha-matching   corpus, worktree, raw timings
#   CARGO_TARGET_DIR=/tmp/target-bench   (the baseline builds in $CARGO_TARGET_DIR-baseline)
#
# If the patch no longer applies, refresh it: make the same three edits by hand on a clean
# checkout (pipeline.rs: has_signals = false; divergence.rs: Matcher::new(Segmenter::off(), &[]),
# an empty ReportIndex, the area-level verdict; matching.rs: Segmenter::off) and
# `git diff > benches/area-baseline.patch`.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

RUNS=${RUNS:-9}
REPORTS=${REPORTS:-2000}
TIPOFFS=${TIPOFFS:-200000}
SENTIMENT=${SENTIMENT:-50000}
SEED=${SEED:-1}
WORK=${WORK:-/tmp/xuncha-matching}
OUTDIR=${OUTDIR:-$WORK/out}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-bench}
BASE_TARGET="$CARGO_TARGET_DIR-baseline"
mkdir -p "$WORK" "$OUTDIR"

echo "== building xuncha and the corpus generator at $(git rev-parse --short HEAD)"
cargo build --release --quiet --bin xuncha --example gen_corpus
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

if [ -z "${CORPUS:-}" ]; then
    CORPUS="$WORK/corpus-$REPORTS-$TIPOFFS-$SENTIMENT-$SEED"
    if [ ! -d "$CORPUS" ]; then
        echo "== generating the corpus ($REPORTS reports, $TIPOFFS tip-offs, $SENTIMENT posts)"
        "$CARGO_TARGET_DIR/release/examples/gen_corpus" --out "$CORPUS" --reports "$REPORTS" \
            --tipoffs "$TIPOFFS" --sentiment "$SENTIMENT" --seed "$SEED" >/dev/null
    fi
fi

echo "== $RUNS pairs on $CORPUS (outputs in $OUTDIR)"
python3 - "$A" "$B" "$CORPUS" "$OUTDIR" "$RUNS" <<'EOF'
import os, resource, shutil, statistics, subprocess, sys, time

a, b, corpus, outdir, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

def run(binary, name):
    out = os.path.join(outdir, name)
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run([binary, "round", corpus, "--out", out, "--jobs", "2", "-q"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shutil.rmtree(out, ignore_errors=True)
    return wall, cpu

run(a, "warm-a"); run(b, "warm-b")
rows = []
print(f"{'pair':>4} {'matching s':>11} {'baseline s':>11} {'wall ratio':>11} {'cpu ratio':>10}")
for i in range(runs):
    (wa, ca), (wb, cb) = run(a, "a"), run(b, "b")
    rows.append((wa, wb, wa / wb, ca / cb))
    print(f"{i + 1:>4} {wa:>11.2f} {wb:>11.2f} {wa / wb:>11.3f} {ca / cb:>10.3f}", flush=True)
med = lambda k: statistics.median(r[k] for r in rows)
print(f"median: matching {med(0):.2f} s, baseline {med(1):.2f} s, "
      f"wall ratio {med(2):.3f} (min {min(r[2] for r in rows):.3f}, max {max(r[2] for r in rows):.3f}), "
      f"cpu ratio {med(3):.3f}")
print(f"matching adds {100 * (med(2) - 1):+.1f} % to round (target: at most +20 %)")
EOF
