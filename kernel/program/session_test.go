package program_test

import (
	"context"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/program"
)

var _ contract.Executor = (*program.Session)(nil)

// newSession returns a session on the project tree, closed at the end of the test.
func newSession(t testing.TB) *program.Session {
	t.Helper()
	s, err := program.NewSession(program.Config{ProjectDir: "../.."})
	return contracttest.Keep(t, s, err)
}

// execute runs code as cell n.
func execute(t testing.TB, s *program.Session, n int, code string) (contract.Result, *contracttest.Recorder) {
	t.Helper()
	rec := &contracttest.Recorder{}
	res := s.Execute(context.Background(), contract.Request{MsgID: "m", Code: code, ExecutionCount: n}, rec)
	return res, rec
}
