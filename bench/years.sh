#!/usr/bin/env bash
# Benchmark of `compute --years` (R35: each year's files read once, Y−1's scores kept in
# memory) against one year's `compute`, on the consortium-scale synthetic data of
# bench/run.sh (1.1 M students per year, years 2014–2016). Runs the two alternately
# (ROUNDS times) under /usr/bin/time -v, in release mode, and prints the median wall time,
# peak RSS and CPU time of each and their ratios. Targets: wall ≤ 2.6×, peak RSS ≤ 1.5×.
# Not a test: no build fails because a machine is slow. Usage:
#   bench/years.sh [csv|parquet] [ROUNDS] [WORKDIR]
# Data comes from bench/run.sh (run it once first).
set -euo pipefail
cd "$(dirname "$0")/.."
format="${1:-csv}"
rounds="${2:-3}"
work="${3:-$HOME/.cache/core-index-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/core-index-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/core-index"
data="$work/consortium-$format"
cutpoints="$work/consortium-$format-cutpoints.csv"
[ -d "$data/2016" ] || { echo "no data in $data: run bench/run.sh consortium first" >&2; exit 2; }
[ -f "$cutpoints" ] || { echo "no $cutpoints: run bench/run.sh consortium first" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure LABEL ARGS... → appends "wall_s rss_mib cpu_s" to $tmp/LABEL
measure() {
  local label="$1"; shift
  local log="$tmp/time.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  python3 bench/time_v.py "$log" >>"$tmp/$label"
}

for ((i = 0; i < rounds; i++)); do
  measure one "$bin" --quiet compute --data "$data" --year 2016 --cutpoints "$cutpoints" --out "$tmp/out-one"
  measure years "$bin" --quiet compute --data "$data" --years 2014-2016 --cutpoints "$cutpoints" --out "$tmp/out-years"
done
# The series' last year is the single-year run's year: metric_results, index and growth
# are the same but for the R36 columns (designations differ: the series has a history, R39).
mkdir -p "$tmp/a" "$tmp/b"
for f in metric_results.csv index.csv growth.csv; do
  cp "$tmp/out-one/$f" "$tmp/a/"; cp "$tmp/out-years/2016/$f" "$tmp/b/"
done
prior=prior_value,prior_level,change,level_change,prior_index_score,index_change
if python3 bench/same_old_columns.py "$tmp/a" "$tmp/b" --ignore "$prior" >/dev/null; then
  echo "2016 of the series = the single-year run (old columns of metric_results, index, growth)"
else
  echo "DIFFERENT: 2016 of the series and the single-year run"; exit 1
fi

python3 - "$tmp/one" "$tmp/years" "$format" "$rounds" <<'PY'
import statistics, sys
def med(path):
    rows = [list(map(float, l.split())) for l in open(path)]
    return [statistics.median(r[i] for r in rows) for i in range(3)]
one, years = med(sys.argv[1]), med(sys.argv[2])
print(f"consortium {sys.argv[3]}, median of {sys.argv[4]} alternating runs")
print(f"{'':24} {'wall_s':>8} {'rss_MiB':>8} {'cpu_s':>7}")
print(f"{'compute --year 2016':24} {one[0]:8.2f} {one[1]:8.0f} {one[2]:7.1f}")
print(f"{'compute --years 2014-16':24} {years[0]:8.2f} {years[1]:8.0f} {years[2]:7.1f}")
print(f"{'ratio (target 2.6, 1.5)':24} {years[0] / one[0]:8.2f} {years[1] / one[1]:8.2f} {years[2] / one[2]:7.2f}")
PY
