#!/bin/sh
# Fuzzes the given targets (all when none given) one after the other, niced, each for
# $SECONDS_PER_TARGET seconds (default 600). Run from anywhere; logs go to fuzz/logs/<target>.log.
#   fuzz/run.sh                      # every target, 10 minutes each
#   SECONDS_PER_TARGET=60 fuzz/run.sh docx_xml table_csv
#   KEEP_GOING=1 fuzz/run.sh table_xlsx   # fork mode: record crashes and go on fuzzing
set -eu
cd "$(dirname "$0")"
ALL="report_text docx docx_xml table_csv table_xlsx table_xlsx_xml toml_round toml_pack toml_waivers table_rectification table_clues table_pool table_progress table_units http_upload"
SECS=${SECONDS_PER_TARGET:-600}
mkdir -p logs
for T in ${*:-$ALL}; do
  case $T in
    report_text)              LEN=200000; DICT=dicts/report_text.dict ;;
    table_csv)                LEN=200000; DICT=dicts/report_text.dict ;;
    table_rectification|table_clues|table_pool|table_progress|table_units)
                              LEN=200000; DICT=dicts/report_text.dict ;;
    http_upload)              LEN=300000; DICT= ;;
    docx)                     LEN=500000; DICT= ;;
    docx_xml)                 LEN=500000; DICT=dicts/docx_xml.dict ;;
    table_xlsx)               LEN=500000; DICT= ;;
    table_xlsx_xml)           LEN=500000; DICT=dicts/table_xlsx_xml.dict ;;
    toml_*)                   LEN=65536;  DICT=dicts/toml.dict ;;
    *) echo "unknown target $T" >&2; exit 2 ;;
  esac
  mkdir -p "work/$T"
  # With KEEP_GOING=1 a known, not yet fixed crash does not stop the run.
  FORK=${KEEP_GOING:+-fork=1 -ignore_crashes=1}
  echo "== $T: ${SECS}s, -max_len=$LEN ${DICT:+-dict=$DICT}"
  RUSTC_BOOTSTRAP=1 nice -n 19 cargo fuzz run -O -a -s none "$T" "work/$T" "corpus/$T" -- \
    -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=60 -max_len="$LEN" \
    ${DICT:+-dict=$DICT} $FORK -print_final_stats=1 >"logs/$T.log" 2>&1 || true
  tail -n 14 "logs/$T.log"
done
