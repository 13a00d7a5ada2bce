#!/usr/bin/python3
"""Prints latency.sh's medians and each kernel's ratio to the first kernel's.

    ratios.py OUTDIR KERNEL...
"""
import json
import os
import sys

out, kernels = sys.argv[1], sys.argv[2:]
latency = {k: json.load(open(os.path.join(out, f"latency-{k}.json"))) for k in kernels}
newcode = json.load(open(os.path.join(out, "newcode.json")))


def median(k, case, key):
    return latency[k]["cases"].get(case, {}).get(key, {}).get("median")


rows = [
    ("cold start", lambda k: median(k, "cold", "stats_cold_start_s")),
    ("  kernel_info", lambda k: median(k, "cold", "stats_kernel_info_s")),
    ("  first cell", lambda k: median(k, "cold", "stats_first_cell_s")),
    ("same cell again", lambda k: median(k, "hello", "stats_wall_s")),
    ("new print cell", lambda k: newcode[k]["print"]),
    ("new definition", lambda k: newcode[k]["define"]),
    ("gonum/plot PNG", lambda k: median(k, "plot", "stats_wall_s")),
]
base = kernels[0]
print(f"{'median seconds':<18}" + "".join(f"{k:>14}" for k in kernels)
      + "".join(f"{k + '/' + base:>20}" for k in kernels[1:]))
for label, value in rows:
    vals = [value(k) for k in kernels]
    line = f"{label:<18}" + "".join(f"{v:>14.3f}" if v is not None else f"{'-':>14}" for v in vals)
    for v in vals[1:]:
        line += f"{v / vals[0]:>20.2f}" if v is not None and vals[0] else f"{'-':>20}"
    print(line)
for k in kernels:
    problems = [p for c in latency[k]["cases"].values() for p in c.get("problems", [])]
    if problems:
        print(f"{k}: problems: {problems[:3]}")
    host = latency[k]["host"]
    print(f"{k}: load average {host['loadavg_start'][0]:.2f} at the start")
