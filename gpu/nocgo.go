//go:build !cgo

package gpu

import (
	"fmt"

	"github.com/nnbook/nnbook/internal/dl"
)

// errNoCgo is New's error in a build without cgo: CUDA cannot be loaded,
// so every product runs on the CPU.
var errNoCgo = fmt.Errorf("%w: %w; every product runs on the CPU", ErrNoDevice, dl.ErrNoCgo)

// openDevice reports that this build cannot load CUDA.
func openDevice(dl.Search) (device, error) { return nil, errNoCgo }
