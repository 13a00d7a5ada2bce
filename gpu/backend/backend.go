package backend

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/nnbook/nnbook/gpu"
	"github.com/nnbook/nnbook/gpu/cpublas"
)

// The backends, by the names Use takes.
const (
	Go   = "go"   // gonum's pure-Go BLAS: reproducible bit for bit everywhere
	CPU  = "cpu"  // a CPU BLAS library loaded at run time (package cpublas)
	CUDA = "cuda" // cuBLAS on an NVIDIA GPU for large products, the rest on the CPU library if one loads (package gpu)
	Auto = "auto" // the fastest available: CPU when a library loads, else Go
)

// Names returns the names Use takes, Auto last.
func Names() []string { return []string{Go, CPU, CUDA, Auto} }

// EnvBLAS names the environment variable that gives UseDefault the
// backend: go, cpu, cuda or auto (the default when it is unset or empty).
// NNBOOK_BLAS=go pins pure Go, as the notebook tests do.
const EnvBLAS = "NNBOOK_BLAS"

// Backend is a BLAS installed with blas64.Use.
type Backend struct {
	// Name is Go, CPU or CUDA; "other" for an implementation that was
	// installed with blas64.Use directly.
	Name string
	// Impl is the implementation blas64.Use was given.
	Impl blas.Float64
	// Detail describes it, such as "OpenBLAS 0.3.21 …, 2 threads (/usr/lib/…/libopenblas.so.0)".
	Detail string
	// Note, when not empty, says why Auto or UseDefault did not take a
	// faster backend.
	Note string
}

// String returns "name: detail", followed by the note in parentheses.
func (b *Backend) String() string {
	s := b.Name + ": " + b.Detail
	if b.Note != "" {
		s += " (" + b.Note + ")"
	}
	return s
}

// mu guards current.
var mu sync.Mutex

// current is the Backend Use installed last, nil before the first Use.
var current *Backend

// pureGo is the Go backend.
func pureGo() *Backend {
	return &Backend{Name: Go, Impl: gonum.Implementation{}, Detail: "gonum's pure-Go BLAS, reproducible bit for bit"}
}

// Use installs the backend called name for all of gonum and returns it.
// When that backend cannot be used (no library, no device, a build
// without cgo), Use returns the reason, naming what was searched, and
// leaves the BLAS in use as it was. Auto never fails: it takes the CPU
// library or, with the reason in Note, pure Go.
//
// Switching away from CUDA releases the device's memory.
func Use(name string) (*Backend, error) {
	var b *Backend
	switch name {
	case Go:
		b = pureGo()
	case CPU:
		impl, err := cpublas.New()
		if err != nil {
			return nil, fmt.Errorf("backend: cpu: %w", err)
		}
		b = &Backend{Name: CPU, Impl: impl, Detail: impl.String()}
	case Auto:
		impl, err := cpublas.New()
		if err != nil {
			b = pureGo()
			b.Note = err.Error()
		} else {
			b = &Backend{Name: CPU, Impl: impl, Detail: impl.String()}
		}
	case CUDA:
		impl, err := gpu.New()
		if err != nil {
			return nil, fmt.Errorf("backend: cuda: %w", err)
		}
		info, err := impl.Info()
		if err != nil {
			return nil, errors.Join(fmt.Errorf("backend: cuda: %w", err), impl.Close())
		}
		rest := "pure Go"
		if cpu, err := cpublas.New(); err == nil {
			impl.CPU = cpu // the products too small for the device
			rest = cpu.String()
		}
		b = &Backend{Name: CUDA, Impl: impl, Detail: fmt.Sprintf("%v; products with m·n·k ≥ %d and each side ≥ %d on the device, the rest on %s",
			info, impl.Threshold, impl.MinDim, rest)}
	default:
		return nil, fmt.Errorf("backend: unknown BLAS %q: choose %s, %s, %s or %s", name, Go, CPU, CUDA, Auto)
	}
	install(b)
	return b, nil
}

// install makes b the BLAS of gonum, closing a CUDA backend it replaces.
func install(b *Backend) {
	mu.Lock()
	defer mu.Unlock()
	blas64.Use(b.Impl)
	if current != nil && current.Impl != b.Impl {
		if g, ok := current.Impl.(*gpu.Implementation); ok {
			// Products after Close run on the CPU; the device is gone.
			g.Close()
		}
	}
	current = b
}

// UseDefault installs the backend $NNBOOK_BLAS names (Auto when it is
// unset) and returns it. When that backend cannot be used, it installs
// pure Go instead, says why in the Backend's Note and returns the error
// too, so the caller can show it once.
func UseDefault() (*Backend, error) {
	name := os.Getenv(EnvBLAS)
	if name == "" {
		name = Auto
	}
	b, err := UseOrGo(name)
	if err != nil {
		b.Note = EnvBLAS + "=" + b.Note
		return b, fmt.Errorf("%s=%w", EnvBLAS, err)
	}
	return b, nil
}

// UseOrGo installs the backend called name, as Use does, and returns it.
// When that backend cannot be used, it installs pure Go instead, says why
// in the Backend's Note ("name: reason") and returns the error too. The
// kernel calls it in a fresh worker to keep the backend a session chose
// with %blas.
func UseOrGo(name string) (*Backend, error) {
	b, err := Use(name)
	if err != nil {
		b = pureGo()
		b.Note = fmt.Sprintf("%s: %v", name, err)
		install(b)
		return b, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// Current returns the backend in use: the one Use installed last, pure Go
// before any, or an "other" Backend when blas64.Use was called directly
// since.
func Current() *Backend {
	mu.Lock()
	defer mu.Unlock()
	impl := blas64.Implementation()
	if current != nil && current.Impl == impl {
		return current
	}
	if _, ok := impl.(gonum.Implementation); ok {
		return pureGo()
	}
	return &Backend{Name: "other", Impl: impl, Detail: fmt.Sprintf("%T, installed with blas64.Use", impl)}
}

// SetThreads sets the number of threads the CPU library of the backend in
// use computes with, for the whole process (the library has one thread
// pool), and updates the backend's Detail. It returns an error when the
// backend computes without a CPU library: pure Go runs its products on up
// to GOMAXPROCS goroutines instead.
func SetThreads(n int) error {
	mu.Lock()
	defer mu.Unlock()
	if current == nil || current.Impl != blas64.Implementation() {
		return fmt.Errorf("backend: SetThreads: the BLAS in use (%T) has no CPU library to set", blas64.Implementation())
	}
	cpu, _ := current.Impl.(*cpublas.Implementation)
	if g, ok := current.Impl.(*gpu.Implementation); ok {
		cpu, _ = g.CPU.(*cpublas.Implementation)
	}
	if cpu == nil {
		return fmt.Errorf("backend: SetThreads: %s computes without a CPU library; pure Go uses up to GOMAXPROCS goroutines", current.Name)
	}
	if err := cpu.SetThreads(n); err != nil {
		return err
	}
	if current.Name == CPU {
		current.Detail = cpu.String()
	}
	return nil
}
