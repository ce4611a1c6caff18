#!/usr/bin/env bash
# Benchmark of `core-index import caaspp` (data-contract §6), not a test: imports a large
# CAASPP Student Score Data File in the 2024-25 layout, in release mode, and prints the file's
# size, the wall and CPU time (/usr/bin/time -v), the peak RSS and the read rate in MB/s
# (file bytes / wall time of the whole import: reading, sorting, writing the year's extract
# and the prior-only folder). Usage:
#   bench/import.sh [ROWS] [caret|comma] [WORKDIR]
# ROWS defaults to 2,000,000. The file is made by the caaspp crate's `score_file` example:
# two Smarter Balanced rows per student, one row in twenty not tested, a prior-year block on
# every row, unread columns filled with short plausible values (about 1.3 KB a row, as real
# files). Needs about 1.4 KB of disk per row in WORKDIR (default: a temporary folder), which
# is removed at the end. The file is imported twice and the second run is reported (the
# first warms the page cache, so the figure is the importer's, not the disk's).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-2000000}"
delimiter="${2:-caret}"
work="${3:-$(mktemp -d "${TMPDIR:-/tmp}/core-index-import-bench.XXXXXX")}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/core-index-target}"
cargo build --release --quiet -p core-index --bin core-index
cargo build --release --quiet -p core-index-caaspp --example score_file
bin="$CARGO_TARGET_DIR/release/core-index"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

file="$work/scores_2025.txt"
"$CARGO_TARGET_DIR/release/examples/score_file" "$rows" "$delimiter" >"$file"
bytes=$(stat -c %s "$file")

run() {
  rm -rf "$work/data"
  mkdir "$work/data"
  local log
  log=$(mktemp)
  /usr/bin/time -v "$bin" --quiet import caaspp "$file" --data "$work/data" --year 2025 \
    2>"$log" || { cat "$log" >&2; exit 1; }
  read -r secs rss cpu < <(python3 bench/time_v.py "$log")
  awk -v rows="$rows" -v size="$bytes" -v secs="$secs" -v cpu="$cpu" -v rss="$rss" \
    'BEGIN { printf "%9d %9.0f %7.2f %6.1f %8.0f %6.0f\n", rows, size / 1e6, secs, cpu, rss, size / 1e6 / secs }'
  rm -f "$log"
}

printf '%9s %9s %7s %6s %8s %6s\n' rows file_MB wall_s cpu_s rss_MiB MB/s
run >/dev/null
run
wc -l <"$work/data/2025/assessments.csv" | awk '{print "assessments rows (with header): " $1}'
