package nnkit

import "fmt"

// Error is the panic value nnkit uses for programmer misuse, such as a shape
// mismatch or Backward before Forward. Its text starts with the package and
// method and names both shapes involved.
type Error struct{ string }

// Error returns the message.
func (e Error) Error() string { return e.string }

// Panicf panics with an Error built from the format and arguments.
func Panicf(format string, args ...any) {
	panic(Error{fmt.Sprintf(format, args...)})
}

// Maybe calls fn and returns the Error it panics with, if any; other panics
// propagate. It lets code that prefers errors call nnkit without a recover.
func Maybe(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(Error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	fn()
	return nil
}

// DivergenceError reports a loss that became NaN or ±Inf during training.
type DivergenceError struct {
	Epoch int     // epoch, counted from 1
	Step  int     // step within the epoch, counted from 1
	Loss  float64 // the non-finite value
}

func (e *DivergenceError) Error() string {
	return fmt.Sprintf("nnkit: loss became %v at epoch %d step %d; try a smaller learning rate", e.Loss, e.Epoch, e.Step)
}
