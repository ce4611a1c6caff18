#!/usr/bin/env bash
# Verifies a published core-index output folder: recomputes it from its inputs and compares
# every report byte for byte (`core-index verify`, data-contract §4). Exits 0 when every
# report is identical, 1 when one differs or is missing or an input is not the one the run
# read, 2 when the folder or the data folder is not found.
#
# Usage: verify-published.sh PUBLISHED_OUT [DATA]
#   PUBLISHED_OUT  the published folder: one year's output folder, or a `compute --years`
#                  folder (verified year by year)
#   DATA           the data folder holding the inputs by year (DATA/2016/students.csv …);
#                  default: the folder the manifest records (the built-in demo data for a
#                  run on it)
# Environment:
#   CORE_INDEX     the core-index binary (default: core-index on PATH); use the version that
#                  wrote the folder — another version is named in a warning
#   GITHUB_STEP_SUMMARY  when set (GitHub Actions), the report lines are added to the job's
#                  summary
set -euo pipefail

out="${1:?usage: verify-published.sh PUBLISHED_OUT [DATA]}"
data="${2:-}"
core_index="${CORE_INDEX:-core-index}"

args=(verify "$out")
if [ -n "$data" ]; then
  args+=(--data "$data")
fi

lines="$(mktemp)"
trap 'rm -f "$lines"' EXIT
status=0
"$core_index" "${args[@]}" >"$lines" || status=$?
cat "$lines"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### core-index verify $out"
    echo
    echo '```'
    cat "$lines"
    echo '```'
  } >>"$GITHUB_STEP_SUMMARY"
fi
exit "$status"
