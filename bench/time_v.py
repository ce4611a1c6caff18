#!/usr/bin/env python3
"""Reads what `/usr/bin/time -v` wrote (the file LOG) and prints "wall_s rss_mib cpu_s":
wall-clock seconds, peak resident memory in MiB and CPU seconds (user + system, steadier
than wall time on a shared machine). The one parser the bench/ scripts share.

Usage: bench/time_v.py LOG
"""
import re
import sys

text = open(sys.argv[1]).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)", text).group(1)
parts = [float(p) for p in wall.split(":")]
secs = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
cpu = sum(
    float(re.search(rf"{kind} time \(seconds\): (.*)", text).group(1))
    for kind in ("User", "System")
)
print(f"{secs:.2f} {rss:.0f} {cpu:.1f}")
