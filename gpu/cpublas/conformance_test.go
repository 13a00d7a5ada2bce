package cpublas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
)

// libraryImpl returns an Implementation that sends every call to the library
// ($NNBOOK_BLAS_LIB's or the first found), or skips the test where none
// loads; under CI, where .ci/run installs OpenBLAS, a missing library
// fails the test instead.
func libraryImpl(t *testing.T) *Implementation {
	t.Helper()
	impl, err := New()
	if err != nil {
		if requireLibrary() {
			t.Fatalf("CI is set but no CPU BLAS library loads: %v", err)
		}
		t.Skip(err)
	}
	impl.Thresholds = Thresholds{}
	return impl
}

// TestConformance runs gonum's own conformance tests on every routine the
// library serves.
func TestConformance(t *testing.T) {
	impl := libraryImpl(t)
	t.Log(impl)
	t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, impl) })
	t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
	t.Run("Dger", func(t *testing.T) { testblas.DgerTest(t, impl) })
	t.Run("Dsyrk", func(t *testing.T) { testblas.DsyrkTest(t, impl) })
}

// TestConformancePureGo runs the same tests on the zero Implementation,
// which must stay in pure Go.
func TestConformancePureGo(t *testing.T) {
	impl := &Implementation{}
	t.Run("Dgemm", func(t *testing.T) { testblas.TestDgemm(t, impl) })
	t.Run("Dgemv", func(t *testing.T) { testblas.DgemvTest(t, impl) })
}

// TestConcurrent runs products on the library from several goroutines at
// once and compares each with gonum's.
func TestConcurrent(t *testing.T) {
	impl := libraryImpl(t)
	const workers, each = 4, 6
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 5))
			for i := range each {
				n := 20 + 7*w + i
				a, b := make([]float64, n*n), make([]float64, n*n)
				for j := range a {
					a[j], b[j] = rnd.NormFloat64(), rnd.NormFloat64()
				}
				got, want := make([]float64, n*n), make([]float64, n*n)
				impl.Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, a, n, b, n, 0, got, n)
				gonum.Implementation{}.Dgemm(blas.NoTrans, blas.Trans, n, n, n, 1, a, n, b, n, 0, want, n)
				for j := range got {
					if math.Abs(got[j]-want[j]) > 1e-12*float64(n) {
						errs <- fmt.Errorf("worker %d, n=%d: element %d = %v, want %v", w, n, j, got[j], want[j])
						return
					}
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
