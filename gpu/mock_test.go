//go:build cgo

package gpu

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/internal/dl"
	"github.com/nnbook/nnbook/internal/dl/dltest"
)

// The tests in this file load testdata/mockcuda.c, a CPU stand-in for the
// CUDA runtime and cuBLAS with cuBLAS's column-major semantics and argument
// checks, through the real loader and C calls. They check the dlopen and
// dlsym plumbing, the row-major to column-major mapping, the packing of
// leading dimensions and the handling of failing calls on every machine
// with a C compiler.

// buildMock compiles src into dir/name with the C compiler.
func buildMock(t *testing.T, dir, name, src string, flags ...string) {
	t.Helper()
	cc := strings.Fields(os.Getenv("CC"))
	if len(cc) == 0 {
		cc = []string{"cc"}
	}
	if _, err := exec.LookPath(cc[0]); err != nil {
		t.Skipf("no C compiler to build the mock CUDA library: %v", err)
	}
	args := append(cc[1:], "-shared", "-fPIC", "-o", filepath.Join(dir, name))
	args = append(append(args, flags...), src)
	if out, err := exec.Command(cc[0], args...).CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", name, err, out)
	}
}

// mockSearch builds the mock as libcudart.so.13, links libcublas.so.13 to
// it, and returns a search of that folder alone.
func mockSearch(t *testing.T) dl.Search {
	t.Helper()
	dir := t.TempDir()
	mockVersion(t, dir, "13")
	return dl.Search{Dirs: []string{dir}}
}

// mockVersion builds the mock in dir as libcudart.so.major, with
// libcublas.so.major linked to it, compiled with the extra C flags.
func mockVersion(t *testing.T, dir, major string, flags ...string) {
	t.Helper()
	src, err := filepath.Abs(filepath.Join("testdata", "mockcuda.c"))
	if err != nil {
		t.Fatal(err)
	}
	buildMock(t, dir, "libcudart.so."+major, src, flags...)
	if err := os.Symlink("libcudart.so."+major, filepath.Join(dir, "libcublas.so."+major)); err != nil {
		t.Fatal(err)
	}
}

// mockImplementation returns an Implementation on the mock device that
// sends every product to it.
func mockImplementation(t *testing.T) *Implementation {
	t.Helper()
	dev, err := openDevice(mockSearch(t))
	if err != nil {
		t.Fatalf("openDevice on the mock: %v", err)
	}
	impl := &Implementation{dev: dev}
	t.Cleanup(func() {
		if err := impl.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return impl
}

// TestOpenDeviceNoLibrary checks that a search that finds only fake
// libraries ends in an error that says so.
func TestOpenDeviceNoLibrary(t *testing.T) {
	dir := t.TempDir()
	dltest.Touch(t, dir, "libcudart.so.13", "libcudart.so")
	_, err := openDevice(dl.Search{Dirs: []string{dir}})
	var le *LibraryError
	if !errors.As(err, &le) || !errors.Is(err, ErrNoDevice) {
		t.Fatalf("openDevice = %v, want a *LibraryError matching ErrNoDevice", err)
	}
	if le.Library != "libcudart" || len(le.Failed) != 2 || !slices.Equal(le.Searched, []string{dir}) || le.LoaderPath {
		t.Errorf("LibraryError = %+v, want libcudart with 2 failed files in %s only", le, dir)
	}
}

func TestMockConformance(t *testing.T) {
	impl := mockImplementation(t)
	testblas.TestDgemm(t, impl)
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil: a product fell back to the CPU", err)
	}
}

// relErr returns max|got−want| / max|want| over the m×n matrices stored
// with leading dimension ld, and whether the elements outside them match
// exactly.
func relErr(got, want []float64, m, n, ld int) (rel float64, padOK bool) {
	var diff, size float64
	padOK = true
	for i := range got {
		if i/ld < m && i%ld < n {
			diff = math.Max(diff, math.Abs(got[i]-want[i]))
			size = math.Max(size, math.Abs(want[i]))
		} else if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			padOK = false
		}
	}
	if size == 0 {
		return diff, padOK
	}
	return diff / size, padOK
}

// dgemmCases returns products covering every transpose pair, padded
// leading dimensions, the special values of alpha and beta, and sizes of
// one; NaN in C must be ignored when beta is 0.
func dgemmCases(rnd *rand.Rand, sizes []int) []dgemmCase {
	var cases []dgemmCase
	ts := []blas.Transpose{blas.NoTrans, blas.Trans, blas.ConjTrans}
	for i, n := range sizes {
		for _, tA := range ts {
			for _, tB := range ts {
				m, k := n+i%3, max(1, n-1)
				ab := [][2]float64{{1, 0}, {-0.5, 1}, {2, 0.25}}[(i+int(tA)+int(tB))%3]
				tc := newDgemmCase(rnd, tA, tB, m, n, k, (i+int(tA))%3, ab[0], ab[1])
				if tc.beta == 0 {
					for j := range tc.c {
						tc.c[j] = math.NaN()
					}
				}
				cases = append(cases, tc)
			}
		}
	}
	return cases
}

func TestMockMatchesCPU(t *testing.T) {
	const tol = 1e-12 // relative to the largest element of C
	impl := mockImplementation(t)
	rnd := rand.New(rand.NewPCG(4, 4))
	for i, tc := range dgemmCases(rnd, []int{1, 2, 5, 17, 40}) {
		got, want := tc.run(impl), tc.run(gonum.Implementation{})
		if rel, padOK := relErr(got, want, tc.m, tc.n, tc.ldc); rel > tol || !padOK {
			t.Errorf("case %d (%c%c m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v): relative error %.3g, padding intact %t",
				i, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.lda, tc.ldb, tc.ldc, tc.alpha, tc.beta, rel, padOK)
		}
	}
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil: a product fell back to the CPU", err)
	}
}

func TestMockMatMul(t *testing.T) {
	impl := mockImplementation(t)
	rnd := rand.New(rand.NewPCG(5, 5))
	a := mat.NewDense(7, 5, nil)
	b := mat.NewDense(5, 3, nil)
	for _, x := range []*mat.Dense{a, b} {
		r, c := x.Dims()
		for i := range r {
			for j := range c {
				x.Set(i, j, rnd.NormFloat64())
			}
		}
	}
	var got, want mat.Dense
	if err := impl.MatMul(&got, a, b); err != nil {
		t.Fatalf("MatMul: %v", err)
	}
	want.Mul(a, b)
	if !mat.EqualApprox(&got, &want, 1e-12) {
		t.Errorf("MatMul = %v, want %v", mat.Formatted(&got), mat.Formatted(&want))
	}
}

func TestMockInfo(t *testing.T) {
	impl := mockImplementation(t)
	in, err := impl.Info()
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	// The mock's values: see testdata/mockcuda.c.
	want := "Mock CUDA device, 4.0 GiB (3.0 GiB free); CUDA driver 13.2, runtime 13.1, cuBLAS 13.1.2"
	if got := in.String(); got != want {
		t.Errorf("Info().String() = %q, want %q", got, want)
	}
	if filepath.Base(in.RuntimeLibrary) != "libcudart.so.13" || filepath.Base(in.CUBLASLibrary) != "libcublas.so.13" {
		t.Errorf("libraries = %s, %s; want the mock's libcudart.so.13 and libcublas.so.13", in.RuntimeLibrary, in.CUBLASLibrary)
	}
}

func TestMockFailures(t *testing.T) {
	const tol = 1e-12
	for _, test := range []struct {
		env, value string
		pad        int // padding of each row: 0 copies flat, 1 row by row
		want       *Error
		deviceKept bool // whether the device stays in use
	}{
		{"NNBOOK_MOCKCUDA_FAIL", "cublasDgemm_v2=13", 1, &Error{"cublasDgemm_v2", 13}, false},
		{"NNBOOK_MOCKCUDA_FAIL", "cudaMemcpy2DAsync/1=1", 1, &Error{"cudaMemcpy2DAsync", 1}, false},
		{"NNBOOK_MOCKCUDA_FAIL", "cudaMemcpy2DAsync/2=719", 1, &Error{"cudaMemcpy2DAsync", 719}, false},
		{"NNBOOK_MOCKCUDA_FAIL", "cudaMemcpyAsync/1=1", 0, &Error{"cudaMemcpyAsync", 1}, false},
		{"NNBOOK_MOCKCUDA_FAIL", "cudaMemcpyAsync/2=719", 0, &Error{"cudaMemcpyAsync", 719}, false},
		{"NNBOOK_MOCKCUDA_FAIL", "cudaStreamSynchronize=700", 1, &Error{"cudaStreamSynchronize", 700}, false},
		{"NNBOOK_MOCKCUDA_MEMORY", "1000", 1, &Error{"cudaMalloc", 2}, true},
	} {
		t.Run(test.value, func(t *testing.T) {
			impl := mockImplementation(t)
			t.Setenv(test.env, test.value)
			rnd := rand.New(rand.NewPCG(6, 6))
			for _, beta := range []float64{0, 0.5} {
				// 12·12·8 bytes = 1152 bytes per matrix: over the memory limit.
				tc := newDgemmCase(rnd, blas.Trans, blas.NoTrans, 12, 12, 12, test.pad, 2, beta)
				got, want := tc.run(impl), tc.run(gonum.Implementation{})
				if rel, padOK := relErr(got, want, tc.m, tc.n, tc.ldc); rel > tol || !padOK {
					t.Errorf("beta=%v: relative error %.3g, padding intact %t", beta, rel, padOK)
				}
			}
			var got *Error
			if err := impl.Err(); !errors.As(err, &got) || *got != *test.want {
				t.Errorf("Err() = %v, want %v", err, test.want)
			}
			impl.mu.Lock()
			kept := impl.dev != nil
			impl.mu.Unlock()
			if kept != test.deviceKept {
				t.Errorf("device kept %t, want %t", kept, test.deviceKept)
			}
		})
	}
}

func TestMockOutOfMemoryKeepsSmallProducts(t *testing.T) {
	impl := mockImplementation(t)
	t.Setenv("NNBOOK_MOCKCUDA_MEMORY", "1000") // 125 float64 values
	rnd := rand.New(rand.NewPCG(7, 7))
	big := newDgemmCase(rnd, blas.NoTrans, blas.NoTrans, 12, 12, 12, 0, 1, 0)
	big.run(impl)
	if !errors.Is(impl.Err(), ErrOutOfMemory) {
		t.Fatalf("Err() = %v, want ErrOutOfMemory", impl.Err())
	}
	// Make the next failure visible: a product that reaches the device
	// now fails with an execution error.
	t.Setenv("NNBOOK_MOCKCUDA_FAIL", "cublasDgemm_v2=13")
	big.run(impl)
	if errors.As(impl.Err(), new(*Error)) && !errors.Is(impl.Err(), ErrOutOfMemory) {
		t.Errorf("a product as large as the one that ran out of memory reached the device: Err() = %v", impl.Err())
	}
	small := newDgemmCase(rnd, blas.NoTrans, blas.NoTrans, 4, 4, 4, 0, 1, 0)
	small.run(impl)
	if e := new(*Error); !errors.As(impl.Err(), e) || (*e).Op != "cublasDgemm_v2" {
		t.Errorf("a smaller product did not reach the device: Err() = %v", impl.Err())
	}
}

func TestMockOpenFailures(t *testing.T) {
	for _, test := range []struct {
		env, value string
		check      func(error) bool
		want       string
	}{
		{"NNBOOK_MOCKCUDA_DEVICES", "0", func(err error) bool { return errors.Is(err, ErrNoDevice) },
			"gpu: no CUDA device: the driver reports no devices"},
		{"NNBOOK_MOCKCUDA_FAIL", "cudaGetDeviceCount=100", func(err error) bool { return errors.Is(err, ErrNoDevice) },
			"gpu: cudaGetDeviceCount: cudaErrorNoDevice (100): no usable CUDA device or driver"},
		{"NNBOOK_MOCKCUDA_FAIL", "cublasCreate_v2=1", func(err error) bool { return errors.As(err, new(*Error)) },
			"gpu: cublasCreate_v2: CUBLAS_STATUS_NOT_INITIALIZED (1)"},
	} {
		t.Run(test.value, func(t *testing.T) {
			s := mockSearch(t)
			t.Setenv(test.env, test.value)
			_, err := openDevice(s)
			if err == nil || !test.check(err) || err.Error() != test.want {
				t.Errorf("%s=%s: openDevice error %v, want %q", test.env, test.value, err, test.want)
			}
		})
	}
}

func TestMockMissingSymbol(t *testing.T) {
	s := mockSearch(t)
	dir := s.Dirs[0]
	empty := filepath.Join(t.TempDir(), "empty.c")
	if err := os.WriteFile(empty, []byte("int nb_not_cublas;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "libcublas.so.13")); err != nil {
		t.Fatal(err)
	}
	buildMock(t, dir, "libcublas.so.13", empty)
	_, err := openDevice(s)
	want := "gpu: no CUDA device: " + filepath.Join(dir, "libcublas.so.13") + " lacks cublasCreate_v2"
	if !errors.Is(err, ErrNoDevice) || err.Error() != want {
		t.Errorf("openDevice = %v, want %q", err, want)
	}
}

// TestMockConcurrent runs products from several goroutines at once: the
// device's buffers are shared, so products must take turns (run with -race).
func TestMockConcurrent(t *testing.T) {
	const tol = 1e-12
	impl := mockImplementation(t)
	const workers, each = 4, 8
	errs := make(chan string, workers*each)
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			rnd := rand.New(rand.NewPCG(uint64(w), 10))
			for i := range each {
				n := 8 + 4*w + i // sizes differ, so the buffers grow under contention
				tc := newDgemmCase(rnd, blas.NoTrans, blas.NoTrans, n, n, n, w%2, 1, 0.5)
				got, want := tc.run(impl), tc.run(gonum.Implementation{})
				if rel, padOK := relErr(got, want, tc.m, tc.n, tc.ldc); rel > tol || !padOK {
					errs <- fmt.Sprintf("worker %d, n=%d: relative error %.3g, padding intact %t", w, n, rel, padOK)
				}
			}
		}()
	}
	for range workers {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil", err)
	}
}

// TestMockFlatCopies sets the device's pitch limit below the size of each
// matrix but above the length of a row: contiguous operands must be copied
// flat, not as one row whose pitch is the whole matrix (which, on a real
// device, fails from n = 16384 on), and padded ones row by row.
func TestMockFlatCopies(t *testing.T) {
	const tol = 1e-12
	impl := mockImplementation(t)
	t.Setenv("NNBOOK_MOCKCUDA_MAX_PITCH", "1024") // 128 float64 values; each matrix holds 400
	rnd := rand.New(rand.NewPCG(9, 9))
	for _, pad := range []int{0, 3} {
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				tc := newDgemmCase(rnd, tA, tB, 20, 20, 20, pad, 1.5, 0.5)
				got, want := tc.run(impl), tc.run(gonum.Implementation{})
				if rel, padOK := relErr(got, want, tc.m, tc.n, tc.ldc); rel > tol || !padOK {
					t.Errorf("%c%c pad=%d: relative error %.3g, padding intact %t", tA, tB, pad, rel, padOK)
				}
			}
		}
	}
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil: a copy exceeded the pitch limit", err)
	}
}

// TestMockRuntimeTooNew installs a CUDA 13 runtime that the driver is too
// old for beside a CUDA 12 one: the search must pass over the first and
// take the second, with the cuBLAS of the same release.
func TestMockRuntimeTooNew(t *testing.T) {
	dir := t.TempDir()
	mockVersion(t, dir, "13", "-DMOCK_DRIVER_TOO_OLD")
	mockVersion(t, dir, "12")
	dev, err := openDevice(dl.Search{Dirs: []string{dir}})
	if err != nil {
		t.Fatalf("openDevice: %v, want the CUDA 12 runtime", err)
	}
	defer dev.close()
	if want := filepath.Join(dir, "libcudart.so.12"); dev.cudart != want {
		t.Errorf("runtime %s, want %s", dev.cudart, want)
	}
	if want := filepath.Join(dir, "libcublas.so.12"); dev.cublas != want {
		t.Errorf("cuBLAS %s, want %s", dev.cublas, want)
	}

	// With no older runtime, the error names the one refused and why.
	dir = t.TempDir()
	mockVersion(t, dir, "13", "-DMOCK_DRIVER_TOO_OLD")
	_, err = openDevice(dl.Search{Dirs: []string{dir}})
	var le *LibraryError
	if !errors.As(err, &le) || !errors.Is(err, ErrNoDevice) {
		t.Fatalf("openDevice = %v, want a *LibraryError matching ErrNoDevice", err)
	}
	want := filepath.Join(dir, "libcudart.so.13") + ": gpu: cudaGetDeviceCount: cudaErrorInsufficientDriver (35)"
	if len(le.Failed) != 1 || !strings.HasPrefix(le.Failed[0], want) {
		t.Errorf("Failed = %q, want one entry starting %q", le.Failed, want)
	}
}
