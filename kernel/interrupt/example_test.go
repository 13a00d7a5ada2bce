package interrupt_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"

	"github.com/nnbook/nnbook/kernel/interrupt"
)

// A cell passes its context to code that takes one: the interrupt cancels
// it, and the call returns early. Here the interrupt comes from the cell
// itself, where the kernel would send SIGINT.
func ExampleContext() {
	interrupt.Begin() // what the kernel does when a cell starts
	defer interrupt.End()

	ctx := interrupt.Context()
	interrupt.Interrupt() // the user pressed the stop button
	err := exec.CommandContext(ctx, "sleep", "60").Run()
	fmt.Println(err != nil, errors.Is(context.Cause(ctx), interrupt.ErrInterrupted))
	// Output: true true
}
