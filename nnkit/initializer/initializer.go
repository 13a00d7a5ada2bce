package initializer

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Initializer fills a weight matrix in place.
type Initializer interface {
	// Fill overwrites every element of w, drawing any randomness from rng.
	Fill(w *mat.Dense, rng *rand.Rand)
	// String names the initializer and its parameters, e.g. "he-normal".
	String() string
}

// fill sets every element of w to f().
func fill(w *mat.Dense, f func() float64) {
	raw := w.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		for j := range row {
			row[j] = f()
		}
	}
}
