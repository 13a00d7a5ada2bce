//go:build cgo

package gpu

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// benchSizes are the sizes n of the n×n×n products that BenchmarkDgemm
// times. The CPU takes seconds for one product beyond n = 2048, so -short
// skips those CPU sizes; without -short the benchmark runs them once each.
var benchSizes = []int{64, 128, 256, 512, 1024, 2048, 4096, 8192}

// BenchmarkDgemm times C = A·B for square matrices of each size in
// benchSizes and reports GFLOP/s (2n³ floating-point operations per product):
//
//	cpu            gonum's pure-Go Dgemm (the zero Implementation)
//	cuda           Dgemm on the device, with the copies of A and B to the
//	               device and of C back included, as a gonum user sees it
//	cuda-resident  cuBLAS alone, on operands that stay on the device
//
// The cuda benchmarks skip without a device. Compare cpu with cuda to find
// the size where the device starts to pay (see DefaultThreshold), and
// cuda-resident with testdata/torch_matmul.py's float64 torch.matmul.
func BenchmarkDgemm(b *testing.B) {
	cpu := &Implementation{}
	b.Run("cpu", func(b *testing.B) {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
				if testing.Short() && n > 2048 {
					b.Skip("a CPU product beyond n=2048 takes seconds; run without -short")
				}
				benchDgemm(b, cpu, n)
			})
		}
	})

	dev, err := New()
	if err != nil {
		if os.Getenv(EnvRequireDevice) != "" {
			b.Fatalf("%s is set but no CUDA device can be used: %v", EnvRequireDevice, err)
		}
		b.Run("cuda", func(b *testing.B) { b.Skip("no CUDA device: " + err.Error()) })
		return
	}
	defer func() {
		if err := dev.Close(); err != nil {
			b.Error(err)
		}
	}()
	dev.Threshold = 0
	b.Run("cuda", func(b *testing.B) {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchDgemm(b, dev, n) })
		}
	})
	b.Run("cuda-resident", func(b *testing.B) {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchResident(b, dev, n) })
		}
	})
}

// benchOperands returns seeded n×n matrices A, B and C.
func benchOperands(n int) (a, bm, c []float64) {
	rnd := rand.New(rand.NewPCG(uint64(n), 1))
	fill := func() []float64 {
		s := make([]float64, n*n)
		for i := range s {
			s[i] = rnd.Float64()
		}
		return s
	}
	return fill(), fill(), fill()
}

func reportGFLOPS(b *testing.B, n int) {
	flops := 2 * float64(n) * float64(n) * float64(n) * float64(b.N)
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func benchDgemm(b *testing.B, impl *Implementation, n int) {
	a, bm, c := benchOperands(n)
	// One product outside the timing: the first cuBLAS call loads its
	// kernels, and the device's buffers grow to size.
	impl.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bm, n, 0, c, n)
	for b.Loop() {
		impl.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bm, n, 0, c, n)
	}
	if err := impl.Err(); err != nil {
		b.Fatalf("a product fell back to the CPU: %v", err)
	}
	reportGFLOPS(b, n)
}

// benchResident times cuBLAS on operands uploaded once. The products are
// enqueued back to back and the stream is waited for once at the end, as
// a framework's float64 matmul is timed (testdata/torch_matmul.py), so the
// loop counts b.N itself instead of using b.Loop.
func benchResident(b *testing.B, impl *Implementation, n int) {
	impl.mu.Lock()
	defer impl.mu.Unlock()
	d, ok := impl.dev.(*cudaDevice)
	if !ok {
		b.Fatalf("no CUDA device in use: %v", impl.err)
	}
	a, bm, _ := benchOperands(n)
	r, err := d.newResident(n, n, n, a, bm)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := r.free(); err != nil {
			b.Error(err)
		}
	}()
	if err := r.gemm(); err != nil {
		b.Fatal(err)
	}
	if err := r.sync(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if err := r.gemm(); err != nil {
			b.Fatal(err)
		}
	}
	if err := r.sync(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	reportGFLOPS(b, n)
}
