package kernel_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/wire"
)

// This file is the test side of the protocol, shared by the unit tests (fake
// executor) and the integration test (the real binary): a client that dials
// the five sockets and sends and matches messages with package wire.

// replyTimeout bounds every wait for a message the kernel must send.
const replyTimeout = 10 * time.Second

// freeConnection returns a tcp connection on 127.0.0.1 with five free ports
// and a random key.
func freeConnection(t testing.TB) kernel.ConnectionInfo {
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

// client is a Jupyter front end for tests.
type client struct {
	t       testing.TB // the test the helpers report to
	owner   testing.TB // the test that dialled, which closes the client
	key     []byte
	session string

	shell, control, stdin, iopub, hb zmq4.Socket
	boxes                            map[string]*mailbox // received messages by channel

	mu sync.Mutex
	// mu guards bad.
	bad []error // messages from the kernel that did not parse
}

// dial connects a client to the kernel at conn and waits until iopub
// delivers (the subscription is live), like jupyter_client's wait_for_ready.
func dial(t testing.TB, conn kernel.ConnectionInfo) *client {
	t.Helper()
	ctx := context.Background()
	id := zmq4.WithID(zmq4.SocketIdentity(fmt.Sprintf("client-%p", t)))
	retry := []zmq4.Option{zmq4.WithDialerRetry(50 * time.Millisecond), zmq4.WithDialerMaxRetries(200)}
	c := &client{
		t: t, owner: t, key: []byte(conn.Key), session: "test-session",
		shell:   zmq4.NewDealer(ctx, append(retry, id)...),
		control: zmq4.NewDealer(ctx, retry...),
		stdin:   zmq4.NewDealer(ctx, append(retry, id)...), // same identity as shell, as jupyter_client does
		iopub:   zmq4.NewSub(ctx, retry...),
		hb:      zmq4.NewReq(ctx, retry...),
		boxes:   map[string]*mailbox{},
	}
	t.Cleanup(c.close)
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
			t.Fatalf("dial %s: %v", s.name, err)
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
	deadline := time.Now().Add(replyTimeout)
	for {
		id := c.send("shell", "kernel_info_request", map[string]any{})
		c.reply("shell", id)
		if _, ok := c.boxes["iopub"].take(parentIs(id), time.Now().Add(200*time.Millisecond)); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("iopub delivered nothing: the subscription never became live")
		}
	}
	c.boxes["iopub"].clear()
	return c
}

// use makes the helpers report to t, a subtest of the test that dialled.
func (c *client) use(t testing.TB) {
	c.t = t
}

func (c *client) close() {
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
func (c *client) receive(name string, sock zmq4.Socket, box *mailbox) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			return
		}
		m, err := wire.Parse(zm.Frames, c.key)
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
func (c *client) socket(channel string) zmq4.Socket {
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

// message returns a request of msgType with a new msg_id.
func (c *client) message(msgType string, content any) *wire.Message {
	c.t.Helper()
	raw, err := json.Marshal(content)
	if err != nil {
		c.t.Fatal(err)
	}
	id := make([]byte, 8)
	rand.Read(id)
	return &wire.Message{
		Header: wire.Header{MsgID: hex.EncodeToString(id), Session: c.session, Username: "test",
			Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: wire.Version},
		Content: raw,
	}
}

// send signs and sends a request on channel and returns its msg_id.
func (c *client) send(channel, msgType string, content any) string {
	c.t.Helper()
	m := c.message(msgType, content)
	c.sendMessage(channel, m, c.key)
	return m.Header.MsgID
}

// sendMessage signs m with key and sends it on channel.
func (c *client) sendMessage(channel string, m *wire.Message, key []byte) {
	c.t.Helper()
	frames, err := wire.Encode(m, key)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendFrames(channel, frames)
}

// sendFrames sends raw frames on channel.
func (c *client) sendFrames(channel string, frames [][]byte) {
	c.t.Helper()
	if err := c.socket(channel).SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("send on %s: %v", channel, err)
	}
}

// reply waits for the reply to msgID on channel.
func (c *client) reply(channel, msgID string) *wire.Message {
	c.t.Helper()
	return c.replyWithin(channel, msgID, replyTimeout)
}

// replyWithin waits up to d for the reply to msgID on channel.
func (c *client) replyWithin(channel, msgID string, d time.Duration) *wire.Message {
	c.t.Helper()
	m, ok := c.boxes[channel].take(parentIs(msgID), time.Now().Add(d))
	if !ok {
		c.t.Fatalf("no reply to %s on %s within %v", msgID, channel, d)
	}
	return m
}

// noReply checks that nothing answers msgID on channel or iopub within d.
func (c *client) noReply(channel, msgID string, d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	if m, ok := c.boxes[channel].take(parentIs(msgID), deadline); ok {
		c.t.Fatalf("got %s to %s on %s, want no answer", m.Header.MsgType, msgID, channel)
	}
	if m, ok := c.boxes["iopub"].take(parentIs(msgID), time.Now()); ok {
		c.t.Fatalf("got iopub %s for %s, want nothing", m.Header.MsgType, msgID)
	}
}

// iopubUntilIdle returns the iopub messages for msgID, in order, from the
// first one through status idle.
func (c *client) iopubUntilIdle(msgID string) []*wire.Message {
	c.t.Helper()
	var got []*wire.Message
	deadline := time.Now().Add(replyTimeout)
	for {
		m, ok := c.boxes["iopub"].take(parentIs(msgID), deadline)
		if !ok {
			c.t.Fatalf("iopub for %s ended without idle; got %v", msgID, types(got))
		}
		got = append(got, m)
		if m.Header.MsgType == "status" && content(c.t, m)["execution_state"] == "idle" {
			return got
		}
	}
}

// execute sends an execute_request with the default options plus extra and
// returns the reply and the iopub messages between busy and idle (both
// excluded).
func (c *client) execute(code string, extra map[string]any) (reply *wire.Message, outputs []*wire.Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.send("shell", "execute_request", req)
	reply = c.reply("shell", id)
	msgs := c.iopubUntilIdle(id)
	if len(msgs) < 2 || msgs[0].Header.MsgType != "status" || content(c.t, msgs[0])["execution_state"] != "busy" {
		c.t.Fatalf("iopub for execute %q = %v, want status busy first", code, types(msgs))
	}
	return reply, msgs[1 : len(msgs)-1]
}

// heartbeat sends a ping and returns the echo.
func (c *client) heartbeat(ping string) string {
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
	case <-time.After(replyTimeout):
		c.t.Fatal("no heartbeat echo")
		return ""
	}
}

// parentIs matches messages whose parent is msgID.
func parentIs(msgID string) func(*wire.Message) bool {
	return func(m *wire.Message) bool { return m.ParentHeader.MsgID == msgID }
}

// content decodes a message's content into a map.
func content(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatalf("content of %s: %v", m.Header.MsgType, err)
	}
	return c
}

// types lists the msg_types of msgs, for failure messages.
func types(msgs []*wire.Message) []string {
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
