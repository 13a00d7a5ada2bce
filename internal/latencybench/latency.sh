#!/bin/bash
# latency.sh measures nnbook's latency against GoNB's through the real
# Jupyter client, in one run, with the kernel measurement harness of
# ../shared/bench/jupyter (a writable copy of it: JK=DIR):
#
#	JK=/tmp/jk internal/latencybench/latency.sh gonb nnbook [MORE KERNELS...]
#
# Each argument is a kernelspec in the harness's scratch Jupyter directory
# (its setup_kernels.sh registers GoNB v0.11.4 as "gonb"; register nnbook
# there with `nnbook install -prefix` or a kernel.json of your own). For
# each kernel, one after the other, it runs latency.py's cases hello (the
# same trivial cell again), plot (a gonum/plot PNG) and cold (a fresh
# kernel: launch → kernel_info → first trivial cell), then newcode.py
# (warm trivial cells whose code differs each run, so that no build can be
# reused), and prints the medians and each kernel's ratio to the first
# kernel's. RUNS (default 5) and COLD (default 3) set the repetitions.
# Timings on a shared machine are noisy: compare the ratios of one run.
set -euo pipefail

: "${JK:?set JK to a writable copy of the shared Jupyter bench harness}"
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for k in "$@"; do
	profile=$JK/profiles/$k.json
	[ -f "$profile" ] || profile=$JK/profiles/nnbook.json
	# The cases compared: matmul and interrupt are measured elsewhere.
	/usr/bin/python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))
for case in ("matmul", "interrupt"):
    p.get("cases", {}).pop(case, None)
json.dump(p, open(sys.argv[2], "w"))' "$profile" "$out/profile-$k.json"
	(cd "$JK" && /usr/bin/python3 latency.py --kernel "$k" --cells "$out/profile-$k.json" \
		--runs "${RUNS:-5}" --cold-runs "${COLD:-3}" --budget 600 --out "$out/latency-$k.json" >"$out/latency-$k.log" 2>&1) ||
		{ cat "$out/latency-$k.log" >&2; exit 1; }
done
JK=$JK /usr/bin/python3 "$here/newcode.py" "$out" "$@"
/usr/bin/python3 "$here/ratios.py" "$out" "$@"
