package live

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/nnbook/nnbook/kernel/cell"
	"github.com/nnbook/nnbook/kernel/display"
)

// request and reply mirror the worker's protocol (see worker/main.go).
type request struct {
	Plugin string   `json:",omitempty"`
	Args   []string `json:",omitempty"`
	Sizes  []string `json:",omitempty"`
}

type reply struct {
	Value     map[string]any
	Panic     string
	Stack     string
	LoadError string
	Sizes     []string
}

// errWorkerDied is returned when the worker process exits during a cell.
var errWorkerDied = errors.New("live: the worker process exited")

// worker is one running worker process.
type worker struct {
	cmd      *exec.Cmd
	requests io.WriteCloser
	replies  chan reply
	exited   chan struct{}
	exitErr  error // set before exited is closed
	streams  [2]*syncWriter
	// pipes carry gonbui's display requests, and the worker's stdin,
	// stdout and stderr, for the worker's whole life.
	pipes *display.Pipes
	// mu guards out and ctx.
	mu  sync.Mutex
	out cell.Output
	// ctx is the running cell's context, nil between cells: interrupting
	// the cell abandons its pending input request.
	ctx context.Context
}

// inputReader is implemented by the kernel's Output: it asks the front
// end for a line of input.
type inputReader interface {
	ReadInput(ctx context.Context, prompt string, password bool) (string, error)
}

// outputClearer is implemented by Outputs that can clear the cell's output.
type outputClearer interface {
	ClearOutput(wait bool)
}

// startWorker starts the worker binary bin in dir.
func startWorker(bin, dir string, env []string, log *slog.Logger) (*worker, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("live: sync marker: %w", err)
	}
	id := hex.EncodeToString(b[:])
	marker := "\x1enbsync-" + id + "\x1e"
	w := &worker{
		replies: make(chan reply),
		exited:  make(chan struct{}),
	}
	for i, name := range []string{"stdout", "stderr"} {
		w.streams[i] = &syncWriter{name: name, marker: []byte(marker), synced: make(chan struct{}, 1), out: w.output}
	}
	pipes, err := display.Start(context.Background(), display.Config{
		Dir:         dir,
		Scope:       "nnbook-" + id,
		TmpDir:      dir,
		Display:     w.display,
		ClearOutput: w.clearOutput,
		Input:       w.readInput,
		Stream: func(name string, p []byte) {
			if name == "stdout" {
				w.streams[0].Write(p)
			} else {
				w.streams[1].Write(p)
			}
		},
		Logger: log,
	})
	if err != nil {
		return nil, fmt.Errorf("live: worker display pipes: %w", err)
	}
	w.pipes = pipes
	reqR, reqW, err := os.Pipe()
	if err != nil {
		pipes.Close()
		return nil, fmt.Errorf("live: worker pipe: %w", err)
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		pipes.Close()
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("live: worker pipe: %w", err)
	}
	w.requests = reqW
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(append(env, pipes.Env()...), "NNBOOK_SYNC="+marker)
	cmd.ExtraFiles = []*os.File{reqR, repW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = pipes.Stdin(), pipes.Stdout(), pipes.Stderr()
	err = cmd.Start()
	reqR.Close()
	repW.Close()
	if err != nil {
		pipes.Close()
		reqW.Close()
		repR.Close()
		return nil, fmt.Errorf("live: start worker: %w", err)
	}
	pipes.Started(cmd.Process.Pid)
	w.cmd = cmd
	go func() {
		defer repR.Close()
		dec := json.NewDecoder(repR)
		for {
			var r reply
			if err := dec.Decode(&r); err != nil {
				return
			}
			w.replies <- r
		}
	}()
	go func() {
		err := cmd.Wait()
		if cerr := pipes.Close(); cerr != nil {
			log.Warn("worker display pipes", "err", cerr)
		}
		w.exitErr = err
		close(w.exited)
	}()
	return w, nil
}

// output returns the running cell's output, nil between cells.
func (w *worker) output() cell.Output {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out
}

func (w *worker) display(d display.Data) {
	if out := w.output(); out != nil {
		out.Display(cell.Display(d))
	}
}

func (w *worker) clearOutput(wait bool) {
	if c, ok := w.output().(outputClearer); ok {
		c.ClearOutput(wait)
	}
}

// readInput asks the running cell's front end for a line of input. The
// request ends when the pipes close (ctx, the worker exited) or when the
// cell is interrupted.
func (w *worker) readInput(ctx context.Context, prompt string, password bool) (string, error) {
	w.mu.Lock()
	out, cellCtx := w.out, w.ctx
	w.mu.Unlock()
	r, ok := out.(inputReader)
	if !ok {
		return "", errors.New("live: no running cell accepts input")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(cellCtx, func() { cancel(context.Cause(cellCtx)) })
	defer stop()
	return r.ReadInput(ctx, prompt, password)
}

// run loads and runs the plugin of req, streaming its output to out. Display ids
// the cell uses are scoped to scope (the execute request's msg_id), so
// that a cell run again shows new displays instead of updating an earlier
// run's. Cancelling ctx sends SIGINT to the worker and abandons a pending
// input request; if the cell has not returned after grace, the worker is
// killed and run returns errWorkerDied.
func (w *worker) run(ctx context.Context, scope string, req request, out cell.Output, grace time.Duration) (reply, error) {
	w.pipes.SetScope(scope)
	_ = w.pipes.ReopenStdin(w.cmd.Process.Pid) // an error is logged; input then ends at once
	w.mu.Lock()
	w.out, w.ctx = out, ctx
	w.mu.Unlock()
	defer func() {
		w.mu.Lock()
		w.out, w.ctx = nil, nil
		w.mu.Unlock()
	}()
	return w.call(ctx, req, grace)
}

// sizes asks the worker for the sizes of the named variables.
func (w *worker) sizes(names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	rep, err := w.call(context.Background(), request{Sizes: names}, 0)
	return rep.Sizes, err
}

// call sends one request and waits for its reply; see run.
func (w *worker) call(ctx context.Context, req request, grace time.Duration) (reply, error) {
	data, err := json.Marshal(req)
	if err != nil {
		return reply{}, err
	}
	if _, err := w.requests.Write(append(data, '\n')); err != nil {
		return reply{}, errWorkerDied
	}
	var timeout, resend <-chan time.Time
	done := ctx.Done()
	for {
		select {
		case r := <-w.replies:
			w.waitSynced()
			return r, nil
		case <-w.exited:
			return reply{}, errWorkerDied
		case <-done:
			done = nil
			_ = w.cmd.Process.Signal(os.Interrupt)
			timeout = time.After(grace)
			resend = time.After(min(resendInterrupt, grace/2))
		case <-resend:
			_ = w.cmd.Process.Signal(os.Interrupt)
		case <-timeout:
			w.kill()
			return reply{}, errWorkerDied
		}
	}
}

// waitSynced waits until both streams have passed the worker's marker, so
// that all of a cell's output is published before its reply.
func (w *worker) waitSynced() {
	deadline := time.After(2 * time.Second)
	for _, s := range w.streams {
		select {
		case <-s.synced:
		case <-w.exited:
			return
		case <-deadline:
			return
		}
	}
}

// kill stops the worker and everything it started, and waits for it.
func (w *worker) kill() {
	_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
	<-w.exited
}

// close ends the worker: it exits when its requests end.
func (w *worker) close() {
	w.requests.Close()
	select {
	case <-w.exited:
	case <-time.After(time.Second):
		w.kill()
	}
}

// syncWriter passes one of the worker's streams to the running cell's
// output and signals each time the worker's marker goes by. Bytes that
// may start a marker are held back until the next write decides.
type syncWriter struct {
	name   string
	marker []byte
	synced chan struct{}
	out    func() cell.Output
	// mu guards held.
	mu   sync.Mutex
	held []byte
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	buf := append(s.held, p...)
	s.held = nil
	for {
		i := bytes.Index(buf, s.marker)
		if i < 0 {
			break
		}
		s.emit(buf[:i])
		buf = buf[i+len(s.marker):]
		select {
		case s.synced <- struct{}{}:
		default:
		}
	}
	keep := 0
	for k := min(len(buf), len(s.marker)-1); k > 0; k-- {
		if bytes.HasPrefix(s.marker, buf[len(buf)-k:]) {
			keep = k
			break
		}
	}
	s.emit(buf[:len(buf)-keep])
	s.held = append([]byte(nil), buf[len(buf)-keep:]...)
	return len(p), nil
}

// emit sends b to the running cell's output; output with no cell running
// (a goroutine left behind by an earlier cell) is dropped.
func (s *syncWriter) emit(b []byte) {
	if out := s.out(); len(b) > 0 && out != nil {
		out.Stream(s.name, append([]byte(nil), b...))
	}
}
