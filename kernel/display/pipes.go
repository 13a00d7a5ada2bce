package display

import (
	"context"
	"encoding/base64"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/nnbook/nnbook/kernel/contract"
)

// Environment variables of a cell program, as gonbui and its users read them.
const (
	// EnvPipe is the FIFO the program writes display requests to.
	EnvPipe = protocol.GONB_PIPE_ENV
	// EnvPipeBack is the FIFO the program reads replies from.
	EnvPipeBack = protocol.GONB_PIPE_BACK_ENV
	// EnvDir is the directory the cell runs in (its working directory).
	EnvDir = protocol.GONB_DIR_ENV
	// EnvTmpDir is the directory the cell is compiled in.
	EnvTmpDir = protocol.GONB_TMP_DIR_ENV
	// EnvJupyterRoot is the root directory of the Jupyter server, when known.
	EnvJupyterRoot = protocol.GONB_JUPYTER_ROOT_ENV
)

// MIMEClearOutput is the MIME type of a clear-output request, whose value
// is the bool wait; cells send it with show.ClearOutput. (The constant is
// repeated in package show, so that the kernel does not link gonbui.)
const MIMEClearOutput protocol.MIMEType = "nnbook/clear_output"

// drainTimeout bounds how long Close waits for the display requests still
// in the pipe after the program exited. Only a process that inherited the
// program's end of the pipe and outlived it makes Close wait that long.
const drainTimeout = 2 * time.Second

func init() {
	// Generic values that metadata and MIME bundles may carry, registered
	// as gonb's kernel registers them.
	gob.Register(map[string]any{})
	gob.Register([]any{})
}

// Config configures the pipes of one program run.
type Config struct {
	// Dir is an existing private directory (mode 0700) for the FIFOs.
	Dir string
	// Scope prefixes every display id of the program; use a value unique to
	// the execution, such as the execute_request's msg_id. Empty: ids are
	// used as the program sends them.
	Scope string
	// WorkDir is the program's working directory, exported as $GONB_DIR.
	// Empty: the kernel's working directory.
	WorkDir string
	// TmpDir is the directory the program was built in, exported as
	// $GONB_TMP_DIR. Empty: not exported.
	TmpDir string
	// JupyterRoot is exported as $GONB_JUPYTER_ROOT when not empty.
	JupyterRoot string

	// Sink receives the program's streams, displays, clear-output and
	// input requests. Required.
	Sink contract.Sink
	// Logger receives protocol problems. Nil: nothing is logged.
	Logger *slog.Logger
}

// Pipes is the kernel's end of the display protocol for one program run.
// Create it with [Start] before the program starts, give the program
// [Pipes.Env] and [Pipes.Stdin], and call [Pipes.Close] once it has exited.
type Pipes struct {
	cfg            Config
	log            *slog.Logger
	pipe, pipeBack string
	ctx            context.Context // cancelled by Close
	cancel         context.CancelFunc

	reader *os.File // our read end of pipe, non-blocking
	keeper *os.File // a write end of pipe held until Close, so reader sees no EOF before the program opens it
	back   *os.File // pipeBack opened read-write: never blocks, whether or not the program opens it
	enc    *gob.Encoder
	stdinR *os.File // the program's stdin; closed by Started
	// streams are the program's stdout and stderr.
	streams []*stream
	done    chan struct{} // closed when serve returned
	once    sync.Once     // Close runs once
	err     error         // Close's result

	// askMu is held while an input request waits for its answer.
	askMu sync.Mutex
	asked atomic.Uint64 // answers written to the program's stdin
	// mu guards stdinW, scope and seen.
	mu     sync.Mutex
	stdinW *os.File // nil once closed
	scope  string
	seen   map[string]bool
}

// Start creates the FIFOs of one program run in cfg.Dir and starts decoding
// what the program sends. The program may open the FIFOs at any time, or
// never. Cancelling ctx abandons a pending input request.
func Start(ctx context.Context, cfg Config) (p *Pipes, err error) {
	if cfg.Sink == nil {
		return nil, errors.New("display: Start: Config.Sink is required")
	}
	pipe, err := mkfifo(cfg.Dir, "gonb_pipe")
	if err != nil {
		return nil, err
	}
	pipeBack, err := mkfifo(cfg.Dir, "gonb_pipe_back")
	if err != nil {
		os.Remove(pipe)
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	p = &Pipes{
		cfg: cfg, log: cfg.Logger, pipe: pipe, pipeBack: pipeBack, ctx: ctx, cancel: cancel,
		done:  make(chan struct{}),
		scope: cfg.Scope,
		seen:  make(map[string]bool),
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	defer func() {
		if err != nil {
			p.closeFiles()
			cancel()
		}
	}()
	// Opening the read end with O_NONBLOCK returns at once; the keeper
	// then exists before the program's write end, so reads wait for data
	// instead of seeing end of file.
	if p.reader, err = os.OpenFile(pipe, os.O_RDONLY|syscall.O_NONBLOCK, 0); err != nil {
		return nil, fmt.Errorf("display: open %s for reading: %w", pipe, err)
	}
	if p.keeper, err = os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err != nil {
		return nil, fmt.Errorf("display: open %s for writing: %w", pipe, err)
	}
	if p.back, err = os.OpenFile(pipeBack, os.O_RDWR, 0); err != nil {
		return nil, fmt.Errorf("display: open %s: %w", pipeBack, err)
	}
	p.enc = gob.NewEncoder(p.back)
	if p.stdinR, p.stdinW, err = os.Pipe(); err != nil {
		return nil, fmt.Errorf("display: create the program's stdin: %w", err)
	}
	for _, name := range []string{"stdout", "stderr"} {
		s, err := newStream(name, cfg.Sink.Stream)
		if err != nil {
			return nil, err
		}
		p.streams = append(p.streams, s)
	}
	for _, s := range p.streams {
		go s.readLoop()
	}
	go p.serve(ctx)
	return p, nil
}

// mkfifo creates a FIFO with mode 0600 and a fresh name in dir.
func mkfifo(dir, prefix string) (string, error) {
	for i := 0; ; i++ {
		path := filepath.Join(dir, fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), time.Now().UnixNano()+int64(i)))
		err := syscall.Mkfifo(path, 0o600)
		if err == nil {
			return path, nil
		}
		if !errors.Is(err, os.ErrExist) || i >= 100 {
			return "", fmt.Errorf("display: create FIFO in %s: %w", dir, err)
		}
	}
}

// Env returns the GONB_* variables of the program (KEY=value).
func (p *Pipes) Env() []string {
	env := []string{EnvPipe + "=" + p.pipe, EnvPipeBack + "=" + p.pipeBack}
	dir := p.cfg.WorkDir
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if dir != "" {
		env = append(env, EnvDir+"="+dir)
	}
	if p.cfg.TmpDir != "" {
		env = append(env, EnvTmpDir+"="+p.cfg.TmpDir)
	}
	if p.cfg.JupyterRoot != "" {
		env = append(env, EnvJupyterRoot+"="+p.cfg.JupyterRoot)
	}
	return env
}

// SetScope replaces Config.Scope for the display requests that follow and
// forgets which display ids were shown, so the next use of an id is a new
// display_data. A long-lived program that runs many cells (a worker)
// calls it when a cell starts, with that execution's scope.
func (p *Pipes) SetScope(scope string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scope = scope
	clear(p.seen)
}

// Stdin returns the program's standard input (for exec.Cmd.Stdin).
// Answers to input requests arrive on it.
func (p *Pipes) Stdin() *os.File { return p.stdinR }

// Stdout returns the program's standard output (for exec.Cmd.Stdout).
// What the program writes goes to Config.Stream as "stdout", in order with
// its displays.
func (p *Pipes) Stdout() *os.File { return p.streams[0].w }

// Stderr returns the program's standard error (for exec.Cmd.Stderr),
// delivered as "stderr".
func (p *Pipes) Stderr() *os.File { return p.streams[1].w }

// Started closes the kernel's copies of the program's ends of its stdin,
// stdout and stderr, which the program now holds, and starts watching for plain reads of stdin (fmt.Scan), which
// then get an input prompt too. Call it once the program with process id
// pid has started.
func (p *Pipes) Started(pid int) {
	for _, f := range []*os.File{p.stdinR, p.streams[0].w, p.streams[1].w} {
		_ = f.Close() // Close closes them again, reporting no error
	}
	p.watchStdin(pid)
}

// Close delivers the output and display requests the program produced
// before it exited, then closes and removes the FIFOs and pipes. Call it
// after the program has exited (more calls return the first's result); a
// pending input request is abandoned.
func (p *Pipes) Close() error {
	p.once.Do(func() {
		p.cancel()
		// Without the kernel's copies of the program's ends, the readers
		// see end of file once the program (and its children) exited.
		err := errors.Join(ignoreClosed(p.keeper.Close()), ignoreClosed(p.stdinR.Close()),
			ignoreClosed(p.streams[0].w.Close()), ignoreClosed(p.streams[1].w.Close()))
		timeout := time.NewTimer(drainTimeout)
		defer timeout.Stop()
	wait:
		for _, done := range []chan struct{}{p.done, p.streams[0].done, p.streams[1].done} {
			select {
			case <-done:
			case <-timeout.C:
				p.log.Warn("display: a process that outlived the cell program still holds its output or display pipe; closing it")
				break wait
			}
		}
		p.err = errors.Join(err, p.closeFiles())
		<-p.done
	})
	return p.err
}

// closeFiles closes what is open and removes the FIFOs.
func (p *Pipes) closeFiles() error {
	var errs []error
	files := []*os.File{p.reader, p.keeper, p.back, p.stdinR}
	for _, s := range p.streams {
		files = append(files, s.r, s.w)
	}
	for _, f := range files {
		if f != nil {
			errs = append(errs, ignoreClosed(f.Close()))
		}
	}
	p.closeStdin()
	for _, path := range []string{p.pipe, p.pipeBack} {
		if path != "" {
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("display: close pipes: %w", err)
	}
	return nil
}

func ignoreClosed(err error) error {
	if errors.Is(err, os.ErrClosed) {
		return nil
	}
	return err
}

// serve decodes display requests until the program's end of the pipe is
// closed. After a malformed request it discards the rest of the stream, so
// the program never blocks on a full pipe.
func (p *Pipes) serve(ctx context.Context) {
	defer close(p.done)
	dec := gob.NewDecoder(p.reader)
	for {
		var d protocol.DisplayData
		err := dec.Decode(&d)
		if err == nil {
			p.handle(ctx, &d)
			continue
		}
		ended := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, os.ErrClosed)
		if !ended {
			p.malformed(err)
		}
		// gob reports some corrupt input as io.EOF: whatever is left in
		// the pipe tells the end of the stream from garbage.
		if n, _ := io.Copy(io.Discard, p.reader); n > 0 && ended {
			p.malformed(err)
		}
		return
	}
}

// malformed reports a display request that does not decode: the program
// wrote something other than gonbui's protocol to the display pipe, and no
// display of the program's shows from then on. The cell learns it from a
// display of its own, a text/plain notice where the lost displays would
// have been, not from its stderr, which carries only what the cell wrote;
// the kernel's log has it too.
func (p *Pipes) malformed(err error) {
	p.log.Warn("display: bad message from the cell program; ignored the rest", "err", err)
	p.cfg.Sink.Display(contract.Display{Data: map[string]any{"text/plain": fmt.Sprintf(
		"nnbook: the display pipe carried a malformed message (%v): something other than gonbui wrote to it, and the displays after it are lost", err)}})
}

// handle acts on one display request.
func (p *Pipes) handle(ctx context.Context, d *protocol.DisplayData) {
	p.flushStreams()
	if v, ok := d.Data[protocol.MIMEJupyterInput]; ok {
		p.input(ctx, v)
		return
	}
	if v, ok := d.Data[protocol.MIMECommValue]; ok {
		p.comm(v)
		return
	}
	if _, ok := d.Data[protocol.MIMECommSubscribe]; ok {
		p.log.Debug("display: gonbui comms subscriptions are not supported; dropped")
		return
	}
	if v, ok := d.Data[MIMEClearOutput]; ok {
		wait, _ := v.(bool)
		p.cfg.Sink.ClearOutput(wait)
		return
	}
	out := contract.Display{Data: Bundle(d.Data), Metadata: d.Metadata}
	if d.DisplayID != "" {
		p.mu.Lock()
		out.DisplayID = d.DisplayID
		if p.scope != "" {
			out.DisplayID = p.scope + "-" + d.DisplayID
		}
		out.Update = p.seen[d.DisplayID]
		p.seen[d.DisplayID] = true
		p.mu.Unlock()
	}
	p.cfg.Sink.Display(out)
}

// input answers gonbui.RequestInput.
func (p *Pipes) input(ctx context.Context, v any) {
	var req protocol.InputRequest
	switch r := v.(type) {
	case protocol.InputRequest:
		req = r
	case *protocol.InputRequest:
		req = *r
	default:
		p.log.Warn("display: input request without a protocol.InputRequest", "type", fmt.Sprintf("%T", v))
		return
	}
	p.askMu.Lock()
	defer p.askMu.Unlock()
	p.askLocked(ctx, req.Prompt, req.Password)
}

// comm answers the comm values gonbui sends: Sync's "#gonbui/sync" is
// acknowledged; widget values need comms, which nnbook does not offer.
func (p *Pipes) comm(v any) {
	var c protocol.CommValue
	switch cv := v.(type) {
	case protocol.CommValue:
		c = cv
	case *protocol.CommValue:
		c = *cv
	default:
		p.log.Warn("display: comm message without a protocol.CommValue", "type", fmt.Sprintf("%T", v))
		return
	}
	if c.Address != protocol.GonbuiSyncAddress {
		p.log.Debug("display: gonbui comms are not supported; dropped", "address", c.Address)
		return
	}
	ack := &protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: c.Value}
	if err := p.enc.Encode(ack); err != nil {
		p.log.Warn("display: send sync acknowledgement", "err", err)
	}
}

// Bundle converts a gonbui MIME bundle to Jupyter's: []byte becomes text
// for textual types and base64 for binary ones; a JSON type given as text
// becomes the JSON value it holds.
func Bundle(data map[protocol.MIMEType]any) map[string]any {
	out := make(map[string]any, len(data))
	for mime, v := range data {
		m := string(mime)
		if b, ok := v.([]byte); ok {
			if textual(m) {
				v = string(b)
			} else {
				v = base64.StdEncoding.EncodeToString(b)
			}
		}
		if s, ok := v.(string); ok && jsonType(m) {
			var j any
			if err := json.Unmarshal([]byte(s), &j); err == nil {
				v = j
			}
		}
		out[m] = v
	}
	return out
}

// textual reports whether Jupyter carries MIME type m as text rather than
// base64.
func textual(m string) bool {
	return strings.HasPrefix(m, "text/") || m == "image/svg+xml" || m == "application/javascript" || jsonType(m)
}

// jsonType reports whether Jupyter carries MIME type m as a JSON value.
func jsonType(m string) bool {
	return m == "application/json" || strings.HasSuffix(m, "+json")
}
