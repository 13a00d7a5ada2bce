//go:build !cgo

package dl

const cgoEnabled = false

// Open returns ErrNoCgo: without cgo there is no dlopen.
func Open(path string) (*Library, error) { return nil, ErrNoCgo }

// Symbol returns ErrNoCgo: without cgo there is no dlsym.
func (l *Library) Symbol(name string) (uintptr, error) { return 0, ErrNoCgo }
