#!/bin/sh
# gpucheck.sh prepares the check of package gpu on a GPU machine that has
# CUDA (driver, runtime and cuBLAS) but no Go toolchain.
#
# On a machine with Go, from anywhere in the repository:
#
#	gpu/gpucheck.sh [DIR]
#
# builds DIR (default /tmp/nnbook-gpucheck) with the test binary gpu.test
# (built for linux/amd64, or $GOARCH), the PyTorch comparison
# torch_matmul.py, the mock CUDA library's source and run.sh; checks with
# ldd that the binary links nothing but the C library (libc, libdl,
# libpthread and the dynamic loader: CUDA is opened at run time); and
# prints the one command to run on the GPU machine once DIR is copied there:
#
#	bash DIR/run.sh
#
# run.sh runs every test of package gpu, the device tests included, then
# BenchmarkDgemm (cpu, cuda and cuda-resident, n = 64 … 8192, GFLOP/s),
# then torch_matmul.py; about two to three minutes on a 16-core H100
# machine, most of it the CPU's n = 8192 product. It writes gpu.log and
# torch.log into $OUT when that is set, else next to itself. Set
# NNBOOK_CUDA_LIB_DIR there if the CUDA libraries are somewhere unusual.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/nnbook-gpucheck}
mkdir -p "$dir/testdata"
dir=$(cd "$dir" && pwd)

(cd "$root" && CGO_ENABLED=1 GOOS=linux GOARCH=${GOARCH:-amd64} go test -c -o "$dir/gpu.test" ./gpu)
cp "$root/gpu/testdata/torch_matmul.py" "$root/gpu/testdata/mockcuda.c" "$dir/testdata/"

# The binary must load on any Linux machine with glibc: only the C library.
if ! command -v ldd >/dev/null; then
	echo "gpucheck: ldd not found; cannot check the binary's libraries" >&2
	exit 1
fi
extra=$(ldd "$dir/gpu.test" | grep -Ev '^[[:space:]]*(linux-vdso\.so|libc\.so|libdl\.so|libpthread\.so|/lib64/ld-linux|/lib/ld-linux)' || true)
if [ -n "$extra" ]; then
	echo "gpucheck: gpu.test links more than the C library:" >&2
	echo "$extra" >&2
	exit 1
fi
echo "gpucheck: gpu.test links only:"
ldd "$dir/gpu.test" | sed 's/^/	/'

cat >"$dir/run.sh" <<'RUN'
#!/bin/bash
# run.sh runs package gpu's tests and benchmarks, then PyTorch's float64
# matmul for comparison. Made by gpu/gpucheck.sh.
set -o pipefail
cd "$(dirname "$0")"
out=${OUT:-.}
nvidia-smi -L
./gpu.test -test.v -test.count=1 -test.timeout=4m -test.run=. \
	-test.bench=Dgemm -test.benchtime=500ms 2>&1 | tee "$out/gpu.log"
status=$?
python3 testdata/torch_matmul.py 2>&1 | tee "$out/torch.log" || status=1
exit $status
RUN
chmod +x "$dir/run.sh"

echo "gpucheck: built $dir"
echo "gpucheck: copy it to the GPU machine, then run:"
echo
echo "	bash $dir/run.sh"
