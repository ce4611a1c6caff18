#!/usr/bin/env bash
# A long run of the fuzz harness (crates/fuzz): damaged extracts (CSV and Parquet), cut-point,
# configuration and history files fed to the real pipeline; prints what it found and exits 1
# when it found anything (a crash, garbage accepted, or a refusal that is an internal
# failure). `cargo test` runs 120 cases; this runs as many as you ask. Usage:
#   bench/fuzz.sh [CASES] [SEED]        # default 20000 cases, seed 1
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/core-index-target}"
cargo build --release --quiet -p core-index-fuzz
"$CARGO_TARGET_DIR/release/core-index-fuzz" "${1:-20000}" "${2:-1}"
