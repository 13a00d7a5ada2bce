package cell_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/cell"
)

var _ kernel.Executor = (*cell.Session)(nil)

// recorder is an Output that records what a cell produced.
type recorder struct {
	// mu guards the fields below.
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	chunks   int
	displays []cell.Display
	// onStream, when set, is called with the stdout text so far.
	onStream func(stdout string)
}

func (r *recorder) Stream(name string, p []byte) {
	r.mu.Lock()
	r.chunks++
	if name == "stdout" {
		r.stdout.Write(p)
	} else {
		r.stderr.Write(p)
	}
	f, so := r.onStream, r.stdout.String()
	r.mu.Unlock()
	if f != nil {
		f(so)
	}
}

func (r *recorder) Display(d cell.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
}

func (r *recorder) Stdout() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String()
}

func (r *recorder) Stderr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// newSession returns a session on the project tree, closed at the end of the test.
func newSession(t testing.TB) *cell.Session {
	t.Helper()
	s, err := cell.NewSession(cell.Config{ProjectDir: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// execute runs code as cell n.
func execute(t testing.TB, s *cell.Session, n int, code string) (cell.Result, *recorder) {
	t.Helper()
	rec := &recorder{}
	res := s.Execute(context.Background(), cell.Request{MsgID: "m", Code: code, ExecutionCount: n}, rec)
	return res, rec
}
