#!/usr/bin/env bash
# Performance comparison for xuncha, end to end, in one run:
#   1. builds release (xuncha, the corpus generator, the lexical-pass tool);
#   2. generates the corpus (default size) and a corpus twice as large;
#   3. times `xuncha check` on one 20,000-character draft (process start included);
#   4. times `xuncha round` (or `xuncha score` where `round` does not exist yet) on the corpus:
#      wall time and peak RSS, --jobs 1 vs --jobs 2, and the 2x corpus;
#   5. times xuncha's lexical pass against ripgrep searching the same term list;
#   6. times `xuncha check` over report files against textlint + prh with the same lexicon;
#   7. issue 20's measurements: ripgrep over the same draft, report folder and round folder as the
#      physical reference; `check DIR --format json` over every report (time, peak RSS); the
#      round's output sizes; 50 concurrent uploads to the workbench (benches/workbench_load.py);
#   8. writes BENCHMARKS.md (machine, commands, figures, ratios, targets), then appends
#      benches/manual.md (figures measured by hand).
#
# Sizes and repetitions are environment variables:
#   REPORTS=2000 TIPOFFS=200000 SENTIMENT=50000 SEED=1   corpus size (the 2x corpus doubles them)
#   SCALE2=1          also measure the 2x corpus (0 to skip)
#   RUNS=2            timed runs per round configuration (after one untimed run that also gives RSS)
#   CHECK_RUNS=50     timed runs of `xuncha check` on the draft
#   CHECKALL_RUNS=10  timed runs of `xuncha check` over the textlint reports
#   LEX_RUNS=5        timed runs of the lexical comparison
#   TEXTLINT_REPORTS=500  .txt reports given to textlint and to `xuncha check` (0 = all)
#   TEXTLINT_RUNS=2
#   LOAD_UPLOADS=50 LOAD_ROUNDS=3   workbench load (0 uploads to skip)
#   ARCHIVE_ROUNDS=40 ARCHIVE_UNITS=100   archive of ten years × four rounds (0 rounds to skip)
#   WORK=/tmp/xuncha-bench   corpus, outputs, textlint install, raw timings
#   OUT=BENCHMARKS.md        report (relative to the repository root)
#   CARGO_TARGET_DIR=/tmp/target-bench
#
# Needs: cargo, python3, hyperfine, ripgrep, GNU time (/usr/bin/time), node + npm. Missing Debian
# tools are installed with apt-get when running as root. Example of a quick run:
#   REPORTS=200 TIPOFFS=20000 SENTIMENT=5000 RUNS=2 TEXTLINT_REPORTS=50 bash benches/compare.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

REPORTS=${REPORTS:-2000}
TIPOFFS=${TIPOFFS:-200000}
SENTIMENT=${SENTIMENT:-50000}
SEED=${SEED:-1}
SCALE2=${SCALE2:-1}
RUNS=${RUNS:-2}
CHECK_RUNS=${CHECK_RUNS:-50}
CHECKALL_RUNS=${CHECKALL_RUNS:-10}
LEX_RUNS=${LEX_RUNS:-5}
TEXTLINT_REPORTS=${TEXTLINT_REPORTS:-500}
TEXTLINT_RUNS=${TEXTLINT_RUNS:-2}
LOAD_UPLOADS=${LOAD_UPLOADS:-50}
ARCHIVE_ROUNDS=${ARCHIVE_ROUNDS:-40}
ARCHIVE_UNITS=${ARCHIVE_UNITS:-100}
LOAD_ROUNDS=${LOAD_ROUNDS:-3}
WORK=${WORK:-/tmp/xuncha-bench}
OUT=${OUT:-BENCHMARKS.md}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-bench}
export NO_COLOR=1

STARTED=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - STARTED))" >&2; }

mkdir -p "$WORK/timings"
T="$WORK/timings"
rm -f "$T"/*

# ── tools ──────────────────────────────────────────────────────────────
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        log "installing ${need_apt[*]}"
        apt-get update -qq >/dev/null && apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "missing tools: ${need_apt[*]} (apt-get install ${need_apt[*]})" >&2
        exit 2
    fi
fi
HAVE_TEXTLINT=0
if command -v npm >/dev/null && command -v node >/dev/null; then
    TL="$WORK/textlint"
    if [ ! -x "$TL/node_modules/.bin/textlint" ]; then
        log "installing textlint + textlint-rule-prh in $TL"
        mkdir -p "$TL"
        (cd "$TL" && { [ -f package.json ] || npm init -y >/dev/null; } &&
            npm install --no-audit --no-fund --silent textlint textlint-rule-prh >/dev/null) || true
    fi
    [ -x "$TL/node_modules/.bin/textlint" ] && HAVE_TEXTLINT=1
fi
[ "$HAVE_TEXTLINT" = 1 ] || echo "textlint not available: that comparison is skipped" >&2

# ── build ──────────────────────────────────────────────────────────────
log "building release"
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
LEXPASS=$(cargo bench --no-run --bench lexpass --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "lexpass" and m.get("executable"):
        print(m["executable"])')
X="$CARGO_TARGET_DIR/release/xuncha"
GEN="$CARGO_TARGET_DIR/release/examples/gen_corpus"

# ── corpus ─────────────────────────────────────────────────────────────
C1="$WORK/corpus-1x"
C2="$WORK/corpus-2x"
log "generating corpus ($REPORTS reports, $TIPOFFS tip-offs, $SENTIMENT sentiment rows)"
/usr/bin/time -f '%e' -o "$T/gen1.time" \
    "$GEN" --out "$C1" --reports "$REPORTS" --tipoffs "$TIPOFFS" --sentiment "$SENTIMENT" --seed "$SEED" 2>"$T/gen1.log"
cat "$T/gen1.log" >&2
if [ "$SCALE2" = 1 ]; then
    log "generating the 2x corpus"
    "$GEN" --out "$C2" --reports $((REPORTS * 2)) --tipoffs $((TIPOFFS * 2)) --sentiment $((SENTIMENT * 2)) \
        --seed "$SEED" 2>"$T/gen2.log"
    cat "$T/gen2.log" >&2
fi
DRAFT="$C1/drafts/draft-20k.txt"
DRAFT_DOCX="$C1/drafts/draft-20k.docx"

# ── round command detection ────────────────────────────────────────────
if "$X" round --help >/dev/null 2>&1; then
    ROUND_KIND=round
else
    ROUND_KIND=score
fi
if "$X" --help 2>/dev/null | grep -q -- '--jobs' || "$X" "$ROUND_KIND" --help 2>/dev/null | grep -q -- '--jobs'; then
    JOBS_MODE=flag
else
    JOBS_MODE=env # RAYON_NUM_THREADS, honoured by rayon's global pool
fi
# round_cmd CORPUS JOBS OUTDIR -> the command line (hyperfine -N splits it on spaces: no spaces in paths)
round_cmd() {
    local corpus=$1 jobs=$2 outdir=$3 prefix=$X
    if [ "$JOBS_MODE" = flag ]; then
        prefix="$X --jobs $jobs"
    else
        prefix="env RAYON_NUM_THREADS=$jobs $X"
    fi
    if [ "$ROUND_KIND" = round ]; then
        echo "$prefix round -q --out $outdir $corpus"
    else
        echo "$prefix score --format json --output $outdir/score.json $corpus"
    fi
}

cpu_s() { # hyperfine JSON -> mean user + system CPU seconds
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["user"]+r["system"]))' "$1"
}
median_ms() { # hyperfine JSON -> median in ms
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"]*1000))' "$1"
}
mean_sd_ms() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f ± %.1f" % (r["mean"]*1000, r["stddev"]*1000))' "$1"
}
min_ms() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["min"]*1000))' "$1"
}

# ── 1. check on one draft ──────────────────────────────────────────────
log "xuncha check on the 20,000-character draft"
DRAFT_CHARS=$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$DRAFT")
set +e
"$X" check "$DRAFT" >"$T/check-draft.out" 2>&1
CHECK_RC=$?
set -e
hyperfine -N -i --warmup 5 --runs "$CHECK_RUNS" --export-json "$T/check-txt.json" \
    "$X check --fail-on never $DRAFT" >"$T/check-txt.log" 2>&1
hyperfine -N -i --warmup 5 --runs "$CHECK_RUNS" --export-json "$T/check-docx.json" \
    "$X check --fail-on never $DRAFT_DOCX" >"$T/check-docx.log" 2>&1
hyperfine -N -i --warmup 5 --runs "$CHECK_RUNS" --export-json "$T/version.json" \
    "$X --version" >"$T/version.log" 2>&1
/usr/bin/time -f '%M' -o "$T/check-txt.rss" "$X" check --fail-on never "$DRAFT" >/dev/null 2>&1 || true

# ── 2. round ───────────────────────────────────────────────────────────
# One untimed run per configuration (warms the page cache, gives the exit code and peak RSS via
# GNU time), then RUNS timed runs with hyperfine.
round_bench() { # NAME CORPUS JOBS
    local name=$1 corpus=$2 jobs=$3 outdir="$WORK/out-$1" cmd rc
    mkdir -p "$outdir"
    cmd=$(round_cmd "$corpus" "$jobs" "$outdir")
    echo "$cmd" >"$T/$name.cmd"
    log "round: $name ($cmd)"
    set +e
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$T/$name.timev" $cmd >"$T/$name.out" 2>"$T/$name.err"
    rc=$?
    set -e
    echo "$rc" >"$T/$name.rc"
    # Each run writes ~300 MB of outputs: flush them before the next, so write-back does not
    # land in the next measurement.
    hyperfine -N -i --runs "$RUNS" --prepare sync --export-json "$T/$name.json" "$cmd" >"$T/$name.log" 2>&1
    sync
}
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
round_bench jobs1 "$C1" 1
round_bench jobs2 "$C1" 2
[ "$SCALE2" = 1 ] && round_bench jobs2-2x "$C2" 2

# ── 3. lexical pass vs ripgrep ─────────────────────────────────────────
log "lexical pass vs ripgrep"
TERMS="$WORK/terms.txt"
python3 - "$ROOT/rules/lexicon" "$TERMS" <<'PY'
import glob, sys, tomllib
terms = set()
for f in sorted(glob.glob(sys.argv[1] + "/*.toml")):
    with open(f, "rb") as fh:
        for area in tomllib.load(fh).get("areas", {}).values():
            terms.update(t for t in area.get("terms", []) if t.strip())
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("\n".join(sorted(terms)) + "\n")
print(len(terms), "terms", file=sys.stderr)
PY
NTERMS=$(wc -l <"$TERMS")
REPORT_DIR="$C1/reports"
NTXT=$(find "$REPORT_DIR" -name '*.txt' | wc -l)
TXT_BYTES=$(find "$REPORT_DIR" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
"$LEXPASS" --jobs 2 "$REPORT_DIR" >"$T/lexpass.out"
RG_MATCHES=$(rg -F -f "$TERMS" --count-matches --glob '*.txt' "$REPORT_DIR" | awk -F: '{s+=$NF} END {print s}')
hyperfine -N -i --warmup 1 --runs "$LEX_RUNS" --export-json "$T/lex.json" \
    -n "xuncha-lexpass-j2" "$LEXPASS --jobs 2 $REPORT_DIR" \
    -n "rg-j2" "rg -F -f $TERMS --count-matches --glob *.txt -j 2 $REPORT_DIR" \
    -n "xuncha-lexpass-j1" "$LEXPASS --jobs 1 $REPORT_DIR" \
    -n "rg-j1" "rg -F -f $TERMS --count-matches --glob *.txt -j 1 $REPORT_DIR" >"$T/lex.log" 2>&1
lex_ms() { python3 -c 'import json,sys; r={x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}; print("%.1f" % (r[sys.argv[2]]["median"]*1000))' "$T/lex.json" "$1"; }

# ── 4. check over the corpus vs textlint ───────────────────────────────
TL_FILES="$WORK/textlint-files.txt"
find "$REPORT_DIR" -name '*.txt' | sort >"$TL_FILES.all"
if [ "$TEXTLINT_REPORTS" -gt 0 ]; then head -n "$TEXTLINT_REPORTS" "$TL_FILES.all" >"$TL_FILES"; else cp "$TL_FILES.all" "$TL_FILES"; fi
NTL=$(wc -l <"$TL_FILES")
TL_CHARS=$(python3 -c 'import sys; print(sum(len(open(p.strip(), encoding="utf-8").read()) for p in open(sys.argv[1]) if p.strip()))' "$TL_FILES")
FILES=$(tr '\n' ' ' <"$TL_FILES")
log "xuncha check over $NTL reports"
if [ "$JOBS_MODE" = flag ]; then
    CHECK_J1="$X --jobs 1 check --fail-on never $FILES"
    CHECK_J2="$X --jobs 2 check --fail-on never $FILES"
else
    CHECK_J1="env RAYON_NUM_THREADS=1 $X check --fail-on never $FILES"
    CHECK_J2="env RAYON_NUM_THREADS=2 $X check --fail-on never $FILES"
fi
hyperfine -N -i --warmup 2 --runs "$CHECKALL_RUNS" --export-json "$T/checkall-j2.json" "$CHECK_J2" >"$T/checkall-j2.log" 2>&1
hyperfine -N -i --warmup 2 --runs "$CHECKALL_RUNS" --export-json "$T/checkall-j1.json" "$CHECK_J1" >"$T/checkall-j1.log" 2>&1
# shellcheck disable=SC2086
"$X" check --fail-on never --format json $FILES >"$T/checkall.json" 2>/dev/null || true
XUNCHA_FINDINGS=$(python3 -c 'import json,sys; print(sum(len(r["findings"]) for r in json.load(open(sys.argv[1]))["reports"]))' "$T/checkall.json" 2>/dev/null || echo "?")
if [ "$HAVE_TEXTLINT" = 1 ]; then
    log "textlint + prh over $NTL reports"
    python3 - "$TERMS" "$TL/prh.yml" "$TL/.textlintrc.json" <<'PY'
import json, sys
terms = [t for t in open(sys.argv[1], encoding="utf-8").read().split("\n") if t]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("version: 1\nrules:\n")
    for t in terms:
        # Every occurrence of a lexicon term is reported, as the lexicon scan finds it.
        f.write("  - expected: %s\n    pattern: %s\n" % (json.dumps("〔" + t + "〕", ensure_ascii=False), json.dumps(t, ensure_ascii=False)))
json.dump({"rules": {"prh": {"rulePaths": [sys.argv[2]]}}}, open(sys.argv[3], "w"))
PY
    TEXTLINT="$TL/node_modules/.bin/textlint"
    TL_VERSION=$("$TEXTLINT" --version)
    PRH_VERSION=$(node -p "require('$TL/node_modules/textlint-rule-prh/package.json').version")
    (cd "$TL" && "$TEXTLINT" --format compact $FILES >"$T/textlint.out" 2>&1 || true)
    TL_REPORTS=$(grep -c '(prh)' "$T/textlint.out" || true)
    (cd "$TL" && hyperfine -N -i --runs "$TEXTLINT_RUNS" --export-json "$T/textlint.json" \
        "$TEXTLINT --format compact $FILES" >"$T/textlint.log" 2>&1)
fi

# ── 5. issue 20: ripgrep as the physical reference, check DIR, output sizes, workbench load ──
log "ripgrep over the draft, the reports and the round folder"
RG="rg -F -f $TERMS --count-matches -j 2"
hyperfine -N -i --warmup 5 --runs "$CHECK_RUNS" --export-json "$T/rg-draft.json" "$RG $DRAFT" >"$T/rg-draft.log" 2>&1
hyperfine -N -i --warmup 1 --runs "$LEX_RUNS" --export-json "$T/rg-reports.json" "$RG $REPORT_DIR" >"$T/rg-reports.log" 2>&1
hyperfine -N -i --warmup 1 --runs "$LEX_RUNS" --export-json "$T/rg-round.json" "$RG $C1" >"$T/rg-round.log" 2>&1
NREPORTS=$(find "$REPORT_DIR" -type f | wc -l)
log "xuncha check over the whole report folder ($NREPORTS reports), JSON"
CHECKDIR="$X --jobs 2 check --fail-on never --format json $REPORT_DIR"
/usr/bin/time -v -o "$T/checkdir.timev" $CHECKDIR >"$T/checkdir.out" 2>"$T/checkdir.err" || true
hyperfine -N -i --runs "$RUNS" --export-json "$T/checkdir.json" "$CHECKDIR" >"$T/checkdir.log" 2>&1
OUT1="$WORK/out-jobs2"
INDEX_MB=$(python3 -c 'import os,sys; print("%.1f" % (os.path.getsize(sys.argv[1]) / 1048576))' "$OUT1/index.html")
HTML_MB=$(find "$OUT1" -name '*.html' -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}')
NHTML=$(find "$OUT1" -name '*.html' | wc -l)
JSON_MB=$(python3 -c 'import os,sys; print("%.1f" % (os.path.getsize(sys.argv[1]) / 1048576))' "$OUT1/round.json")
HAVE_LOAD=0
if [ "$LOAD_UPLOADS" -gt 0 ]; then
    log "workbench: $LOAD_UPLOADS concurrent uploads × $LOAD_ROUNDS"
    if python3 "$ROOT/benches/workbench_load.py" --xuncha "$X" --uploads "$LOAD_UPLOADS" --rounds "$LOAD_ROUNDS" \
        --draft "$DRAFT" --json "$T/load.json" >"$T/load.md" 2>"$T/load.err"; then
        HAVE_LOAD=1
    fi
fi

# ── 6. archive: ten years × four rounds × ARCHIVE_UNITS units ─────────────
HAVE_ARCHIVE=0
if [ "$ARCHIVE_ROUNDS" -gt 0 ]; then
    log "archive: $ARCHIVE_ROUNDS rounds of $ARCHIVE_UNITS units"
    A="$WORK/archive"
    rm -rf "$A" && mkdir -p "$A"
    "$GEN" --out "$A/base" --reports "$ARCHIVE_UNITS" --tipoffs $((ARCHIVE_UNITS * 50)) \
        --sentiment $((ARCHIVE_UNITS * 10)) --cadres 60 --seed "$SEED" 2>"$T/archive-gen.log"
    # The same units every round (as a county's are), each round named and dated in turn.
    for i in $(seq 0 $((ARCHIVE_ROUNDS - 1))); do
        year=$((2026 - ARCHIVE_ROUNDS / 4 + 1 + i / 4)) n=$((i % 4 + 1))
        cp -r "$A/base" "$A/r$i"
        python3 - "$A/r$i/round.toml" "$year" "$n" <<'PY'
import re, sys
p, year, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = open(p, encoding="utf-8").read()
s = re.sub(r'^name = ".*"', f'name = "基准测试县{year}年第{n}轮巡察"', s, count=1, flags=re.M)
s = re.sub(r'^start = ".*"', f'start = "{year}-{3 * n - 2:02d}-01"', s, count=1, flags=re.M)
s = re.sub(r'^end = ".*"', f'end = "{year}-{3 * n - 1:02d}-20"', s, count=1, flags=re.M)
open(p, "w", encoding="utf-8").write(s)
PY
    done
    DB="$A/巡察档案.db"
    for i in $(seq 0 $((ARCHIVE_ROUNDS - 2))); do
        "$X" archive add -q --db "$DB" --today 2026-12-20 "$A/r$i" >/dev/null 2>>"$T/archive.err"
    done
    LAST="$A/r$((ARCHIVE_ROUNDS - 1))"
    # Adding the last round again replaces it: every timed run adds it to a full archive.
    hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$T/archive-add.json" \
        "$X archive add -q --db $DB --today 2026-12-20 $LAST" >"$T/archive-add.log" 2>&1
    # The first unit of the round (the same in every round of the archive).
    HIST_UNIT=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["units"][0]["name"])' "$LAST/round.toml")
    "$X" history unit "$HIST_UNIT" --db "$DB" >"$T/history.out" 2>&1 || true
    hyperfine -N -i --warmup 3 --runs "$CHECK_RUNS" --export-json "$T/history.json" \
        "$X history unit $HIST_UNIT --db $DB" >"$T/history.log" 2>&1
    DB_MB=$(python3 -c 'import os,sys; print("%.1f" % (os.path.getsize(sys.argv[1]) / 1048576))' "$DB")
    HIST_ROUNDS=$(grep -c "轮" "$T/history.out" || true)
    HAVE_ARCHIVE=1
fi

# ── BENCHMARKS.md ──────────────────────────────────────────────────────
log "writing $OUT"
ratio() { python3 -c 'import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print("%.2f" % (a/b) if b else "?")' "$1" "$2"; }
verdict() { python3 -c 'import sys; print("met" if eval(sys.argv[1]) else "**missed**")' "$1"; }
CPU=$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')
NCPU=$(nproc)
MEM=$(free -g | awk '/Mem:/ {print $2 " GiB"}')
KERNEL=$(uname -r)
RUSTC=$(rustc --version)
GIT=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(git status --porcelain 2>/dev/null | grep -qv '^??' && echo " + uncommitted changes" || true)

CHECK_MED=$(median_ms "$T/check-txt.json")
CHECK_DOCX_MED=$(median_ms "$T/check-docx.json")
VERSION_MED=$(median_ms "$T/version.json")
J1=$(median_ms "$T/jobs1.json")
J2=$(median_ms "$T/jobs2.json")
RSS1=$(rss_mb "$T/jobs1.timev")
RSS2=$(rss_mb "$T/jobs2.timev")
SPEEDUP=$(ratio "$J1" "$J2")
if [ "$SCALE2" = 1 ]; then
    J2X=$(median_ms "$T/jobs2-2x.json")
    RSS2X=$(rss_mb "$T/jobs2-2x.timev")
    SCALING=$(ratio "$J2X" "$J2")
fi
LEX_X2=$(lex_ms xuncha-lexpass-j2)
LEX_R2=$(lex_ms rg-j2)
LEX_X1=$(lex_ms xuncha-lexpass-j1)
LEX_R1=$(lex_ms rg-j1)
CA2=$(median_ms "$T/checkall-j2.json")
CA1=$(median_ms "$T/checkall-j1.json")
RG_DRAFT=$(median_ms "$T/rg-draft.json")
RG_REPORTS=$(median_ms "$T/rg-reports.json")
RG_ROUND=$(median_ms "$T/rg-round.json")
CD=$(median_ms "$T/checkdir.json")
CD_RSS=$(rss_mb "$T/checkdir.timev")
if [ "$SCALE2" = 1 ]; then RSS_GROWTH=$(ratio "$RSS2X" "$RSS2"); fi
load() { python3 -c 'import json,sys; print("%.0f" % json.load(open(sys.argv[1]))[sys.argv[2]])' "$T/load.json" "$1"; }

{
    echo "# xuncha benchmarks"
    echo
    echo "Written by \`benches/compare.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (commit $GIT$DIRTY). All times are"
    echo "wall-clock medians from hyperfine (process start included); peak memory is GNU time's maximum resident"
    echo "set size. Release build (\`cargo build --release\`, profile as in Cargo.toml)."
    echo
    echo "## Machine"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| CPU | $CPU, $NCPU cores available |"
    echo "| memory | $MEM |"
    echo "| kernel | $KERNEL |"
    echo "| rustc | $RUSTC |"
    echo "| load average (1/5/15 min) | $LOAD_BEFORE at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end — other processes share the machine unless these are near 0 |"
    echo "| tools | $(hyperfine --version), $(rg --version | head -1)$( [ "$HAVE_TEXTLINT" = 1 ] && echo ", textlint $TL_VERSION + textlint-rule-prh $PRH_VERSION, node $(node --version)") |"
    echo
    echo "## Corpus"
    echo
    echo "\`cargo run --release --example gen_corpus -- --out DIR --reports $REPORTS --tipoffs $TIPOFFS --sentiment $SENTIMENT --seed $SEED\`"
    echo
    echo '```'
    cat "$T/gen1.log"
    [ "$SCALE2" = 1 ] && cat "$T/gen2.log"
    echo '```'
    echo
    echo "Reports of 6,000–20,000 characters built from phrase tables (公文 heading ladder, problems across the"
    echo "three/four focuses with figures, trivia and vague items, clues, suggestions; 2% .docx); tip-offs with"
    echo "fake informant columns; sentiment rows; cadre records. The 2x corpus doubles every count."
    echo
    echo "## Results"
    echo
    echo "| measurement | command | figure |"
    echo "|---|---|---|"
    echo "| check, 20k-char draft (.txt, $DRAFT_CHARS chars) | \`xuncha check --fail-on never draft-20k.txt\` | median $CHECK_MED ms (mean $(mean_sd_ms "$T/check-txt.json") ms, min $(min_ms "$T/check-txt.json") ms, $CHECK_RUNS runs), peak $(awk '{printf "%.0f", $1/1024}' "$T/check-txt.rss") MB |"
    echo "| check, same draft as .docx | \`xuncha check --fail-on never draft-20k.docx\` | median $CHECK_DOCX_MED ms |"
    echo "| process start only | \`xuncha --version\` | median $VERSION_MED ms |"
    echo "| $ROUND_KIND, corpus, --jobs 1 | \`$(sed "s|$ROOT/||g; s|$WORK|\$WORK|g; s|$CARGO_TARGET_DIR/release/||" "$T/jobs1.cmd")\` | median $(python3 -c "print('%.2f' % ($J1/1000))") s (CPU $(cpu_s "$T/jobs1.json") s), peak ${RSS1} MB, exit $(cat "$T/jobs1.rc") |"
    echo "| $ROUND_KIND, corpus, --jobs 2 | \`$(sed "s|$ROOT/||g; s|$WORK|\$WORK|g; s|$CARGO_TARGET_DIR/release/||" "$T/jobs2.cmd")\` | median $(python3 -c "print('%.2f' % ($J2/1000))") s (CPU $(cpu_s "$T/jobs2.json") s), peak ${RSS2} MB, exit $(cat "$T/jobs2.rc") |"
    if [ "$SCALE2" = 1 ]; then
        echo "| $ROUND_KIND, 2x corpus, --jobs 2 | \`$(sed "s|$ROOT/||g; s|$WORK|\$WORK|g; s|$CARGO_TARGET_DIR/release/||" "$T/jobs2-2x.cmd")\` | median $(python3 -c "print('%.2f' % ($J2X/1000))") s (CPU $(cpu_s "$T/jobs2-2x.json") s), peak ${RSS2X} MB, exit $(cat "$T/jobs2-2x.rc") |"
    fi
    echo "| lexical pass, $NTXT .txt reports ($((TXT_BYTES / 1048576)) MiB), $NTERMS terms, 2 threads | \`lexpass --jobs 2 reports/\` vs \`rg -F -f terms.txt --count-matches -j 2\` | xuncha $LEX_X2 ms, rg $LEX_R2 ms |"
    echo "| lexical pass, 1 thread | \`lexpass --jobs 1\` vs \`rg ... -j 1\` | xuncha $LEX_X1 ms, rg $LEX_R1 ms |"
    echo "| check over $NTL reports ($TL_CHARS chars) | \`xuncha --jobs 2 check --fail-on never FILES\` | median $CA2 ms ($XUNCHA_FINDINGS findings); --jobs 1: $CA1 ms |"
    if [ "$HAVE_TEXTLINT" = 1 ]; then
        TLM=$(median_ms "$T/textlint.json")
        echo "| textlint + prh over the same reports | \`textlint --format compact FILES\` (prh.yml: $NTERMS rules) | median $TLM ms ($TL_REPORTS reports) |"
    fi
    echo
    echo "Lexical pass: \`lexpass\` (benches/lexpass.rs) is xuncha's own pass — read, decode (UTF-8/GBK), fold"
    echo "full-width characters, scan with the pack's Aho-Corasick automaton — as a stand-alone binary."
    echo "Matches found: xuncha $(awk '{print $6}' "$T/lexpass.out") places ($(awk '{print $8}' "$T/lexpass.out") hits counting each area), rg $RG_MATCHES"
    echo "(rg is leftmost-first and does not report terms contained in longer ones; xuncha is leftmost-longest and"
    echo "also counts contained terms, so its work is a superset)."
    echo
    echo "## Ratios and targets (release, $NCPU-core machine)"
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    echo "| check of a 20,000-char draft: median ≤ 30 ms incl. process start | $CHECK_MED ms | $(verdict "$CHECK_MED <= 30") |"
    echo "| $ROUND_KIND on the default corpus ≤ 10 s | $(python3 -c "print('%.2f' % ($J2/1000))") s (--jobs 2) | $(verdict "$J2 <= 10000") |"
    echo "| $ROUND_KIND on the default corpus ≤ 500 MB | ${RSS2} MB (--jobs 2), ${RSS1} MB (--jobs 1) | $(verdict "$RSS2 <= 500 and $RSS1 <= 500") |"
    if [ "$SCALE2" = 1 ]; then
        echo "| 2x corpus ≤ 2.2× time | ${SCALING}× (peak ${RSS2X} MB) | $(verdict "$SCALING <= 2.2") |"
    fi
    echo "| --jobs 2 ≥ 1.6× --jobs 1 | ${SPEEDUP}× (control on the same machine: rg -j 1 / -j 2 = $(ratio "$LEX_R1" "$LEX_R2")×, lexpass $(ratio "$LEX_X1" "$LEX_X2")×) | $(verdict "$SPEEDUP >= 1.6") |"
    echo "| lexical pass ≤ 3× ripgrep | $(ratio "$LEX_X2" "$LEX_R2")× (2 threads), $(ratio "$LEX_X1" "$LEX_R1")× (1 thread) | $(verdict "$LEX_X2 <= 3 * $LEX_R2") |"
    if [ "$HAVE_TEXTLINT" = 1 ]; then
        echo "| check over the corpus ≥ 20× faster than textlint | $(ratio "$TLM" "$CA2")× (--jobs 2), $(ratio "$TLM" "$CA1")× (--jobs 1) | $(verdict "$TLM >= 20 * $CA2") |"
    fi
    echo
    echo "The control column shows how much a second thread helps embarrassingly parallel programs on this machine"
    echo "during the run: when it is near 1.0× the machine was shared (see the load average above) and the --jobs"
    echo "ratio says little about xuncha."
    echo
    echo "## Issue 20: scale targets (ratios in this run, ripgrep as the physical reference)"
    echo
    echo "ripgrep: \`rg -F -f terms.txt --count-matches -j 2\` over the same input ($NTERMS lexicon terms): the draft $RG_DRAFT ms,"
    echo "the report folder $RG_REPORTS ms, the whole round folder (reports and tables) $RG_ROUND ms."
    echo
    echo "| target | measured | verdict |"
    echo "|---|---|---|"
    echo "| check of one 20,000-char draft ≤ 1.0× ripgrep on the file | $CHECK_MED ms vs $RG_DRAFT ms = $(ratio "$CHECK_MED" "$RG_DRAFT")× | $(verdict "$CHECK_MED <= $RG_DRAFT") |"
    echo "| \`check DIR --format json\` over $NREPORTS reports ≤ 3× ripgrep | $CD ms vs $RG_REPORTS ms = $(ratio "$CD" "$RG_REPORTS")× | $(verdict "$CD <= 3 * $RG_REPORTS") |"
    echo "| \`check DIR --format json\` ≤ 200 MB | peak $CD_RSS MB | $(verdict "$CD_RSS <= 200") |"
    echo "| round on the corpus ≤ 10× ripgrep over the folder | $J2 ms vs $RG_ROUND ms = $(ratio "$J2" "$RG_ROUND")× | $(verdict "$J2 <= 10 * $RG_ROUND") |"
    echo "| round on the corpus ≤ 300 MB | ${RSS2} MB | $(verdict "$RSS2 <= 300") |"
    if [ "$SCALE2" = 1 ]; then
        echo "| 2x corpus ≤ 2.1× the time | ${SCALING}× | $(verdict "$SCALING <= 2.1") |"
        echo "| 2x corpus ≤ 1.2× the memory | ${RSS_GROWTH}× (${RSS2} → ${RSS2X} MB) | $(verdict "$RSS_GROWTH <= 1.2") |"
    fi
    echo "| HTML summary ≤ 5 MB, details split out | index.html $INDEX_MB MB ($NHTML pages, $HTML_MB MB in all) | $(verdict "$INDEX_MB <= 5") |"
    echo "| round.json compact, ≤ 100 MB | $JSON_MB MB | $(verdict "$JSON_MB <= 100") |"
    if [ "$HAVE_LOAD" = 1 ]; then
        echo "| workbench: $LOAD_UPLOADS concurrent uploads × $LOAD_ROUNDS, p95 ≤ 10× one check | p95 $(load p95_ms) ms vs one check $(load check_ms) ms = $(ratio "$(load p95_ms)" "$(load check_ms)")× (p50 $(load p50_ms) ms, max $(load max_ms) ms) | $(verdict "$(load p95_ms) <= 10 * $(load check_ms)") |"
        echo "| workbench: memory bounded | peak RSS $(load idle_mb) MB idle → $(load peak_mb) MB after the load | (see the figure) |"
    fi
    echo
    if [ "$HAVE_ARCHIVE" = 1 ]; then
        AADD=$(median_ms "$T/archive-add.json")
        HIST=$(median_ms "$T/history.json")
        echo "| archive add of one round of $ARCHIVE_UNITS units into an archive of $ARCHIVE_ROUNDS rounds ≤ 2 s | median $AADD ms (archive $DB_MB MB) | $(verdict "$AADD <= 2000") |"
        echo "| history unit over $ARCHIVE_ROUNDS rounds ≤ 50 ms | median $HIST ms (\`xuncha history unit $HIST_UNIT\`) | $(verdict "$HIST <= 50") |"
    fi
    echo
    echo "## Reproduce"
    echo
    echo '```sh'
    echo "REPORTS=$REPORTS TIPOFFS=$TIPOFFS SENTIMENT=$SENTIMENT SEED=$SEED RUNS=$RUNS TEXTLINT_REPORTS=$TEXTLINT_REPORTS bash benches/compare.sh"
    echo "cargo bench --bench stages          # per-stage Criterion benchmarks"
    echo "bash benches/matching_cost.sh       # what matter matching adds to round (issue 15)"
    echo '```'
    echo
    echo "Raw hyperfine JSON, GNU time output and logs of this run: \`$T\`. Total run time $(($(date +%s) - STARTED)) s."
} >"$ROOT/$OUT"
if [ -f "$ROOT/benches/manual.md" ]; then
    { echo; tail -n +3 "$ROOT/benches/manual.md"; } >>"$ROOT/$OUT"
fi
cat "$ROOT/$OUT"
