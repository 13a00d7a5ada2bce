package gpu_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/blas/testblas"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/gpu"
)

// The tests in this file need a CUDA device and skip without one.

// newDevice returns an Implementation on the device that sends every
// product to it, or skips the test.
func newDevice(t *testing.T) *gpu.Implementation {
	t.Helper()
	impl, err := gpu.New()
	if err != nil {
		if os.Getenv(gpu.EnvRequireDevice) != "" {
			t.Fatalf("%s is set but no CUDA device can be used: %v", gpu.EnvRequireDevice, err)
		}
		t.Skip("no CUDA device: " + err.Error())
	}
	impl.Threshold = 0
	t.Cleanup(func() {
		if err := impl.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return impl
}

func TestDeviceConformance(t *testing.T) {
	impl := newDevice(t)
	testblas.TestDgemm(t, impl)
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil: a product fell back to the CPU", err)
	}
}

// TestDeviceMatchesCPU compares the device with gonum's CPU Dgemm for every
// transpose pair, padded leading dimensions, several alpha and beta, and
// sizes up to 2048. The tolerance is relative to the largest element of C:
// the two sum in different orders (and the device with fused multiply-adds).
func TestDeviceMatchesCPU(t *testing.T) {
	const tol = 1e-12
	impl := newDevice(t)
	rnd := rand.New(rand.NewPCG(8, 8))
	ts := []blas.Transpose{blas.NoTrans, blas.Trans}
	for _, size := range []struct{ m, n, k int }{
		{1, 1, 1}, {1, 300, 7}, {300, 1, 7}, {33, 65, 129}, {256, 256, 256}, {1000, 777, 513}, {2048, 2048, 2048},
	} {
		for _, tA := range ts {
			for _, tB := range ts {
				name := fmt.Sprintf("%c%c/m=%d,n=%d,k=%d", tA, tB, size.m, size.n, size.k)
				t.Run(name, func(t *testing.T) {
					alpha, beta := 1.0, 0.0
					if tA == blas.Trans {
						alpha, beta = -0.75, 1.5
					}
					a, lda := randomStored(rnd, tA, size.m, size.k, 3)
					b, ldb := randomStored(rnd, tB, size.k, size.n, 1)
					c, ldc := randomStored(rnd, blas.NoTrans, size.m, size.n, 2)
					got := append([]float64(nil), c...)
					impl.Dgemm(tA, tB, size.m, size.n, size.k, alpha, a, lda, b, ldb, beta, got, ldc)
					gonum.Implementation{}.Dgemm(tA, tB, size.m, size.n, size.k, alpha, a, lda, b, ldb, beta, c, ldc)
					var diff, big float64
					for i := range c {
						diff = math.Max(diff, math.Abs(got[i]-c[i]))
						big = math.Max(big, math.Abs(c[i]))
					}
					if rel := diff / big; rel > tol {
						t.Errorf("relative error %.3g > %g", rel, tol)
					}
				})
			}
		}
	}
	if err := impl.Err(); err != nil {
		t.Errorf("Err() = %v, want nil: a product fell back to the CPU", err)
	}
}

// randomStored returns the stored form of op(X) for an r×c op(X) (c×r
// when transposed), with values in [-1, 1) and pad extra columns.
func randomStored(rnd *rand.Rand, t blas.Transpose, r, c, pad int) ([]float64, int) {
	if t != blas.NoTrans {
		r, c = c, r
	}
	ld := c + pad
	s := make([]float64, r*ld)
	for i := range s {
		s[i] = 2*rnd.Float64() - 1
	}
	return s, ld
}

func TestDeviceMatMul(t *testing.T) {
	impl := newDevice(t)
	rnd := rand.New(rand.NewPCG(9, 9))
	a := mat.NewDense(300, 200, nil)
	b := mat.NewDense(200, 100, nil)
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
		t.Error("MatMul differs from mat.Dense.Mul by more than 1e-12")
	}
}

func TestDeviceInfo(t *testing.T) {
	impl := newDevice(t)
	in, err := impl.Info()
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	t.Log(in)
	if in.Name == "" || in.TotalMemory == 0 || in.FreeMemory > in.TotalMemory {
		t.Errorf("Info() = %+v: want a name and free ≤ total memory", in)
	}
	if in.Runtime.Major < 11 || in.Driver.Major < in.Runtime.Major || in.CUBLAS.Major < 11 {
		t.Errorf("versions: driver %v, runtime %v, cuBLAS %v; want CUDA 11 or later and a driver as new as the runtime",
			in.Driver, in.Runtime, in.CUBLAS)
	}
}
