package nnkit

// Shaper is implemented by layers that know the number of columns they
// accept and give. A network uses it to check, when it is built, that every
// layer's output fits the next layer's input, and the training loop to
// check the data before the first step, so a mismatch is reported with the
// layer's index and name instead of deep inside a Forward.
type Shaper interface {
	// InputCols returns the number of input columns the layer accepts, or
	// 0 when it accepts any (activations, Dropout).
	InputCols() int
	// OutputCols returns the number of output columns for an input of in
	// columns; in = 0 means unknown, and then so may the result be.
	OutputCols(in int) int
}
