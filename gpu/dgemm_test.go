package gpu_test

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"

	"github.com/nnbook/nnbook/gpu"
)

// TestDgemmCPU runs gonum's conformance test on the CPU path: the zero
// Implementation, through the small-product route and, with Threshold 0,
// through the device route that finds no device.
func TestDgemmCPU(t *testing.T) {
	for _, threshold := range []int{gpu.DefaultThreshold, 0} {
		t.Run(fmt.Sprintf("threshold=%d", threshold), func(t *testing.T) {
			impl := &gpu.Implementation{Threshold: threshold}
			testblas.TestDgemm(t, impl)
			if err := impl.Err(); err != nil {
				t.Errorf("Err() = %v, want nil", err)
			}
		})
	}
}

// TestDgemmPanics checks that misuse panics with gonum's own messages, on
// every route: the CPU's, the device's (Threshold 0) and, where present,
// a real device's.
func TestDgemmPanics(t *testing.T) {
	impls := map[string]blas.Float64{
		"cpu":         &gpu.Implementation{Threshold: gpu.DefaultThreshold},
		"device-path": &gpu.Implementation{Threshold: 0},
	}
	if dev, err := gpu.New(); err == nil {
		dev.Threshold = 0
		impls["cuda"] = dev
		defer dev.Close()
	}
	const N, T = blas.NoTrans, blas.Trans
	buf := func(n int) []float64 { return make([]float64, n) }
	for _, test := range []struct {
		name          string
		tA, tB        blas.Transpose
		m, n, k       int
		alpha, beta   float64
		a, b, c       []float64
		lda, ldb, ldc int
	}{
		{"bad tA", 'X', N, 2, 2, 2, 1, 0, buf(4), buf(4), buf(4), 2, 2, 2},
		{"bad tB", N, 0, 2, 2, 2, 1, 0, buf(4), buf(4), buf(4), 2, 2, 2},
		{"m < 0", N, N, -1, 2, 2, 1, 0, buf(4), buf(4), buf(4), 2, 2, 2},
		{"n < 0", N, N, 2, -1, 2, 1, 0, buf(4), buf(4), buf(4), 2, 2, 2},
		{"k < 0", N, N, 2, 2, -1, 1, 0, buf(4), buf(4), buf(4), 2, 2, 2},
		{"lda < k", N, N, 2, 2, 3, 1, 0, buf(6), buf(6), buf(4), 2, 2, 2},
		{"lda < m, A transposed", T, N, 3, 2, 2, 1, 0, buf(6), buf(4), buf(6), 2, 2, 2},
		{"ldb < n", N, N, 2, 3, 2, 1, 0, buf(4), buf(6), buf(6), 2, 2, 3},
		{"ldb < k, B transposed", N, T, 2, 2, 3, 1, 0, buf(6), buf(6), buf(4), 3, 2, 2},
		{"ldc < n", N, N, 2, 3, 2, 1, 0, buf(4), buf(6), buf(6), 2, 3, 2},
		{"short a", N, N, 64, 64, 64, 1, 0, buf(64*64 - 1), buf(64 * 64), buf(64 * 64), 64, 64, 64},
		{"short b", N, N, 64, 64, 64, 1, 0, buf(64 * 64), buf(64*64 - 1), buf(64 * 64), 64, 64, 64},
		{"short c", N, N, 64, 64, 64, 1, 0, buf(64 * 64), buf(64 * 64), buf(64*64 - 1), 64, 64, 64},
		{"short a, alpha 0", N, N, 64, 64, 64, 0, 2, buf(10), buf(64 * 64), buf(64 * 64), 64, 64, 64},
		{"short c, k 0", N, N, 64, 64, 0, 1, 2, buf(63), buf(0), buf(10), 1, 64, 64},
	} {
		want := panicValue(func() {
			gonum.Implementation{}.Dgemm(test.tA, test.tB, test.m, test.n, test.k, test.alpha,
				test.a, test.lda, test.b, test.ldb, test.beta, test.c, test.ldc)
		})
		if want == nil {
			t.Fatalf("%s: gonum does not panic; the case is wrong", test.name)
		}
		for name, impl := range impls {
			got := panicValue(func() {
				impl.Dgemm(test.tA, test.tB, test.m, test.n, test.k, test.alpha,
					test.a, test.lda, test.b, test.ldb, test.beta, test.c, test.ldc)
			})
			if got != want {
				t.Errorf("%s on %s: panic %v, want %v", test.name, name, got, want)
			}
		}
	}
}

// panicValue returns what f panics with, or nil.
func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}
