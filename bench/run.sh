#!/usr/bin/env bash
# Benchmark of `core-index cutpoints` and `compute` at consortium scale (1.1 M students per
# year, CORE districts) and state scale (6.2 M, California), from CSV and from Parquet
# inputs, in release mode. Prints wall time, peak RSS (/usr/bin/time -v) and the per-stage
# times of the manifest. Usage:
#   bench/run.sh [consortium|state|all] [WORKDIR]
# Data is synthesized once per scale into WORKDIR (default: $HOME/.cache/core-index-bench)
# and reused on later runs with the same scale.
set -euo pipefail
cd "$(dirname "$0")/.."
scales="${1:-consortium}"
work="${2:-$HOME/.cache/core-index-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/core-index-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/core-index"
mkdir -p "$work"

students_for() {
  case "$1" in
    consortium) echo 1100000 ;;
    state) echo 6200000 ;;
    *) echo "unknown scale $1" >&2; exit 2 ;;
  esac
}

# Runs a command under /usr/bin/time -v; prints "wall_s rss_mib cpu_s" (cpu = user + system,
# steadier than wall time on a shared machine).
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  python3 bench/time_v.py "$log"
  rm -f "$log"
}

stages() {
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(" ".join(f"{k}={v:.2f}" for k,v in m["stage_seconds"].items()))' "$1"
}

[ "$scales" = all ] && scales="consortium state"
printf '%-11s %-8s %-9s %8s %9s %6s  %s\n' scale format command wall_s rss_MiB cpu_s stages
for scale in $scales; do
  n=$(students_for "$scale")
  for format in csv parquet; do
    data="$work/$scale-$format"
    if [ ! -f "$data/.complete" ]; then
      rm -rf "$data"
      read -r s r c < <(measure "$bin" --quiet synth --out "$data" --students "$n" --years 2014-2016 --seed 1 --format "$format")
      printf '%-11s %-8s %-9s %8s %9s %6s\n' "$scale" "$format" synth "$s" "$r" "$c"
      touch "$data/.complete"
    fi
    read -r s r c < <(measure "$bin" --quiet cutpoints --data "$data" --year 2014 --out "$work/$scale-$format-cutpoints.csv")
    printf '%-11s %-8s %-9s %8s %9s %6s\n' "$scale" "$format" cutpoints "$s" "$r" "$c"
    out="$work/$scale-$format-out"
    read -r s r c < <(measure "$bin" --quiet compute --data "$data" --year 2016 --cutpoints "$work/$scale-$format-cutpoints.csv" --out "$out")
    printf '%-11s %-8s %-9s %8s %9s %6s  %s\n' "$scale" "$format" compute "$s" "$r" "$c" "$(stages "$out/manifest.json")"
  done
done
