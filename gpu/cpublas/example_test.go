package cpublas_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/gpu/cpublas"
)

// Load the machine's BLAS library (pure Go where there is none) and let
// every gonum product use it.
func ExampleNew() {
	// Without a library, impl computes in pure Go and the error lists
	// where each library was looked for.
	impl, _ := cpublas.New()
	defer blas64.Use(blas64.Implementation())
	blas64.Use(impl)

	var c mat.Dense
	c.Mul(mat.NewDense(2, 2, []float64{1, 2, 3, 4}), mat.NewDense(2, 2, []float64{5, 6, 7, 8}))
	fmt.Println(mat.Formatted(&c))
	// Output:
	// ⎡19  22⎤
	// ⎣43  50⎦
}
