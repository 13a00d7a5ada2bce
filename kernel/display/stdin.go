package display

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// stdinPoll is how often the kernel looks whether the program waits
// for input. A read must be seen on two polls in a row, so a prompt
// appears 200–300 ms after the program starts waiting.
const stdinPoll = 100 * time.Millisecond

// readSyscall is the number of the read system call per GOARCH, as
// /proc/PID/task/TID/syscall shows it.
var readSyscall = map[string]string{"amd64": "0", "arm64": "63", "riscv64": "63", "loong64": "63"}

// watchStdin makes a program that reads its stdin without a
// gonbui.RequestInput first (fmt.Scan, bufio.Reader) get an input prompt
// too: it looks every stdinPoll whether a thread of process pid is blocked
// reading file descriptor 0 with no answer waiting, and then asks the
// front end for a line with an empty prompt (or, when no input is
// possible, closes the stdin so the read ends). It needs Linux's
// /proc/PID/task/TID/syscall; elsewhere it does nothing. It stops at Close.
func (p *Pipes) watchStdin(pid int) {
	nr, ok := readSyscall[runtime.GOARCH]
	if !ok {
		return
	}
	go p.watch(pid, nr)
}

func (p *Pipes) watch(pid int, nr string) {
	t := time.NewTicker(stdinPoll)
	defer t.Stop()
	seen := 0 // polls in a row that found the program reading stdin
	var asked uint64
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-t.C:
		}
		reading, err := readingStdin(pid, nr)
		if err != nil {
			p.log.Debug("display: stop watching the program's stdin", "err", err)
			return
		}
		if n := p.asked.Load(); !reading || n != asked {
			seen, asked = 0, n // an answer was written since the last poll
			continue
		}
		if seen++; seen < 2 {
			continue
		}
		seen = 0
		// A blocked read means the pipe is empty. Look again under the
		// lock: an answer may have been written just now.
		if !p.askMu.TryLock() {
			continue // a request is already waiting for its answer
		}
		if reading, err = readingStdin(pid, nr); err == nil && reading && p.asked.Load() == asked {
			p.askLocked(p.ctx, "", false)
		}
		p.askMu.Unlock()
	}
}

// readingStdin reports whether a thread of process pid is in a read of
// file descriptor 0.
func readingStdin(pid int, nr string) (bool, error) {
	dir := filepath.Join("/proc", fmt.Sprint(pid), "task")
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	for _, t := range tasks {
		b, err := os.ReadFile(filepath.Join(dir, t.Name(), "syscall"))
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // the thread exited
			}
			return false, err
		}
		f := strings.Fields(string(b))
		if len(f) >= 2 && f[0] == nr && f[1] == "0x0" {
			return true, nil
		}
	}
	return false, nil
}

// askLocked asks the front end for a line of input and writes it, with a
// newline, to the program's stdin. When no answer comes (the front end
// takes no input, the cell was interrupted) its stdin is closed, so the
// program's read ends with end of file, as Python's input() raises
// EOFError, instead of waiting forever; the read's error is how the cell
// learns it, and the reason goes to the kernel's log, not to the cell's
// stderr, which carries only what the cell wrote. p.askMu must be held.
func (p *Pipes) askLocked(ctx context.Context, prompt string, password bool) {
	answer, err := p.cfg.Sink.ReadInput(ctx, prompt, password)
	if err != nil {
		p.log.Info("display: input request not answered; the program's stdin is closed", "prompt", prompt, "err", err)
		p.closeStdin()
		return
	}
	p.mu.Lock()
	w := p.stdinW
	p.mu.Unlock()
	if w == nil {
		return
	}
	// An answer fits the pipe unless the program leaves earlier ones
	// unread; then Close ends the write.
	if _, err := io.WriteString(w, answer+"\n"); err != nil {
		p.log.Debug("display: write input to the program", "err", err)
	}
	p.asked.Add(1)
}

// closeStdin closes the kernel's end of the program's stdin: a read in the
// program then sees end of file.
func (p *Pipes) closeStdin() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stdinW != nil {
		p.stdinW.Close()
		p.stdinW = nil
	}
}
