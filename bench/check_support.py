#!/usr/bin/env python3
"""Checks the partners and communities reports of a `compute` output folder (methodology
R40-R43) against an independent implementation written from the rule text, reading only the
folder's other reports (metric_results, index, designations, cutpoints.csv, manifest.json)
and the year's students and cohort extracts (CSV) of the data folder.

    bench/check_support.py DATA OUT

It recomputes profiles, focus areas, partner suggestions and communities, compares them row
by row with OUT/partners.csv and OUT/communities.csv (floats compared as the f64 values the
CSV text reads back to), and checks R42's shape: every PRIORITY school with a profile has
min(partners, its candidates) suggestions or its one empty row, and every suggested partner
is a Reward school of the same level. Exit status 0 when everything agrees, 1 otherwise.
"""

import csv
import json
import math
import sys
from collections import defaultdict

METRICS = ["ELA_PERF", "MATH_PERF", "ELA_GROWTH", "MATH_GROWTH", "HS_READINESS", "GRAD",
           "CHRONIC_ABSENCE", "SUSPENSION", "EL_RECLASS", "SEL", "CLIMATE"]
LOWER_IS_BETTER = {"CHRONIC_ABSENCE", "SUSPENSION"}
GROWTH = {"ELA_GROWTH", "MATH_GROWTH"}
LEVELS = ["E", "M", "H"]
REWARD = {"REWARD_HIGH_PERFORMING", "REWARD_HIGH_PROGRESS"}


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        yield from csv.DictReader(f)


def truthy(text):
    return text.strip().lower() in ("y", "yes", "true", "1")


def main(data, out):
    manifest = json.load(open(f"{out}/manifest.json"))
    year = manifest["year"]
    config = manifest["config"]
    support = config["support"]
    n_size = config["n_size"]
    k_partners, same_district, cop_size = (
        support["partners"], support["same_district"], support["cop_size"])

    schools = {}
    for r in rows(f"{out}/index.csv"):
        schools[r["school_id"]] = {"level": r["school_level"], "district": r["district_id"],
                                   "name": r["school_name"]}
    ids = sorted(schools, key=lambda s: s.encode())
    designations = {r["school_id"]: r for r in rows(f"{out}/designations.csv")}

    # R40 profiles.
    counts = defaultdict(lambda: [0] * 10)
    race_share = {"AA": 3, "AS": 4, "FI": 5, "HI": 6, "WH": 7}
    for r in rows(f"{data}/{year}/students.csv"):
        if int(r["days_enrolled"]) < 1:
            continue
        c = counts[r["school_id"].strip()]
        c[0] += 1
        c[1] += truthy(r["sed"])
        c[2] += r["el_status"].strip() == "EL"
        c[3] += truthy(r["swd"])
        c[1 + race_share.get(r["race_ethnicity"].strip(), 8)] += 1
    profiles = {s: [(100.0 * c[k + 1]) / c[0] for k in range(9)]
                for s, c in counts.items() if c[0] > 0}

    def distance(a, b):
        total = 0.0
        for x, y in zip(profiles[a], profiles[b]):
            d = x - y
            total += d * d
        return math.sqrt(total)

    # Cut points as the run used them.
    cuts = {}
    for r in rows(f"{out}/cutpoints.csv"):
        cuts[(r["metric"], r["school_level"])] = [float(r[f"c{k}"]) for k in range(1, 10)]

    def cuts_for(metric, level):
        return cuts.get((metric, level), cuts.get((metric, "*")))

    # Metric rows by school.
    by_school = defaultdict(list)
    for r in rows(f"{out}/metric_results.csv"):
        if r["status"] != "reported":
            continue
        by_school[r["school_id"]].append({
            "metric": r["metric"], "group": r["group"], "role": r["role"],
            "value": float(r["value"]), "level": int(r["level"])})

    def shortfall(row, level_key):
        metric, value, level = row["metric"], row["value"], row["level"]
        if level >= 10:
            return 0.0
        if metric in GROWTH:
            return (10.0 * level - 0.5 - value) / (89.5 - 9.5)
        c = cuts_for(metric, level_key)
        span = c[8] - c[0]
        if span == 0.0:
            return 0.0
        needed = value - c[9 - level] if metric in LOWER_IS_BETTER else c[level - 1] - value
        return needed / span

    # 4-year graduation rates (R9) for the low_subgroup_graduation-alone focus.
    grad = defaultdict(lambda: [0, 0])
    for r in rows(f"{data}/{year}/cohort.csv"):
        if r["outcome"].strip() == "TRANSFER_OUT" or int(r["cohort_year"]) != year - 3:
            continue
        graduated = r["outcome"].strip() == "GRAD" and int(r["grad_year"]) <= year
        groups = ["ALL"]
        if r["race_ethnicity"].strip() != "NR":
            groups.append(r["race_ethnicity"].strip())
        if truthy(r["sed"]):
            groups.append("SED")
        if truthy(r["swd"]):
            groups.append("SWD")
        if r["el_status"].strip() in ("EL", "RFEP"):
            groups.append("EL")
        for g in groups:
            cell = grad[(r["school_id"].strip(), g)]
            cell[0] += 1
            cell[1] += graduated

    def rate4(school, group):
        n, g = grad.get((school, group), (0, 0))
        return (100.0 * g) / n if n >= n_size else None

    # R41 focus areas.
    def focus_of(school):
        d = designations[school]
        level_key = schools[school]["level"]
        basis = d["basis"]
        if d["designation"] == "PRIORITY":
            cands = [r for r in by_school[school] if r["role"] != "info"]
        elif d["designation"] == "FOCUS" and "low_subgroup" in basis.split("+"):
            cands = [r for r in by_school[school] if r["role"] in ("lowest_race", "subgroup")]
        elif d["designation"] == "FOCUS" and basis == "low_subgroup_graduation":
            target = float(d["rank_value"])
            rows_ = [r for r in by_school[school] if r["metric"] == "GRAD"
                     and r["role"] in ("lowest_race", "subgroup")
                     and rate4(school, r["group"]) == target]
            rows_.sort(key=lambda r: r["group"].encode())
            return rows_[0] if rows_ else None
        else:
            return None
        if not cands:
            return None
        return min(cands, key=lambda r: (
            r["level"], -shortfall(r, level_key), METRICS.index(r["metric"]),
            r["group"] != "ALL", r["group"].encode()))

    focus = {s: focus_of(s) for s in ids}

    # R42 partners.
    expected_partners = []
    for s in ids:
        d = designations[s]
        needs = d["designation"] == "PRIORITY" or (
            d["designation"] == "FOCUS" and d["escalation"] != "none")
        if not needs or s not in profiles:
            continue
        f = focus[s]
        head = [str(year), s, d["designation"], d["escalation"],
                f["metric"] if f else "", f["group"] if f else "", str(f["level"]) if f else ""]
        cands = [c for c in ids if designations[c]["designation"] in REWARD and c in profiles
                 and schools[c]["level"] == schools[s]["level"]
                 and (not same_district or schools[c]["district"] == schools[s]["district"])]
        if not cands:
            expected_partners.append(head + ["", "", "", "", "", ""])
            continue
        ranked = []
        for c in cands:
            strength = None
            if f:
                own = {(r["metric"], r["group"]): r["level"] for r in by_school[c]}
                strength = own.get((f["metric"], f["group"]), own.get((f["metric"], "ALL")))
                tier = 0 if strength is not None and strength >= 8 else 1
            else:
                tier = 0
            ranked.append((tier, distance(s, c), c.encode(), c, strength))
        ranked.sort()
        for rank, (_, dist, _, c, strength) in enumerate(ranked[:k_partners], 1):
            expected_partners.append(head + [
                str(rank), c, schools[c]["name"], designations[c]["designation"],
                "" if strength is None else str(strength), dist])

    # R43 communities.
    sets = defaultdict(list)
    for s in ids:
        if designations[s]["designation"] == "FOCUS" and focus[s] and s in profiles:
            sets[(METRICS.index(focus[s]["metric"]), LEVELS.index(schools[s]["level"]))].append(s)
    expected_communities = []
    number = 0
    for key in sorted(sets):
        remaining = list(sets[key])
        n = len(remaining)
        g = -(-n // cop_size)
        sizes = [n // g + (1 if i < n % g else 0) for i in range(g)]
        for size in sizes:
            number += 1
            seed = remaining.pop(0)
            others = sorted(remaining, key=lambda s: (distance(seed, s), s.encode()))
            members = [seed] + others[:size - 1]
            remaining = [s for s in remaining if s not in members]
            for s in sorted(members, key=lambda s: s.encode()):
                f = focus[s]
                expected_communities.append([str(year), str(number), f["metric"], s,
                                             schools[s]["name"], f["group"], str(f["level"]),
                                             str(size)])

    problems = []

    def compare(name, expected):
        actual = [list(r.values()) for r in rows(f"{out}/{name}.csv")]
        if len(actual) != len(expected):
            problems.append(f"{name}: {len(actual)} rows, expected {len(expected)}")
        for i, (a, e) in enumerate(zip(actual, expected), 1):
            same = len(a) == len(e) and all(
                (float(x) == y) if isinstance(y, float) else x == y for x, y in zip(a, e))
            if not same:
                problems.append(f"{name} row {i}: {a} != expected {e}")
                break
        return actual

    actual_partners = compare("partners", expected_partners)
    compare("communities", expected_communities)

    # R42's shape on PRIORITY schools, stated directly.
    priority = [s for s in ids if designations[s]["designation"] == "PRIORITY" and s in profiles]
    got = defaultdict(list)
    for r in actual_partners:
        got[r[1]].append(r)
    empty_rows = 0
    for s in priority:
        cands = [c for c in ids if designations[c]["designation"] in REWARD and c in profiles
                 and schools[c]["level"] == schools[s]["level"]
                 and (not same_district or schools[c]["district"] == schools[s]["district"])]
        mine = got[s]
        if not cands:
            empty_rows += 1
            if len(mine) != 1 or mine[0][7] != "":
                problems.append(f"PRIORITY {s}: expected its one empty row")
            continue
        if len(mine) != min(k_partners, len(cands)):
            problems.append(f"PRIORITY {s}: {len(mine)} suggestions, expected "
                            f"{min(k_partners, len(cands))}")
        for r in mine:
            p = r[8]
            if designations[p]["designation"] not in REWARD or schools[p]["level"] != schools[s]["level"]:
                problems.append(f"PRIORITY {s}: partner {p} is not a Reward school of its level")

    print(f"schools {len(ids)}, with a profile {len(profiles)}; PRIORITY with a profile "
          f"{len(priority)} ({empty_rows} without candidates); partner rows "
          f"{len(actual_partners)}, community rows {len(expected_communities)} in {number} "
          f"communities; partners={k_partners} same_district={same_district} cop_size={cop_size}")
    for p in problems[:20]:
        print("DIFFERENCE:", p)
    print("agree" if not problems else f"{len(problems)} differences")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
