package transport_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel/transport"
)

// listen opens a zmq4 socket of the kind newSock makes on a loopback port
// through a transport guarded by lim, and returns it with its address.
func listen(t *testing.T, lim transport.Limits, newSock func(context.Context, ...zmq4.Option) zmq4.Socket) (zmq4.Socket, string) {
	t.Helper()
	tr, err := transport.Register(lim)
	if err != nil {
		t.Fatal(err)
	}
	ep, err := tr.Endpoint("tcp://127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := newSock(context.Background(), zmq4.WithTimeout(5*time.Second))
	t.Cleanup(func() { s.Close() })
	if err := s.Listen(ep); err != nil {
		t.Fatalf("listen on %s: %v", ep, err)
	}
	return s, s.Addr().String()
}

// within runs f and fails the test when it does not return within d.
func within(t *testing.T, d time.Duration, what string, f func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(d):
		t.Fatalf("%s: still blocked after %v", what, d)
	}
}

// roundTrip checks that a well-behaved zmq4 DEALER can connect to the ROUTER
// at addr and get an answer.
func roundTrip(t *testing.T, router zmq4.Socket, addr string) {
	t.Helper()
	d := zmq4.NewDealer(context.Background(), zmq4.WithTimeout(5*time.Second))
	defer d.Close()
	within(t, 5*time.Second, "well-behaved client", func() error {
		if err := d.Dial("tcp://" + addr); err != nil {
			return err
		}
		if err := d.Send(zmq4.NewMsgString("ping")); err != nil {
			return err
		}
		m, err := router.Recv()
		if err != nil {
			return err
		}
		if len(m.Frames) != 2 || string(m.Frames[1]) != "ping" {
			return fmt.Errorf("router got %q, want [id ping]", m.Frames)
		}
		if err := router.Send(zmq4.NewMsgFrom(m.Frames[0], []byte("pong"))); err != nil {
			return err
		}
		r, err := d.Recv()
		if err != nil {
			return err
		}
		if string(r.Frames[0]) != "pong" {
			return fmt.Errorf("dealer got %q, want pong", r.Frames)
		}
		return nil
	})
}

// TestOversizedFrame sends frame headers announcing huge bodies, before and
// after the handshake. Unguarded, zmq4 v0.17 allocates the body first: 2⁶²
// panics the process (makeslice: len out of range) and 1 TiB runs it out of
// memory. Guarded, only the sender's connection is closed.
func TestOversizedFrame(t *testing.T) {
	const maxFrame = 1 << 20
	tests := []struct {
		name      string
		handshake bool   // complete the handshake first
		flags     byte   // of the oversized frame
		size      uint64 // announced body size
	}{
		{"READY of 2^62 bytes before authentication", false, 0x04, 1 << 62},
		{"READY of 1 TiB before authentication", false, 0x04, 1 << 40},
		{"message of 2^62 bytes", true, 0x00, 1 << 62},
		{"message of 1 TiB", true, 0x00, 1 << 40},
		{"message of 2^64-1 bytes", true, 0x01, 1<<64 - 1},
		{"message one byte over the limit", true, 0x00, maxFrame + 1},
	}
	router, addr := listen(t, transport.Limits{MaxFrame: maxFrame}, zmq4.NewRouter)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := dialRaw(t, addr)
			if tt.handshake {
				p.handshake(t, "DEALER")
			} else {
				g := make([]byte, 64)
				g[0], g[9], g[10] = 0xFF, 0x7F, 3
				copy(g[12:], "NULL")
				p.write(t, g)
			}
			p.write(t, longHeader(tt.flags, tt.size))
			if !p.closedByServer(5 * time.Second) {
				t.Fatalf("connection announcing %d bytes still open after 5s", tt.size)
			}
			roundTrip(t, router, addr)
		})
	}
}

// TestFrameAtLimit checks that a frame of exactly MaxFrame bytes, sent in a
// long header, still reaches the socket.
func TestFrameAtLimit(t *testing.T) {
	const maxFrame = 4096
	router, addr := listen(t, transport.Limits{MaxFrame: maxFrame}, zmq4.NewRouter)
	p := dialRaw(t, addr)
	p.handshake(t, "DEALER")
	body := bytes.Repeat([]byte("x"), maxFrame)
	p.write(t, append(longHeader(0, maxFrame), body...))
	within(t, 5*time.Second, "receive a frame at the limit", func() error {
		m, err := router.Recv()
		if err != nil {
			return err
		}
		if len(m.Frames) != 2 || !bytes.Equal(m.Frames[1], body) {
			return fmt.Errorf("router got %d frames, want [id, %d bytes]", len(m.Frames), maxFrame)
		}
		return nil
	})
}

// TestSilentConnections opens connections that never finish their greeting.
// Unguarded, zmq4 v0.17 runs each handshake inside its accept loop with no
// deadline, so the first silent connection blocks every later client.
func TestSilentConnections(t *testing.T) {
	router, addr := listen(t, transport.Limits{HandshakeTimeout: time.Minute}, zmq4.NewRouter)
	for range 3 {
		dialRaw(t, addr) // says nothing
	}
	half := dialRaw(t, addr)
	half.write(t, []byte{0xFF, 0, 0, 0, 0}) // half a signature
	roundTrip(t, router, addr)
}

// TestHandshakeTimeout checks that a silent connection is closed once the
// handshake timeout has passed, and not before.
func TestHandshakeTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	_, addr := listen(t, transport.Limits{HandshakeTimeout: timeout}, zmq4.NewRouter)
	start := time.Now()
	p := dialRaw(t, addr)
	if !p.closedByServer(5 * time.Second) {
		t.Fatalf("silent connection still open after 5s, handshake timeout %v", timeout)
	}
	if d := time.Since(start); d < timeout*3/4 {
		t.Errorf("silent connection closed after %v, before the handshake timeout %v", d, timeout)
	}
}

// TestBadGreeting checks that a peer that is not ZMTP 3 NULL is refused.
func TestBadGreeting(t *testing.T) {
	router, addr := listen(t, transport.Limits{}, zmq4.NewRouter)
	for _, g := range [][]byte{
		[]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + string(make([]byte, 40))),
		append([]byte{0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F, 3, 0}, append([]byte("CURVE"), make([]byte, 47)...)...),
	} {
		p := dialRaw(t, addr)
		p.write(t, g)
		if !p.closedByServer(5 * time.Second) {
			t.Fatalf("peer greeting % x: connection still open after 5s", g[:12])
		}
	}
	roundTrip(t, router, addr)
}

// TestStalledSubscriber subscribes one peer that then stops reading, and
// publishes 25 MiB in rounds of 1 MiB. Unguarded, zmq4 v0.17 writes to
// subscribers in turn, so once ≈3–4 MB are in flight the well-behaved
// subscriber gets nothing more while the PUB queue grows without bound.
// Guarded, the stalled peer's messages are dropped once MaxQueue bytes wait
// for it, its connection is closed after WriteTimeout without progress, and
// the other subscriber receives every message of every round.
func TestStalledSubscriber(t *testing.T) {
	const (
		rounds   = 25
		perRound = 16
		msgSize  = 64 << 10 // 1 MiB per round
	)
	log := &logBuffer{}
	pub, addr := listen(t, transport.Limits{MaxQueue: 4 << 20, WriteTimeout: 2 * time.Second,
		Logger: slog.New(slog.NewTextHandler(log, nil))}, zmq4.NewPub)

	stalled := dialRaw(t, addr)
	stalled.handshake(t, "SUB")
	stalled.write(t, []byte{0x00, 1, 0x01}) // SUBSCRIBE to every topic

	sub := zmq4.NewSub(context.Background(), zmq4.WithTimeout(5*time.Second))
	defer sub.Close()
	if err := sub.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	// Publish until both subscriptions are in place: the well-behaved
	// subscriber sees a message, and the raw one has bytes to read.
	within(t, 10*time.Second, "subscriptions", func() error {
		got := make(chan error, 1)
		go func() {
			_, err := sub.Recv()
			got <- err
		}()
		for {
			if err := pub.Send(zmq4.NewMsgString("hello")); err != nil {
				return err
			}
			select {
			case err := <-got:
				if err != nil {
					return err
				}
				_ = stalled.SetReadDeadline(time.Now().Add(2 * time.Second))
				_, err = stalled.Read(make([]byte, 1))
				return err
			case <-time.After(20 * time.Millisecond):
			}
		}
	})

	payload := bytes.Repeat([]byte("y"), msgSize)
	start := time.Now()
	for r := range rounds {
		within(t, 5*time.Second, fmt.Sprintf("round %d to the well-behaved subscriber", r), func() error {
			for i := range perRound {
				if err := pub.Send(zmq4.NewMsgFrom([]byte(fmt.Sprint(r, i)), payload)); err != nil {
					return err
				}
			}
			for i := 0; i < perRound; {
				m, err := sub.Recv()
				if err != nil {
					return err
				}
				if string(m.Frames[0]) == "hello" {
					continue
				}
				if string(m.Frames[0]) != fmt.Sprint(r, i) || len(m.Frames[1]) != msgSize {
					return fmt.Errorf("message %d: got topic %q with %d bytes", i, m.Frames[0], len(m.Frames[1]))
				}
				i++
			}
			return nil
		})
	}
	t.Logf("25 MiB delivered in %v while one subscriber read nothing", time.Since(start))
	for _, want := range []string{"dropping messages for a peer that is not reading", "peer stopped reading: no byte accepted"} {
		if !log.waitFor(want, 10*time.Second) {
			t.Fatalf("log has no %q after 10s:\n%s", want, log)
		}
	}
	if !stalled.closedByServer(10 * time.Second) {
		t.Fatalf("the stalled subscriber's connection is still open; log:\n%s", log)
	}
}

// TestLimitsValidation checks that a negative limit is refused.
func TestLimitsValidation(t *testing.T) {
	_, err := transport.Register(transport.Limits{MaxFrame: -1})
	if err == nil {
		t.Fatal("Register accepted MaxFrame -1")
	}
	var te *transport.Error
	if errors.As(err, &te) {
		t.Errorf("got a connection error %v, want a configuration error", err)
	}
}

// logBuffer collects log output for a test to wait on.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// waitFor reports whether the log contains s within d.
func (l *logBuffer) waitFor(s string, d time.Duration) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(l.String(), s) {
			return true
		}
	}
	return false
}
