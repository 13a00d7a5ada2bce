// Package contracttest provides a [contract.Sink] that records what a cell
// produced, for the tests of executors and fronts.
package contracttest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
)

// Recorder is a [contract.Sink] that keeps what a cell printed and
// displayed. The zero value is ready to use.
type Recorder struct {
	// OnStream, when set, is called after each chunk with the stdout
	// text so far.
	OnStream func(stdout string)
	// Input answers input requests; nil: none can be answered.
	Input func(ctx context.Context, prompt string, password bool) (string, error)

	// mu guards the fields below.
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	chunks   int
	displays []contract.Display
	clears   []bool
}

var _ contract.Sink = (*Recorder)(nil)

// Stream records p.
func (r *Recorder) Stream(name string, p []byte) {
	r.mu.Lock()
	r.chunks++
	if name == "stdout" {
		r.stdout.Write(p)
	} else {
		r.stderr.Write(p)
	}
	f, so := r.OnStream, r.stdout.String()
	r.mu.Unlock()
	if f != nil {
		f(so)
	}
}

// Display records d.
func (r *Recorder) Display(d contract.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
}

// ClearOutput records the request.
func (r *Recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
}

// ReadInput calls Input.
func (r *Recorder) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	if r.Input == nil {
		return "", errors.New("contracttest: the recorder has no Input")
	}
	return r.Input(ctx, prompt, password)
}

// Stdout returns what the cell wrote to stdout.
func (r *Recorder) Stdout() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String()
}

// Stderr returns what the cell wrote to stderr.
func (r *Recorder) Stderr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// Chunks returns how many stream chunks arrived.
func (r *Recorder) Chunks() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.chunks
}

// Displays returns the displays so far.
func (r *Recorder) Displays() []contract.Display {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]contract.Display(nil), r.displays...)
}

// Clears returns the wait flags of the clear-output requests so far.
func (r *Recorder) Clears() []bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bool(nil), r.clears...)
}

// Keep returns the executor ex that a constructor returned with err,
// failing t on err, and closes ex when the test ends, failing t when
// Close does.
func Keep[E contract.Executor](t testing.TB, ex E, err error) E {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ex.Close(); err != nil {
			t.Error(err)
		}
	})
	return ex
}
