package backend_test

import (
	"fmt"
	"strings"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/gpu/backend"
)

// Pin pure Go, as reproducible notebooks do, and check which BLAS runs.
func ExampleUse() {
	defer blas64.Use(blas64.Implementation())
	b, err := backend.Use(backend.Go)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(b)
	fmt.Println(backend.Current().Name)

	// Every product gonum computes now runs in the backend.
	var c mat.Dense
	c.Mul(mat.NewDense(1, 2, []float64{1, 2}), mat.NewDense(2, 1, []float64{3, 4}))
	fmt.Println(c.At(0, 0))
	// Output:
	// go: gonum's pure-Go BLAS, reproducible bit for bit
	// go
	// 11
}

// Take the fastest BLAS available: a CPU library when one loads, else
// pure Go, with the reason in Note.
func ExampleUse_auto() {
	defer blas64.Use(blas64.Implementation())
	b, _ := backend.Use(backend.Auto)
	fmt.Println(b.Name == backend.CPU || b.Name == backend.Go)
	// Output: true
}

// Which backends this machine offers: pure Go always, a CPU library and
// CUDA when they load.
func ExampleChoices() {
	for _, c := range backend.Choices() {
		if c.Name == backend.Go {
			fmt.Println(c.Name, c.Err == nil, c.Detail)
		}
	}
	// Output: go true gonum's pure-Go BLAS, reproducible bit for bit
}

// What the kernel's %blas shows: the BLAS in use first.
func ExampleReport() {
	defer blas64.Use(blas64.Implementation())
	backend.Use(backend.Go)
	first, _, _ := strings.Cut(backend.Report(), "\n")
	fmt.Println(first)
	// Output: BLAS in use: go: gonum's pure-Go BLAS, reproducible bit for bit
}
