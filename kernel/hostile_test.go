package kernel_test

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/kerneltest"
	"github.com/nnbook/nnbook/kernel/wire"
)

// TestReplayedMessageIsDropped sends a signed execute_request twice, byte for
// byte. The kernel used to run it twice; it now runs it once and drops the
// copy, as ipykernel does ("Duplicate Signature").
func TestReplayedMessageIsDropped(t *testing.T) {
	h := start(t)
	m := h.Message("execute_request", map[string]any{"code": "print:once", "silent": false,
		"store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false})
	frames, err := wire.Encode(m, h.Key)
	if err != nil {
		t.Fatal(err)
	}
	h.SendFrames("shell", frames)
	h.Reply("shell", m.Header.MsgID)
	h.IOPubUntilIdle(m.Header.MsgID)
	h.SendFrames("shell", frames)
	h.NoReply("shell", m.Header.MsgID, 500*time.Millisecond)
	// The same request, signed again with a new msg_id, is a new request.
	if reply, _ := h.Execute("print:twice", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Fatalf("execute after a replay: %v", kerneltest.Content(t, reply))
	}
	if got, want := strings.Join(h.exec.codes(), ","), "print:once,print:twice"; got != want {
		t.Errorf("executed %s, want %s", got, want)
	}
}

// TestShutdownInvalidRestart sends shutdown_request with restart values
// that are not booleans. The kernel used to reply with an error and shut
// down all the same; it now replies with an error and keeps serving.
func TestShutdownInvalidRestart(t *testing.T) {
	h := start(t)
	for _, restart := range []any{"yes", 1, map[string]any{}, []any{true}} {
		id := h.Send("control", "shutdown_request", map[string]any{"restart": restart})
		r := h.Reply("control", id)
		c := kerneltest.Content(t, r)
		if r.Header.MsgType != "shutdown_reply" || c["status"] != "error" || !strings.Contains(fmt.Sprint(c["evalue"]), "keeps running") {
			t.Errorf("restart %v: reply %s %v, want shutdown_reply with an error about restart", restart, r.Header.MsgType, c)
		}
		h.IOPubUntilIdle(id)
	}
	select {
	case err := <-h.served:
		t.Fatalf("Serve returned (%v) after invalid shutdown requests", err)
	default:
	}
	if reply, _ := h.Execute("print:alive", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Fatalf("execute after invalid shutdown requests: %v", kerneltest.Content(t, reply))
	}
}

// TestHugeFrameHeader connects to the shell port with a bare TCP socket and
// sends a ZMTP frame header announcing 2⁶² bytes, before any Jupyter
// authentication. The kernel used to die (makeslice: len out of range); it
// now closes that connection and the next cell runs.
func TestHugeFrameHeader(t *testing.T) {
	conn := kerneltest.FreeConnection(t)
	h := startOn(t, conn)
	c, err := net.DialTimeout("tcp", net.JoinHostPort(conn.IP, strconv.Itoa(conn.ShellPort)), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	g := make([]byte, 64)
	g[0], g[9], g[10] = 0xFF, 0x7F, 3
	copy(g[12:], "NULL")
	ready := []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER")
	msg := append(g, append([]byte{0x04, byte(len(ready))}, ready...)...)
	msg = append(msg, binary.BigEndian.AppendUint64([]byte{0x02}, 1<<62)...)
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, c); err != nil {
		t.Fatalf("the kernel did not close the connection: %v", err)
	}
	if reply, _ := h.Execute("print:alive", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Fatalf("execute after a 2^62-byte frame header: %v", kerneltest.Content(t, reply))
	}
}
