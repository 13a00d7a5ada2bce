#!/usr/bin/python3
"""Times imbalanced-learn's SMOTE on the data of BenchmarkSMOTE.

    go test ./nnkit/data -run TestSMOTEBenchData -smote.out=/tmp/smote.bin
    /usr/bin/python3 nnkit/data/testdata/smote_bench.py /tmp/smote.bin

Uses Debian's python3-imblearn (0.10) and python3-sklearn (1.2.1). Prints the
best wall time of 5 runs of SMOTE(k_neighbors=5).fit_resample and the peak
of the memory that Python and NumPy allocate during one run (tracemalloc).
"""
import sys
import time
import tracemalloc

import imblearn
import numpy as np
from imblearn.over_sampling import SMOTE

with open(sys.argv[1], "rb") as f:
    n, d = np.frombuffer(f.read(16), dtype="<i8")
    x = np.frombuffer(f.read(int(n * d) * 8), dtype="<f8").reshape(n, d)
    y = np.frombuffer(f.read(int(n) * 8), dtype="<i8")

def run():
    return SMOTE(k_neighbors=5, random_state=1).fit_resample(x, y)

xr, yr = run()  # warm up
times = []
for _ in range(5):
    t0 = time.perf_counter()
    run()
    times.append(time.perf_counter() - t0)
tracemalloc.start()
run()
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(f"imblearn {imblearn.__version__}: x {n}x{d}, counts {np.bincount(y).tolist()} -> {np.bincount(yr).tolist()}")
print(f"best of 5: {min(times) * 1e3:.1f} ms  (median {sorted(times)[2] * 1e3:.1f} ms)")
print(f"peak traced memory: {peak / 2**20:.1f} MiB")
