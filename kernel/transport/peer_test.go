package transport_test

import (
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"
)

// rawPeer is a hand-written ZMTP 3.0 NULL client on a bare TCP socket, so a
// test can send exactly the bytes an attacker would.
type rawPeer struct {
	net.Conn
}

// dialRaw connects to addr without any handshake.
func dialRaw(t *testing.T, addr string) *rawPeer {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawPeer{c}
}

// handshake sends a greeting and a READY announcing sockType, and reads the
// server's greeting and READY.
func (p *rawPeer) handshake(t *testing.T, sockType string) {
	t.Helper()
	g := make([]byte, 64)
	g[0], g[9], g[10] = 0xFF, 0x7F, 3
	copy(g[12:], "NULL")
	p.write(t, g)
	body := append([]byte{5}, "READY"...)
	body = append(body, 11)
	body = append(body, "Socket-Type"...)
	body = binary.BigEndian.AppendUint32(body, uint32(len(sockType)))
	body = append(body, sockType...)
	p.write(t, append([]byte{0x04, byte(len(body))}, body...))
	_ = p.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadFull(p, make([]byte, 64)); err != nil {
		t.Fatalf("read server greeting: %v", err)
	}
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(p, hdr); err != nil {
		t.Fatalf("read server READY: %v", err)
	}
	if _, err := io.ReadFull(p, make([]byte, hdr[1])); err != nil {
		t.Fatalf("read server READY body: %v", err)
	}
	_ = p.SetReadDeadline(time.Time{})
}

func (p *rawPeer) write(t *testing.T, b []byte) {
	t.Helper()
	if _, err := p.Write(b); err != nil {
		t.Fatalf("write to server: %v", err)
	}
}

// longHeader is a frame header (flags | LONG) announcing size bytes.
func longHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | 0x02}, size)
}

// closedByServer waits up to d for the server to close the connection,
// draining what it sends.
func (p *rawPeer) closedByServer(d time.Duration) bool {
	_ = p.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, p)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}
