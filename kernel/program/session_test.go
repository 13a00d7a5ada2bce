package cell_test

import (
	"context"
	"testing"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

var _ contract.Executor = (*cell.Session)(nil)

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
func execute(t testing.TB, s *cell.Session, n int, code string) (contract.Result, *contracttest.Recorder) {
	t.Helper()
	rec := &contracttest.Recorder{}
	res := s.Execute(context.Background(), contract.Request{MsgID: "m", Code: code, ExecutionCount: n}, rec)
	return res, rec
}
