package kernel

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/transport"
	"github.com/nnbook/nnbook/kernel/wire"
)

const (
	// sendTimeout bounds how long a reply waits for its peer to be connected.
	sendTimeout = 10 * time.Second
	// iopubLinger is how long Serve waits before closing the sockets, so the
	// last messages queued on iopub (shutdown's idle status) reach the
	// front end: zmq4's PUB socket sends asynchronously and has no flush.
	iopubLinger = 100 * time.Millisecond
)

// errShutdown is the cause of a stop by shutdown_request.
var errShutdown = errors.New("kernel: shutdown_request received")

// Config configures a [Kernel].
type Config struct {
	// ConnectionFile is the path of the connection file the front end wrote.
	// It is read by New unless Connection is set.
	ConnectionFile string
	// Connection, when not nil, is used instead of reading ConnectionFile.
	Connection *ConnectionInfo
	// Executor runs the cells. Required.
	Executor contract.Executor
	// Logger receives the kernel's log. Default (nil): discard.
	Logger *slog.Logger
	// Version is the implementation_version in kernel_info_reply.
	// Default (""): "devel".
	Version string
	// Transport bounds what one peer of the sockets may cost: handshake
	// time, frame size, queued output. Zero fields take the defaults of
	// [transport.Limits]; a nil Logger takes the kernel's.
	Transport transport.Limits
}

// Kernel is one Jupyter kernel: it owns the five sockets of a connection,
// dispatches messages, and hands execute requests to the [Executor] one at a
// time while it keeps answering the other requests. Create it with [New] and
// run it with [Kernel.Serve].
type Kernel struct {
	conn    ConnectionInfo
	key     []byte
	exec    contract.Executor
	log     *slog.Logger
	version string
	session string // session ID in the headers the kernel writes
	limits  transport.Limits

	// The sockets are opened by Serve before any goroutine that uses them
	// starts, and closed by closeSockets.
	shell, control, stdin, iopub, hb zmq4.Socket

	wake chan struct{} // wake signals the execute loop that queue is not empty

	replay replayGuard // signatures seen, to drop replays; has its own lock

	mu sync.Mutex
	// mu guards the fields below.
	stop       context.CancelCauseFunc // stop ends Serve; nil before Serve
	queue      []*request              // execute requests waiting to run
	count      int                     // the execution counter, In[count]
	cancelCell context.CancelFunc      // cancels the running cell; nil when none runs
	input      *inputWait              // the input_request waiting for its reply
	history    history
}

// request is a received message and the socket its reply goes to.
type request struct {
	msg     *wire.Message
	channel string // "shell" or "control"
	sock    zmq4.Socket
}

// New returns a kernel for cfg. It reads and validates the connection but
// opens no socket; [Kernel.Serve] does.
func New(cfg Config) (*Kernel, error) {
	if cfg.Executor == nil {
		return nil, errors.New("kernel: Config.Executor is nil, want the cell executor")
	}
	var conn ConnectionInfo
	switch {
	case cfg.Connection != nil:
		conn = *cfg.Connection
		if err := conn.Validate(); err != nil {
			return nil, err
		}
	case cfg.ConnectionFile != "":
		var err error
		if conn, err = ReadConnectionFile(cfg.ConnectionFile); err != nil {
			return nil, err
		}
	default:
		return nil, errors.New("kernel: Config has neither ConnectionFile nor Connection")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	version := cfg.Version
	if version == "" {
		version = "devel"
	}
	return &Kernel{
		conn:    conn,
		key:     []byte(conn.Key),
		exec:    cfg.Executor,
		log:     log,
		version: version,
		session: newID(),
		wake:    make(chan struct{}, 1),
		history: history{session: historySession},
		limits:  cfg.Transport,
	}, nil
}

// Serve opens the sockets and serves until ctx is cancelled or a
// shutdown_request arrives. It then cancels the running cell, waits for the
// executor to return, and closes the sockets. Serve may be called once.
func (k *Kernel) Serve(ctx context.Context) error {
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	k.mu.Lock()
	if k.stop != nil {
		k.mu.Unlock()
		return errors.New("kernel: Serve called twice")
	}
	k.stop = stop
	k.mu.Unlock()

	if err := k.listen(); err != nil {
		return errors.Join(err, k.closeSockets())
	}
	k.log.Info("kernel listening", "transport", k.conn.Transport, "ip", k.conn.IP,
		"shell_port", k.conn.ShellPort, "signed", len(k.key) > 0)
	k.publishStatus(nil, "starting")

	var wg sync.WaitGroup
	wg.Go(k.heartbeat)
	wg.Go(func() { k.readLoop(ctx, k.shell, "shell") })
	wg.Go(func() { k.readLoop(ctx, k.control, "control") })
	wg.Go(func() { k.readLoop(ctx, k.stdin, "stdin") })
	execDone := make(chan struct{})
	go func() {
		defer close(execDone)
		k.executeLoop(ctx)
	}()

	<-ctx.Done()
	k.log.Info("kernel stopping", "cause", context.Cause(ctx))
	<-execDone // the running cell's context derives from ctx
	time.Sleep(iopubLinger)
	err := k.closeSockets()
	wg.Wait()
	return err
}

// Interrupt cancels the context of the running cell, if any. It is what an
// interrupt_request does; the binary also calls it on SIGINT.
func (k *Kernel) Interrupt() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cancelCell != nil {
		k.cancelCell()
	}
}

// listen opens and binds the five sockets.
func (k *Kernel) listen() error {
	ctx := context.Background() // sockets live until closeSockets
	opt := zmq4.WithTimeout(sendTimeout)
	k.shell = zmq4.NewRouter(ctx, opt)
	k.control = zmq4.NewRouter(ctx, opt)
	k.stdin = zmq4.NewRouter(ctx, opt)
	k.iopub = zmq4.NewPub(ctx, opt)
	k.hb = zmq4.NewRep(ctx, opt)
	if k.limits.Logger == nil {
		k.limits.Logger = k.log
	}
	guard, err := transport.Register(k.limits)
	if err != nil {
		return err
	}
	for _, s := range []struct {
		name string
		sock zmq4.Socket
		port int
	}{
		{"shell", k.shell, k.conn.ShellPort},
		{"control", k.control, k.conn.ControlPort},
		{"stdin", k.stdin, k.conn.StdinPort},
		{"iopub", k.iopub, k.conn.IOPubPort},
		{"heartbeat", k.hb, k.conn.HBPort},
	} {
		ep, err := guard.Endpoint(k.conn.Endpoint(s.port))
		if err != nil {
			return err
		}
		if err := s.sock.Listen(ep); err != nil {
			return fmt.Errorf("kernel: bind %s socket: %w", s.name, err)
		}
	}
	return nil
}

// closeSockets closes every open socket and joins the errors.
func (k *Kernel) closeSockets() error {
	var errs []error
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

// heartbeat echoes every ping until the socket closes.
func (k *Kernel) heartbeat() {
	for {
		msg, err := k.hb.Recv()
		if err != nil {
			return
		}
		if err := k.hb.Send(msg); err != nil {
			k.log.Debug("heartbeat echo failed", "err", err)
		}
	}
}

// readLoop receives messages on a ROUTER socket until it closes.
func (k *Kernel) readLoop(ctx context.Context, sock zmq4.Socket, channel string) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			if ctx.Err() == nil {
				k.log.Error("receive failed; stopping the kernel", "channel", channel, "err", err)
				k.stopServing(fmt.Errorf("kernel: receive on %s: %w", channel, err))
			}
			return
		}
		k.receive(ctx, sock, channel, zm.Frames)
	}
}

// stopServing makes Serve return; cause says why, in the log.
func (k *Kernel) stopServing(cause error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.stop != nil {
		k.stop(cause)
	}
}

// receive verifies and decodes one message and dispatches it.
func (k *Kernel) receive(ctx context.Context, sock zmq4.Socket, channel string, frames [][]byte) {
	msg, err := wire.Parse(frames, k.key)
	if err != nil {
		if errors.Is(err, wire.ErrSignature) {
			k.log.Warn("dropped a message with a bad signature", "channel", channel, "err", err)
		} else {
			k.log.Warn("dropped a malformed message", "channel", channel, "frames", len(frames), "err", err)
		}
		return
	}
	if !k.replay.fresh(frames) {
		k.log.Warn("dropped a replayed message (duplicate signature)", "channel", channel,
			"msg_type", msg.Header.MsgType, "msg_id", msg.Header.MsgID)
		return
	}
	k.log.Debug("received", "channel", channel, "msg_type", msg.Header.MsgType, "msg_id", msg.Header.MsgID)
	r := &request{msg: msg, channel: channel, sock: sock}
	switch {
	case channel == "stdin":
		k.handleStdin(r)
	case msg.Header.MsgType == "execute_request":
		k.enqueue(r)
	default:
		k.serve(ctx, r)
	}
}

// serve answers one non-execute request between busy and idle, turning a
// panic in its handler into an error reply.
func (k *Kernel) serve(ctx context.Context, r *request) {
	start := time.Now()
	k.publishStatus(r.msg, "busy")
	defer k.publishStatus(r.msg, "idle")
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("handler panicked", "msg_type", r.msg.Header.MsgType, "panic", p)
			k.replyError(r, "InternalError", fmt.Sprintf("nnbook kernel: %s handler panicked: %v", r.msg.Header.MsgType, p), stackLines())
		}
	}()
	k.dispatch(ctx, r)
	k.log.Debug("handled", "msg_type", r.msg.Header.MsgType, "duration", time.Since(start))
}

// stackLines returns the current goroutine's stack as traceback lines.
func stackLines() []string {
	buf := make([]byte, 16<<10)
	buf = buf[:runtime.Stack(buf, false)]
	return strings.Split(strings.TrimRight(string(buf), "\n"), "\n")
}

// replyType returns the reply type of a request type ("x_request" →
// "x_reply"), or "" when the message expects no reply.
func replyType(msgType string) string {
	prefix, ok := strings.CutSuffix(msgType, "_request")
	if !ok {
		return ""
	}
	return prefix + "_reply"
}

// reply sends content as the reply to r on r's channel.
func (k *Kernel) reply(r *request, content any) {
	t := replyType(r.msg.Header.MsgType)
	if t == "" {
		k.log.Error("no reply type", "msg_type", r.msg.Header.MsgType)
		return
	}
	k.send(r.sock, r.channel, &wire.Message{
		Identities:   r.msg.Identities,
		Header:       k.header(t),
		ParentHeader: r.msg.Header,
	}, content)
}

// replyError answers r with an error-status reply, when r expects a reply.
func (k *Kernel) replyError(r *request, ename, evalue string, traceback []string) {
	if replyType(r.msg.Header.MsgType) == "" {
		return
	}
	if traceback == nil {
		traceback = []string{}
	}
	k.reply(r, map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": traceback})
}

// publish sends content on iopub with parent's header as parent header
// (none when parent is nil).
func (k *Kernel) publish(parent *wire.Message, msgType string, content any) {
	m := &wire.Message{
		Identities: [][]byte{[]byte("kernel." + k.session + "." + msgType)},
		Header:     k.header(msgType),
	}
	if parent != nil {
		m.ParentHeader = parent.Header
	}
	k.send(k.iopub, "iopub", m, content)
}

// publishStatus publishes the kernel's execution_state.
func (k *Kernel) publishStatus(parent *wire.Message, state string) {
	k.publish(parent, "status", map[string]string{"execution_state": state})
}

// send encodes content into m and sends it on sock, logging failures: a
// front end that went away must not stop the kernel.
func (k *Kernel) send(sock zmq4.Socket, channel string, m *wire.Message, content any) {
	raw, err := json.Marshal(content)
	if err != nil {
		k.log.Error("encode content", "channel", channel, "msg_type", m.Header.MsgType, "err", err)
		return
	}
	m.Content = raw
	frames, err := wire.Encode(m, k.key)
	if err != nil {
		k.log.Error("encode message", "channel", channel, "msg_type", m.Header.MsgType, "err", err)
		return
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Warn("send failed", "channel", channel, "msg_type", m.Header.MsgType, "err", err)
		return
	}
	k.log.Debug("sent", "channel", channel, "msg_type", m.Header.MsgType, "parent", m.ParentHeader.MsgID)
}

// header returns a new header of msgType from this kernel.
func (k *Kernel) header(msgType string) wire.Header {
	return wire.Header{
		MsgID:    newID(),
		Session:  k.session,
		Username: "kernel",
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  wire.Version,
	}
}

// newID returns a random (version 4) UUID.
func newID() string {
	var u [16]byte
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
