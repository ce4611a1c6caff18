#!/usr/bin/env bash
# A/B comparison of two core-index binaries on the same benchmark data, in one go:
# alternating `compute` runs (so machine noise hits both alike), median wall time and load
# stage time per binary, their ratio, and a byte comparison of every report (the manifest
# differs by design: it records times), with a column-wise summary of any difference
# (bench/diff_reports.py). Usage:
#   bench/ab.sh BEFORE_BIN AFTER_BIN [demo|consortium|state] [csv|parquet] [ROUNDS]
# Data comes from bench/run.sh (run it once for the scale first; `demo` is the built-in demo
# data and needs nothing). Example:
#   cp "$CARGO_TARGET_DIR/release/core-index" /tmp/core-index-before
#   ... change, cargo build --release ...
#   bench/ab.sh /tmp/core-index-before "$CARGO_TARGET_DIR/release/core-index" consortium csv 5
set -euo pipefail
before="$1"
after="$2"
scale="${3:-consortium}"
format="${4:-csv}"
rounds="${5:-5}"
work="${BENCH_WORK:-$HOME/.cache/core-index-bench}"
if [ "$scale" = demo ]; then
  inputs=()
else
  data="$work/$scale-$format"
  cutpoints="$work/$scale-$format-cutpoints.csv"
  [ -f "$data/.complete" ] || { echo "no data in $data: run bench/run.sh $scale first" >&2; exit 2; }
  [ -f "$cutpoints" ] || { echo "no $cutpoints: run bench/run.sh $scale first" >&2; exit 2; }
  inputs=(--data "$data" --year 2016 --cutpoints "$cutpoints")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # run LABEL BIN ROUND → appends "wall load" to $tmp/LABEL.times
  local out="$tmp/$1-out"
  rm -rf "$out"
  local start end
  start=$(date +%s.%N)
  "$2" --quiet compute "${inputs[@]}" --out "$out"
  end=$(date +%s.%N)
  python3 - "$out/manifest.json" "$start" "$end" >>"$tmp/$1.times" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"{float(sys.argv[3]) - float(sys.argv[2]):.3f} {m['stage_seconds']['load']:.3f}")
PY
}

for ((i = 0; i < rounds; i++)); do
  run before "$before"
  run after "$after"
done

python3 - "$tmp/before.times" "$tmp/after.times" "$scale" "$format" <<'PY'
import statistics, sys
def medians(path):
    rows = [tuple(map(float, line.split())) for line in open(path)]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
bw, bl = medians(sys.argv[1])
aw, al = medians(sys.argv[2])
print(f"{sys.argv[3]} {sys.argv[4]}: median of {sum(1 for _ in open(sys.argv[1]))} alternating runs")
print(f"  wall  before {bw:6.2f} s  after {aw:6.2f} s  after/before {aw / bw:.2f}")
print(f"  load  before {bl:6.2f} s  after {al:6.2f} s  after/before {al / bl:.2f}")
PY

identical=yes
for f in "$tmp/before-out"/*; do
  name=$(basename "$f")
  [ "$name" = manifest.json ] && continue
  cmp -s "$f" "$tmp/after-out/$name" || { echo "  DIFFERENT: $name"; identical=no; }
done
echo "  reports byte-identical: $identical"
if [ "$identical" = no ]; then
  python3 "$(dirname "$0")/diff_reports.py" "$tmp/before-out" "$tmp/after-out" || true
fi
[ "$identical" = yes ]
