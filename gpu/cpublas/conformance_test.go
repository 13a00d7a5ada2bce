package cpublas

import (
	"testing"

	"gonum.org/v1/gonum/blas/testblas"
)

// library returns an Implementation that sends every call to the library
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
