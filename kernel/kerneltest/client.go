// Package kerneltest is the front-end side of the Jupyter protocol for
// tests: a client that dials a kernel's five sockets on loopback, signs
// and sends requests with package wire and matches replies and IOPub
// messages to them. The kernel's unit tests (fake executor), its
// integration tests and the nnbook binary's tests use it.
package kerneltest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/wire"
)

// ReplyTimeout bounds every wait for a message the kernel must send.
const ReplyTimeout = 10 * time.Second

// FreeConnection returns a tcp connection on 127.0.0.1 with five free ports
// and a random key.
func FreeConnection(t testing.TB) kernel.ConnectionInfo {
	t.Helper()
	var ports [5]int
	var ls []net.Listener
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	for _, l := range ls {
		l.Close()
	}
	key := make([]byte, 16)
	rand.Read(key)
	return kernel.ConnectionInfo{
		Transport: "tcp", IP: "127.0.0.1",
		ShellPort: ports[0], IOPubPort: ports[1], StdinPort: ports[2], ControlPort: ports[3], HBPort: ports[4],
		Key: hex.EncodeToString(key), SignatureScheme: "hmac-sha256",
	}
}

// ConnectionFile writes conn as a connection file in a temporary directory
// of t and returns its path, for a kernel started with "-f".
func ConnectionFile(t testing.TB, conn kernel.ConnectionInfo) string {
	t.Helper()
	data, err := json.Marshal(conn)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// Client is a Jupyter front end for tests.
type Client struct {
	t       testing.TB // the test the helpers report to
	owner   testing.TB // the test that dialled, which closes the client
	Key     []byte
	session string

	shell, control, stdin, iopub, hb zmq4.Socket
	boxes                            map[string]*mailbox // received messages by channel

	mu sync.Mutex
	// mu guards bad.
	bad []error // messages from the kernel that did not parse
}

// Dial connects a client to the kernel at conn and waits until iopub
// delivers (the subscription is live), like jupyter_client's wait_for_ready.
func Dial(t testing.TB, conn kernel.ConnectionInfo) *Client {
	t.Helper()
	ctx := context.Background()
	id := zmq4.WithID(zmq4.SocketIdentity(fmt.Sprintf("client-%p", t)))
	retry := []zmq4.Option{zmq4.WithDialerRetry(50 * time.Millisecond), zmq4.WithDialerMaxRetries(200)}
	c := &Client{
		t: t, owner: t, Key: []byte(conn.Key), session: "test-session",
		shell:   zmq4.NewDealer(ctx, append(retry, id)...),
		control: zmq4.NewDealer(ctx, retry...),
		stdin:   zmq4.NewDealer(ctx, append(retry, id)...), // same identity as shell, as jupyter_client does
		iopub:   zmq4.NewSub(ctx, retry...),
		hb:      zmq4.NewReq(ctx, retry...),
		boxes:   map[string]*mailbox{},
	}
	t.Cleanup(c.Close)
	for _, s := range []struct {
		name string
		sock zmq4.Socket
		port int
	}{
		{"shell", c.shell, conn.ShellPort},
		{"control", c.control, conn.ControlPort},
		{"stdin", c.stdin, conn.StdinPort},
		{"iopub", c.iopub, conn.IOPubPort},
		{"hb", c.hb, conn.HBPort},
	} {
		if err := s.sock.Dial(conn.Endpoint(s.port)); err != nil {
			t.Fatalf("Dial %s: %v", s.name, err)
		}
		if s.name == "hb" {
			continue
		}
		box := &mailbox{changed: make(chan struct{})}
		c.boxes[s.name] = box
		go c.receive(s.name, s.sock, box)
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(ReplyTimeout)
	for {
		id := c.Send("shell", "kernel_info_request", map[string]any{})
		c.Reply("shell", id)
		if _, ok := c.boxes["iopub"].take(ParentIs(id), time.Now().Add(200*time.Millisecond)); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("iopub delivered nothing: the subscription never became live")
		}
	}
	c.boxes["iopub"].clear()
	return c
}

// Use makes the helpers report to t, a subtest of the test that dialled.
func (c *Client) Use(t testing.TB) {
	c.t = t
}

// Close closes the five sockets; Dial registers it with the test's Cleanup.
func (c *Client) Close() {
	for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
		s.Close()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, err := range c.bad {
		c.owner.Errorf("client: the kernel sent a bad message: %v", err)
	}
}

// receive parses every message of one socket into box.
func (c *Client) receive(name string, sock zmq4.Socket, box *mailbox) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			return
		}
		m, err := wire.Parse(zm.Frames, c.Key)
		if err != nil {
			c.mu.Lock()
			c.bad = append(c.bad, fmt.Errorf("on %s: %w", name, err))
			c.mu.Unlock()
			continue
		}
		box.put(m)
	}
}

// socket returns the client socket of a channel.
func (c *Client) socket(channel string) zmq4.Socket {
	switch channel {
	case "shell":
		return c.shell
	case "control":
		return c.control
	case "stdin":
		return c.stdin
	}
	c.t.Fatalf("client: no channel %q", channel)
	return nil
}

// Message returns a request of msgType with a new msg_id in the client's
// session.
func (c *Client) Message(msgType string, content any) *wire.Message {
	c.t.Helper()
	return Request(c.t, c.session, msgType, content)
}

// Request returns a request of msgType in session with a new msg_id and
// content encoded as JSON, for tests that talk to a socket of their own.
func Request(t testing.TB, session, msgType string, content any) *wire.Message {
	t.Helper()
	raw, err := json.Marshal(content)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 8)
	rand.Read(id)
	return &wire.Message{
		Header: wire.Header{MsgID: hex.EncodeToString(id), Session: session, Username: "test",
			Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: wire.Version},
		Content: raw,
	}
}

// Send signs and sends a request on channel and returns its msg_id.
func (c *Client) Send(channel, msgType string, content any) string {
	c.t.Helper()
	m := c.Message(msgType, content)
	c.SendMessage(channel, m, c.Key)
	return m.Header.MsgID
}

// SendMessage signs m with key and sends it on channel.
func (c *Client) SendMessage(channel string, m *wire.Message, key []byte) {
	c.t.Helper()
	frames, err := wire.Encode(m, key)
	if err != nil {
		c.t.Fatal(err)
	}
	c.SendFrames(channel, frames)
}

// SendFrames sends raw frames on channel.
func (c *Client) SendFrames(channel string, frames [][]byte) {
	c.t.Helper()
	if err := c.socket(channel).SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("send on %s: %v", channel, err)
	}
}

// Reply waits for the reply to msgID on channel.
func (c *Client) Reply(channel, msgID string) *wire.Message {
	c.t.Helper()
	return c.ReplyWithin(channel, msgID, ReplyTimeout)
}

// ReplyWithin waits up to d for the reply to msgID on channel.
func (c *Client) ReplyWithin(channel, msgID string, d time.Duration) *wire.Message {
	c.t.Helper()
	m, ok := c.boxes[channel].take(ParentIs(msgID), time.Now().Add(d))
	if !ok {
		c.t.Fatalf("no reply to %s on %s within %v", msgID, channel, d)
	}
	return m
}

// NoReply checks that nothing answers msgID on channel or iopub within d.
func (c *Client) NoReply(channel, msgID string, d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	if m, ok := c.boxes[channel].take(ParentIs(msgID), deadline); ok {
		c.t.Fatalf("got %s to %s on %s, want no answer", m.Header.MsgType, msgID, channel)
	}
	if m, ok := c.boxes["iopub"].take(ParentIs(msgID), time.Now()); ok {
		c.t.Fatalf("got iopub %s for %s, want nothing", m.Header.MsgType, msgID)
	}
}

// IOPubUntilIdle returns the iopub messages for msgID, in order, from the
// first one through status idle.
func (c *Client) IOPubUntilIdle(msgID string) []*wire.Message {
	c.t.Helper()
	var got []*wire.Message
	deadline := time.Now().Add(ReplyTimeout)
	for {
		m, ok := c.boxes["iopub"].take(ParentIs(msgID), deadline)
		if !ok {
			c.t.Fatalf("iopub for %s ended without idle; got %v", msgID, Types(got))
		}
		got = append(got, m)
		if m.Header.MsgType == "status" && Content(c.t, m)["execution_state"] == "idle" {
			return got
		}
	}
}

// Execute sends an execute_request with the default options plus extra and
// returns the reply and the iopub messages between busy and idle (both
// excluded).
func (c *Client) Execute(code string, extra map[string]any) (reply *wire.Message, outputs []*wire.Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.Send("shell", "execute_request", req)
	reply = c.Reply("shell", id)
	msgs := c.IOPubUntilIdle(id)
	if len(msgs) < 2 || msgs[0].Header.MsgType != "status" || Content(c.t, msgs[0])["execution_state"] != "busy" {
		c.t.Fatalf("iopub for execute %q = %v, want status busy first", code, Types(msgs))
	}
	return reply, msgs[1 : len(msgs)-1]
}

// Heartbeat sends a ping and returns the echo.
func (c *Client) Heartbeat(ping string) string {
	c.t.Helper()
	if err := c.hb.Send(zmq4.NewMsgString(ping)); err != nil {
		c.t.Fatal(err)
	}
	done := make(chan zmq4.Msg, 1)
	go func() {
		m, _ := c.hb.Recv()
		done <- m
	}()
	select {
	case m := <-done:
		return string(m.Bytes())
	case <-time.After(ReplyTimeout):
		c.t.Fatal("no heartbeat echo")
		return ""
	}
}

// Take removes and returns the oldest message on channel that satisfies
// match, waiting until deadline; ok is false when none came.
func (c *Client) Take(channel string, match func(*wire.Message) bool, deadline time.Time) (m *wire.Message, ok bool) {
	return c.boxes[channel].take(match, deadline)
}

// ParentIs matches messages whose parent is msgID.
func ParentIs(msgID string) func(*wire.Message) bool {
	return func(m *wire.Message) bool { return m.ParentHeader.MsgID == msgID }
}

// Content decodes a message's content into a map.
func Content(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatalf("Content of %s: %v", m.Header.MsgType, err)
	}
	return c
}

// Types lists the msg_types of msgs, for failure messages.
func Types(msgs []*wire.Message) []string {
	var s []string
	for _, m := range msgs {
		s = append(s, m.Header.MsgType)
	}
	return s
}

// mailbox holds received messages until a test takes them.
type mailbox struct {
	mu sync.Mutex
	// mu guards msgs and changed.
	msgs    []*wire.Message
	changed chan struct{} // closed and replaced on every put
}

func (b *mailbox) put(m *wire.Message) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs = append(b.msgs, m)
	close(b.changed)
	b.changed = make(chan struct{})
}

// take removes and returns the oldest message that satisfies match, waiting
// until deadline.
func (b *mailbox) take(match func(*wire.Message) bool, deadline time.Time) (*wire.Message, bool) {
	for {
		b.mu.Lock()
		for i, m := range b.msgs {
			if match(m) {
				b.msgs = append(b.msgs[:i], b.msgs[i+1:]...)
				b.mu.Unlock()
				return m, true
			}
		}
		changed := b.changed
		b.mu.Unlock()
		wait := time.Until(deadline)
		if wait <= 0 {
			return nil, false
		}
		select {
		case <-changed:
		case <-time.After(wait):
		}
	}
}

// clear drops every held message.
func (b *mailbox) clear() {
	b.mu.Lock()
	b.msgs = nil
	b.mu.Unlock()
}
