package cpublas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// BenchmarkCrossover times each routine the library serves in pure Go
// ("go") and in the library ("lib", every call sent to it) for growing
// square sizes n; the size from which lib wins sets DefaultThresholds:
//
//	go test ./gpu/cpublas -run '^$' -bench Crossover -benchtime 2000x
//
// It also times Dgemm for nnkit's MNIST layer shapes (64×784·784×128,
// 64×128·128×64) and reports GFLOP/s.
func BenchmarkCrossover(b *testing.B) {
	lib, err := New()
	if err != nil {
		b.Skip(err)
	}
	lib.Thresholds = Thresholds{}
	impls := []struct {
		name string
		impl blas.Float64
	}{{"go", gonum.Implementation{}}, {"lib", lib}}
	rnd := rand.New(rand.NewPCG(1, 1))
	fill := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = rnd.Float64()
		}
		return s
	}
	for _, n := range []int{2, 4, 8, 16, 32, 64, 128, 256, 512, 1024} {
		a, x, c := fill(n*n), fill(n*n), fill(n*n)
		for _, im := range impls {
			b.Run(fmt.Sprintf("Dgemm/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, x, n, 0, c, n)
				}
				b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
			b.Run(fmt.Sprintf("Dgemv/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dgemv(blas.NoTrans, n, n, 1, a, n, x[:n], 1, 0, c[:n], 1)
				}
			})
			b.Run(fmt.Sprintf("Dger/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dger(n, n, 1e-9, x[:n], 1, x[n:2*n], 1, c, n)
				}
			})
			b.Run(fmt.Sprintf("Dsyrk/n=%d/%s", n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dsyrk(blas.Upper, blas.NoTrans, n, n, 1, a, n, 0, c, n)
				}
			})
		}
	}
	for _, s := range []struct{ m, n, k int }{{64, 128, 784}, {64, 64, 128}, {2048, 2048, 2048}} {
		a, x, c := fill(s.m*s.k), fill(s.k*s.n), fill(s.m*s.n)
		for _, im := range impls {
			b.Run(fmt.Sprintf("Dgemm/%dx%dx%d/%s", s.m, s.k, s.n, im.name), func(b *testing.B) {
				for b.Loop() {
					im.impl.Dgemm(blas.NoTrans, blas.NoTrans, s.m, s.n, s.k, 1, a, s.k, x, s.n, 0, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
