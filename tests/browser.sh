#!/usr/bin/env bash
# Browser check of the report cards (data-contract §7), run by .ci/run.
#
# Computes the demo data (2015-2016), writes the report cards of 2016, and renders index.html and the cards of a
# PRIORITY, a FOCUS and a REWARD school in headless Chromium at desktop (1200 px) and phone
# (390 px) width. Fails on any console message: the pages run no script, and their
# Content-Security-Policy forbids every fetch, so a console line means a page tried to load
# something or broke. Then prints each of the three cards to PDF on A4 and on Letter and
# fails when one takes more than MAX_PRINT_PAGES pages.
#
# Screenshots and PDFs go to SHOTS (default: $CARGO_TARGET_DIR/browser-shots, else
# target/browser-shots). With --readme, a desktop screenshot (1200 × 2600) of the PRIORITY
# card is written to docs/report-card.png, the README picture.
#
# Without a headless Chromium it installs the machine's Debian package when it can
# (apt-get, as root or with password-less sudo) and otherwise skips with a notice (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_PRINT_PAGES=${MAX_PRINT_PAGES:-8}
TARGET=${CARGO_TARGET_DIR:-target}
SHOTS=${SHOTS:-$TARGET/browser-shots}
README_PICTURE=false
[ "${1:-}" = "--readme" ] && README_PICTURE=true

find_chromium() {
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if ! CHROMIUM=$(find_chromium); then
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      SUDO=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      SUDO="none"
    fi
    if [ "$SUDO" != none ]; then
      echo "browser check: installing chromium from the Debian packages"
      $SUDO apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || true
    fi
  fi
  if ! CHROMIUM=$(find_chromium); then
    echo "browser check: SKIPPED — no headless Chromium here and it could not be installed (apt-get install chromium)"
    exit 0
  fi
fi

cargo build --quiet --bin core-index
BIN="$TARGET/debug/core-index"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$SHOTS"

# Two years, so the cards of 2016 show the change from 2015 (R36).
"$BIN" --quiet compute --out "$WORK/run" --years 2015-2016
mv "$WORK/run/2016" "$WORK/out"
"$BIN" --quiet report "$WORK/out" --html "$WORK/cards"

# The first school of each designation (designations.csv: school_id is column 2,
# designation column 4, as data-contract §5 orders them).
first_with() {
  awk -F, -v pattern="$1" 'NR > 1 && $4 ~ pattern { print $2; exit }' "$WORK/out/designations.csv"
}
PRIORITY=$(first_with '^PRIORITY$')
FOCUS=$(first_with '^FOCUS$')
REWARD=$(first_with '^REWARD_')
for id in "$PRIORITY" "$FOCUS" "$REWARD"; do
  if [ -z "$id" ] || [ ! -f "$WORK/cards/$id.html" ]; then
    echo "browser check: FAILED — the demo data lacks a PRIORITY, FOCUS or REWARD card" >&2
    exit 1
  fi
done

# Chromium with a fresh profile and no network chatter of its own.
chromium_run() {
  local profile
  profile=$(mktemp -d)
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
  local status=$?
  rm -rf "$profile"
  return $status
}

failures=0
# check PAGE NAME: screenshots at desktop and phone width; any console line fails.
check() {
  local page=$1 name=$2 width height log
  for size in 1200x1600 390x1600; do
    width=${size%x*}
    height=${size#*x}
    log="$WORK/$name-$width.log"
    if ! chromium_run --window-size="$width,$height" --screenshot="$SHOTS/$name-$width.png" \
      "file://$WORK/cards/$page" 2>"$log" >/dev/null; then
      echo "browser check: FAILED — Chromium could not render $name ($page)" >&2
      failures=$((failures + 1))
      continue
    fi
    if grep -q 'CONSOLE' "$log"; then
      echo "browser check: FAILED — console messages on $name ($page) at $width px:" >&2
      grep 'CONSOLE' "$log" >&2
      failures=$((failures + 1))
    fi
  done
  echo "browser check: $name ($page) rendered without console messages; screenshots $SHOTS/$name-{1200,390}.png"
}

# print PAGE NAME: PDF on A4 and on Letter, each at most MAX_PRINT_PAGES pages.
print_check() {
  local page=$1 name=$2 paper pages
  for paper in A4 letter; do
    sed "s|</style>|@page { size: $paper; }</style>|" "$WORK/cards/$page" >"$WORK/cards/print-$paper-$page"
    chromium_run --no-pdf-header-footer --print-to-pdf="$SHOTS/$name-$paper.pdf" \
      "file://$WORK/cards/print-$paper-$page" 2>/dev/null >/dev/null || true
    # Page objects of the PDF ("/Type /Page", not "/Type /Pages").
    pages=$( (grep -a -o '/Type /Page\b' "$SHOTS/$name-$paper.pdf" 2>/dev/null || true) | wc -l)
    echo "browser check: $name prints on $pages $paper pages"
    if [ "$pages" -lt 1 ] || [ "$pages" -gt "$MAX_PRINT_PAGES" ]; then
      echo "browser check: FAILED — $name prints on $pages $paper pages (at most $MAX_PRINT_PAGES)" >&2
      failures=$((failures + 1))
    fi
  done
}

check index.html index
check "$PRIORITY.html" priority-card
check "$FOCUS.html" focus-card
check "$REWARD.html" reward-card
print_check "$PRIORITY.html" priority-card
print_check "$FOCUS.html" focus-card
print_check "$REWARD.html" reward-card

if [ "$failures" -gt 0 ]; then
  echo "browser check: FAILED ($failures problems)" >&2
  exit 1
fi
if $README_PICTURE; then
  # Taller than the checks' shots, so the picture reaches the first results table.
  chromium_run --window-size=1200,2600 --screenshot=docs/report-card.png \
    "file://$WORK/cards/$PRIORITY.html" >/dev/null 2>&1
  echo "browser check: docs/report-card.png updated"
fi
echo "browser check: passed"
