package gpu_test

import (
	"errors"
	"fmt"
	"os"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/gpu"
)

// Install the implementation under gonum: from then on mat.Dense.Mul (and
// everything built on it) multiplies large matrices on the GPU when there
// is one. This small product stays on the CPU either way.
func Example() {
	impl, err := gpu.New()
	if err != nil && !errors.Is(err, gpu.ErrNoDevice) {
		// CUDA is there but failed to start: worth telling.
		fmt.Fprintln(os.Stderr, err)
	}
	blas64.Use(impl) // impl computes on the CPU when err != nil

	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	var c mat.Dense
	c.Mul(a, b)
	fmt.Printf("%v\n", mat.Formatted(&c))
	// Output:
	// ⎡ 58   64⎤
	// ⎣139  154⎦
}

// MatMul always multiplies on the device and reports failure instead of
// falling back, so a notebook can show where the product ran.
func ExampleImplementation_MatMul() {
	impl, err := gpu.New()
	if err != nil {
		fmt.Fprintln(os.Stderr, "products run on the CPU:", err)
	}
	defer impl.Close()

	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(2, 2, []float64{5, 6, 7, 8})
	var c mat.Dense
	if err := impl.MatMul(&c, a, b); err != nil {
		// No device: the same product on the CPU.
		c.Mul(a, b)
	}
	fmt.Printf("%v\n", mat.Formatted(&c))
	// Output:
	// ⎡19  22⎤
	// ⎣43  50⎦
}

// Info describes the device; it depends on the machine, so this example
// has no fixed output.
func ExampleImplementation_Info() {
	impl, err := gpu.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer impl.Close()
	info, err := impl.Info()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info)
}
