//go:build !cgo

package cpublas

import (
	"fmt"

	"github.com/nnbook/nnbook/internal/dl"
)

// load reports that this build cannot load a library.
func load(func(string) string, string) (library, error) {
	return nil, fmt.Errorf("%w: %w; every routine runs in pure Go", ErrNoLibrary, dl.ErrNoCgo)
}
