package optim_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// BenchmarkStep measures one Step of each optimizer on an n×n parameter.
func BenchmarkStep(b *testing.B) {
	for _, n := range []int{64, 512} {
		rnd := rand.New(rand.NewPCG(1, 1))
		value, grad := make([]float64, n*n), make([]float64, n*n)
		for i := range value {
			value[i], grad[i] = rnd.NormFloat64(), rnd.NormFloat64()
		}
		for _, opt := range all() {
			name := fmt.Sprintf("%T", opt)[len("*optim."):]
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				p := &nnkit.Param{Name: "w", Value: mat.NewDense(n, n, append([]float64(nil), value...)), Grad: mat.NewDense(n, n, grad)}
				params := []*nnkit.Param{p}
				for b.Loop() {
					opt.Step(params)
				}
			})
		}
	}
}
