package optim_test

import (
	"fmt"
	"testing"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/nntest"
)

// TestConformance runs nntest's optimizer suite on each of the ten
// optimizers with the learning rates of all.
func TestConformance(t *testing.T) {
	for i, o := range all() {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			nntest.TestOptimizer(t, func() nnkit.Optimizer { return all()[i] })
		})
	}
}
