#!/usr/bin/env python3
"""Column-wise comparison of two output folders' CSV reports: for each report present in
both, the rows and the cells that differ, by column, with the largest relative difference.
Columns only one side has (a newer build's additions) are listed, not compared.
Usage: bench/diff_reports.py BEFORE_OUT AFTER_OUT"""
import collections, csv, os, sys

before, after = sys.argv[1], sys.argv[2]
same = True
for name in sorted(os.listdir(before)):
    if not name.endswith(".csv") or not os.path.exists(os.path.join(after, name)):
        continue
    a = list(csv.reader(open(os.path.join(before, name))))
    b = list(csv.reader(open(os.path.join(after, name))))
    ha, hb = a[0], b[0]
    shared = [h for h in ha if h in hb]
    added = [h for h in hb if h not in ha]
    if len(a) != len(b):
        print(f"  {name}: {len(a) - 1} rows before, {len(b) - 1} after")
        same = False
        continue
    cells = collections.Counter()
    rows = set()
    worst = collections.defaultdict(float)
    for i, (x, y) in enumerate(zip(a[1:], b[1:])):
        for h in shared:
            u, v = x[ha.index(h)], y[hb.index(h)]
            if u != v:
                cells[h] += 1
                rows.add(i)
                try:
                    fu, fv = float(u), float(v)
                    worst[h] = max(worst[h], abs(fu - fv) / max(abs(fu), 1e-300))
                except ValueError:
                    worst[h] = float("inf")
    note = f" (new columns: {', '.join(added)})" if added else ""
    if cells:
        same = False
        detail = ", ".join(f"{h} {n} (max rel {worst[h]:.1e})" for h, n in cells.items())
        print(f"  {name}: {len(rows)} of {len(a) - 1} rows differ: {detail}{note}")
    else:
        print(f"  {name}: identical in its {len(shared)} shared columns{note}")
sys.exit(0 if same else 1)
