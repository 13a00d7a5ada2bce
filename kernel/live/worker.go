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

	"github.com/nnbook/nnbook/kernel/childproc"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/display"
	"github.com/nnbook/nnbook/kernel/live/worker/protocol"
)

// errWorkerDied is returned when the worker process exits during a cell.
var errWorkerDied = errors.New("live: the worker process exited")

// worker is one running worker process.
type worker struct {
	cmd      *exec.Cmd
	requests io.WriteCloser
	replies  chan protocol.Reply
	exited   chan struct{}
	exitErr  error // set before exited is closed
	streams  [2]*syncWriter
	// pipes carry gonbui's display requests, and the worker's stdin,
	// stdout and stderr, for the worker's whole life.
	pipes *display.Pipes
	// callMu is held from a request until its reply: one at a time.
	callMu sync.Mutex
	// mu guards out and ctx.
	mu  sync.Mutex
	out contract.Sink
	// ctx is the running cell's context, nil between cells: interrupting
	// the cell abandons its pending input request.
	ctx context.Context

	late lateOutput // output while no cell runs (fault.go)
	// loaded counts the plugins the worker loaded.
	loaded int
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
		replies: make(chan protocol.Reply),
		exited:  make(chan struct{}),
	}
	for i, name := range []string{"stdout", "stderr"} {
		w.streams[i] = &syncWriter{name: name, marker: []byte(marker), synced: make(chan struct{}, 1), out: w.output}
	}
	pipes, err := display.Start(context.Background(), display.Config{
		Dir:    dir,
		Scope:  "nnbook-" + id,
		TmpDir: dir,
		Sink:   w,
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
	cmd.SysProcAttr = childproc.Attr() // own group; dies with the kernel
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
			var r protocol.Reply
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
func (w *worker) output() contract.Sink {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.out == nil {
		return &w.late
	}
	return w.out
}

// The worker is the [contract.Sink] of its display pipes for its whole
// life: it passes what the pipes decode to the running cell's sink.
var _ contract.Sink = (*worker)(nil)

// Stream passes the worker's stdout or stderr on, watching for the sync
// marker.
func (w *worker) Stream(name string, p []byte) {
	if name == "stdout" {
		w.streams[0].Write(p)
	} else {
		w.streams[1].Write(p)
	}
}

// Display passes d to the running cell's sink; a display with no cell
// running (a goroutine left behind by an earlier cell) is dropped.
func (w *worker) Display(d contract.Display) {
	if out := w.output(); out != nil {
		out.Display(d)
	}
}

// ClearOutput clears the running cell's output.
func (w *worker) ClearOutput(wait bool) {
	if out := w.output(); out != nil {
		out.ClearOutput(wait)
	}
}

// ReadInput asks the running cell's front end for a line of input. The
// request ends when the pipes close (ctx, the worker exited) or when the
// cell is interrupted.
func (w *worker) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	w.mu.Lock()
	out, cellCtx := w.out, w.ctx
	w.mu.Unlock()
	if out == nil {
		return "", errors.New("live: no running cell accepts input")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(cellCtx, func() { cancel(context.Cause(cellCtx)) })
	defer stop()
	return out.ReadInput(ctx, prompt, password)
}

// run loads and runs the plugin of req, streaming its output to out. Display ids
// the cell uses are scoped to scope (the execute request's msg_id), so
// that a cell run again shows new displays instead of updating an earlier
// run's. Cancelling ctx sends SIGINT to the worker and abandons a pending
// input request; if the cell has not returned after grace, the worker is
// killed and run returns errWorkerDied.
func (w *worker) run(ctx context.Context, scope string, req protocol.Request, out contract.Sink, grace time.Duration) (protocol.Reply, error) {
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
	rep, err := w.call(ctx, req, grace)
	if err == nil && rep.LoadError == "" {
		w.loaded++
	}
	return rep, err
}

// sizes asks the worker for the sizes of the named variables.
func (w *worker) sizes(names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	rep, err := w.call(context.Background(), protocol.Request{Sizes: names}, 0)
	return rep.Sizes, err
}

// errBusy is returned by summary while the worker runs a cell.
var errBusy = errors.New("live: the worker is running a cell")

// summary asks the worker to describe the variable name for inspection.
// It does not wait for a running cell: it returns errBusy then.
func (w *worker) summary(name string) (*protocol.Summary, error) {
	if !w.callMu.TryLock() {
		return nil, errBusy
	}
	defer w.callMu.Unlock()
	rep, err := w.callLocked(context.Background(), protocol.Request{Summarize: name}, 0)
	return rep.Summary, err
}

// call sends one request and waits for its reply; see run.
func (w *worker) call(ctx context.Context, req protocol.Request, grace time.Duration) (protocol.Reply, error) {
	w.callMu.Lock()
	defer w.callMu.Unlock()
	return w.callLocked(ctx, req, grace)
}

// callLocked is call with w.callMu held.
func (w *worker) callLocked(ctx context.Context, req protocol.Request, grace time.Duration) (protocol.Reply, error) {
	data, err := json.Marshal(req)
	if err != nil {
		return protocol.Reply{}, err
	}
	if _, err := w.requests.Write(append(data, '\n')); err != nil {
		return protocol.Reply{}, errWorkerDied
	}
	var timeout, resend <-chan time.Time
	done := ctx.Done()
	for {
		select {
		case r := <-w.replies:
			w.waitSynced()
			return r, nil
		case <-w.exited:
			return protocol.Reply{}, errWorkerDied
		case <-done:
			done = nil
			_ = w.cmd.Process.Signal(os.Interrupt)
			timeout = time.After(grace)
			resend = time.After(min(resendInterrupt, grace/2))
		case <-resend:
			_ = w.cmd.Process.Signal(os.Interrupt)
		case <-timeout:
			w.kill()
			return protocol.Reply{}, errWorkerDied
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
	out    func() contract.Sink
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
