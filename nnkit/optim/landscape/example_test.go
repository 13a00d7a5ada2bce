package landscape_test

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit/optim/landscape"
)

// Along x the saddle curves up, along y down: the gradient pulls x towards 0
// and pushes y away from it.
func ExampleSaddle() {
	var s landscape.Saddle
	g := make([]float64, 2)
	for _, x := range [][]float64{{1, 0.5}, {-0.5, 2}} {
		s.Grad(g, x)
		fmt.Printf("f%v = %v, ∇f = %v\n", x, s.Func(x), g)
	}
	// Output:
	// f[1 0.5] = 0.75, ∇f = [2 -1]
	// f[-0.5 2] = -3.75, ∇f = [-1 -4]
}

func ExampleRosenbrock() {
	var r landscape.Rosenbrock
	g := make([]float64, 2)
	for _, x := range [][]float64{{-1.2, 1}, {0, 0}, {1.5, 2}} {
		r.Grad(g, x)
		fmt.Printf("f%v = %.2f, ∇f = (%.1f, %.1f)\n", x, r.Func(x), g[0], g[1])
	}
	// Output:
	// f[-1.2 1] = 24.20, ∇f = (-215.6, -88.0)
	// f[0 0] = 1.00, ∇f = (-2.0, 0.0)
	// f[1.5 2] = 6.50, ∇f = (151.0, -50.0)
}

func ExampleDoubleWell() {
	var d landscape.DoubleWell
	for _, x := range [][]float64{{-1.0575, 0}, {0.1271, 0}, {0.9304, 0}} {
		fmt.Printf("f%v = %.4f\n", x, d.Func(x))
	}
	// Output:
	// f[-1.0575 0] = -0.5148
	// f[0.1271 0] = 1.0315
	// f[0.9304 0] = 0.4833
}
