#!/usr/bin/env python3
"""Checks that every report CSV of BEFORE still holds, byte for byte, in AFTER once AFTER's
new columns are left out: same header prefix, same rows, each old cell identical. For a
change that adds columns (e.g. the R36–R38 columns) without touching the old ones.

Usage: bench/same_old_columns.py BEFORE_OUT AFTER_OUT [--ignore COL,COL...]

With --ignore, the named columns are left out of both sides first (e.g. the prior columns,
to compare a year of `compute --years` with a single-year run of the same year).
"""
import csv
import sys
from pathlib import Path


def rows(path, ignore=()):
    with open(path, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    keep = [i for i, name in enumerate(table[0]) if name not in ignore]
    return [[row[i] for i in keep] for row in table]


def main(before, after, ignore=()):
    ok = True
    for old in sorted(Path(before).glob("*.csv")):
        if old.name in ("cutpoints.csv", "history.csv"):
            continue
        new = Path(after) / old.name
        a, b = rows(old, ignore), rows(new, ignore)
        width = len(a[0])
        if b[0][:width] != a[0]:
            print(f"{old.name}: the old columns changed: {a[0]} -> {b[0][:width]}")
            ok = False
            continue
        added = b[0][width:]
        if len(a) != len(b):
            print(f"{old.name}: {len(a) - 1} rows before, {len(b) - 1} after")
            ok = False
            continue
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y[:width]]
        if diffs:
            print(f"{old.name}: {len(diffs)} rows differ in old columns, first data row {diffs[0]}")
            ok = False
        else:
            print(f"{old.name}: {len(a) - 1} rows, old columns identical; new columns: {', '.join(added) or 'none'}")
    return ok


if __name__ == "__main__":
    ignored = ()
    if len(sys.argv) == 5 and sys.argv[3] == "--ignore":
        ignored = tuple(sys.argv[4].split(","))
    sys.exit(0 if main(sys.argv[1], sys.argv[2], ignored) else 1)
