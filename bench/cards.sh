#!/usr/bin/env bash
# Benchmark of `core-index report --html` (data-contract §7) at consortium scale: the cards
# of the 1.1 M-student synthetic data of bench/run.sh (about 1,600 schools), year 2016
# computed once, then `report` run ROUNDS times under /usr/bin/time -v in release mode.
# Prints the median wall time, peak RSS and CPU time, the number of cards and the size of
# the card folder, and `explain` of one school. Target: report under 10 s. Not a test: no
# build fails because a machine is slow. Usage:
#   bench/cards.sh [ROUNDS] [WORKDIR]
# Data comes from bench/run.sh (run `bench/run.sh consortium` once first).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
work="${2:-$HOME/.cache/core-index-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/core-index-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/core-index"
data="$work/consortium-csv"
cutpoints="$work/consortium-csv-cutpoints.csv"
[ -d "$data/2016" ] || { echo "no data in $data: run bench/run.sh consortium first" >&2; exit 2; }
[ -f "$cutpoints" ] || { echo "no $cutpoints: run bench/run.sh consortium first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "computing 2016 of $data …"
"$bin" --quiet compute --data "$data" --year 2016 --cutpoints "$cutpoints" --out "$tmp/out"

# measure ARGS... → appends "wall_s rss_mib cpu_s" to $tmp/report
measure() {
  local log="$tmp/time.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  python3 bench/time_v.py "$log" >>"$tmp/report"
}

for _ in $(seq "$rounds"); do
  measure "$bin" --quiet report "$tmp/out" --html "$tmp/cards"
done
cards=$(find "$tmp/cards" -name '*.html' ! -name index.html | wc -l)
size=$(du -sh "$tmp/cards" | cut -f1)
index_size=$(du -h "$tmp/cards/index.html" | cut -f1)
python3 - "$tmp/report" "$cards" "$size" "$index_size" "$rounds" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1])]
wall, rss, cpu = (statistics.median(col) for col in zip(*rows))
print(f"report --html: {sys.argv[2]} cards + index.html ({sys.argv[4]}), {sys.argv[3]} in all")
print(f"  median of {sys.argv[5]}: wall {wall:.2f} s, peak RSS {rss:.0f} MiB, CPU {cpu:.1f} s"
      f" ({'under' if wall < 10 else 'OVER'} the 10 s target)")
PY
school=$(awk -F, 'NR > 1 && $4 == "PRIORITY" { print $2; exit }' "$tmp/out/designations.csv")
/usr/bin/time -f "explain --school $school: wall %e s, peak RSS %M KiB" \
  "$bin" explain "$tmp/out" --school "$school" >/dev/null
