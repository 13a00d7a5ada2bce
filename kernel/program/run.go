package program

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nnbook/nnbook/kernel/childproc"
	"github.com/nnbook/nnbook/kernel/contract"
)

// interruptGrace is how long an interrupted program has between SIGINT
// and SIGKILL.
const interruptGrace = 2 * time.Second

// stderrTail is how many bytes of stderr an exit error shows.
const stderrTail = 4 << 10

// run executes the built program, streaming its output to out. Cancelling
// ctx sends SIGINT to the program's process group and SIGKILL after
// interruptGrace.
func (s *Session) run(ctx context.Context, req contract.Request, bin string, args []string, pos posMap, out contract.Sink) *contract.Error {
	report, err := os.Create(s.reportPath)
	if err != nil {
		return &contract.Error{Name: "RunError", Value: fmt.Sprintf("cell: create report file: %v", err)}
	}
	defer report.Close()

	tail := &tailBuffer{max: stderrTail}
	pipes, err := s.startDisplay(ctx, req, out, tail)
	if err != nil {
		return &contract.Error{Name: "RunError", Value: err.Error()}
	}
	closePipes := func() {
		if err := pipes.Close(); err != nil {
			s.log.Warn("cell display pipes", "err", err)
		}
	}
	defer closePipes()

	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(s.runEnv[:len(s.runEnv):len(s.runEnv)], pipes.Env()...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pipes.Stdin(), pipes.Stdout(), pipes.Stderr()
	cmd.SysProcAttr = childproc.Attr() // own group; dies with the kernel
	cmd.ExtraFiles = []*os.File{report}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = interruptGrace
	if err := cmd.Start(); err != nil {
		return &contract.Error{Name: "RunError", Value: fmt.Sprintf("cell: start program: %v", err)}
	}
	pid := cmd.Process.Pid
	pipes.Started(pid)
	err = cmd.Wait()
	// Whatever the program left behind in its group goes too.
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	// The program's last output and displays come before its result.
	closePipes()

	if ctx.Err() != nil {
		return interrupted("the cell was interrupted")
	}
	rep, rerr := os.ReadFile(s.reportPath)
	if rerr == nil && len(rep) > 0 {
		return panicError(string(rep), s.dir, pos)
	}
	if err == nil || errors.Is(err, exec.ErrWaitDelay) {
		// ErrWaitDelay: the program exited successfully, but something it
		// started kept its output open; the group kill above ended it.
		return nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return &contract.Error{Name: "RunError", Value: err.Error()}
	}
	e := &contract.Error{Name: "ExitError", Value: exit.String()}
	if t := strings.TrimRight(tail.String(), "\n"); t != "" {
		e.Traceback = strings.Split(t, "\n")
	}
	e.Traceback = append(e.Traceback, contract.Highlight("ExitError")+": "+exit.String())
	return e
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	// mu guards b.
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
