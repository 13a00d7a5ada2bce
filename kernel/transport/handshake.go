package transport

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"time"
)

// greetingLen is the length of a ZMTP 3 greeting.
const greetingLen = 64

// greeting returns the greeting of a ZMTP 3.0 NULL-mechanism peer that is not
// a server: signature 0xFF, 8 octets of padding, 0x7F; version 3.0;
// mechanism "NULL" padded with zeros to 20 octets; as-server 0; 31 octets of
// filler. It is what zmq4 v0.17 sends, and [conn.Write] checks that it is.
func greeting() []byte {
	g := make([]byte, greetingLen)
	g[0], g[9] = 0xFF, 0x7F
	g[10], g[11] = 3, 0
	copy(g[12:32], "NULL")
	return g
}

// handshake runs the peer's half of a ZMTP handshake on c before the
// deadline: it sends the greeting and reads the peer's greeting and its
// first command (READY). It returns the bytes read, which zmq4 will read
// again, and leaves c with no deadline.
func handshake(c net.Conn, lim Limits) ([]byte, error) {
	if err := c.SetDeadline(time.Now().Add(lim.HandshakeTimeout)); err != nil {
		return nil, err
	}
	if _, err := c.Write(greeting()); err != nil {
		return nil, fmt.Errorf("send greeting: %w", err)
	}
	got := make([]byte, greetingLen+9)
	if _, err := io.ReadFull(c, got[:greetingLen]); err != nil {
		return nil, fmt.Errorf("read greeting: %w", err)
	}
	if err := checkGreeting(got[:greetingLen]); err != nil {
		return nil, err
	}
	flags := got[greetingLen : greetingLen+1]
	if _, err := io.ReadFull(c, flags); err != nil {
		return nil, fmt.Errorf("read READY: %w", err)
	}
	if flags[0]&flagCommand == 0 {
		return nil, fmt.Errorf("%w: first frame has flags %#02x, want a command (READY)", ErrHandshake, flags[0])
	}
	n := 1
	if flags[0]&flagLong != 0 {
		n = 8
	}
	size := got[greetingLen+1 : greetingLen+1+n]
	if _, err := io.ReadFull(c, size); err != nil {
		return nil, fmt.Errorf("read READY: %w", err)
	}
	body := frameSize(flags[0], size)
	if body > maxHandshakeFrame {
		return nil, fmt.Errorf("%w: READY announces %d bytes, limit %d", ErrFrameTooLarge, body, maxHandshakeFrame)
	}
	got = got[:greetingLen+1+n]
	got = append(got, make([]byte, body)...)
	if _, err := io.ReadFull(c, got[greetingLen+1+n:]); err != nil {
		return nil, fmt.Errorf("read READY: %w", err)
	}
	if err := c.SetDeadline(time.Time{}); err != nil {
		return nil, err
	}
	return got, nil
}

// checkGreeting checks a peer's greeting: ZMTP signature, version 3 or
// later, mechanism NULL.
func checkGreeting(g []byte) error {
	if g[0] != 0xFF || g[9]&0x01 == 0 {
		return fmt.Errorf("%w: greeting starts % x, want a ZMTP signature (ff … 7f)", ErrHandshake, g[:10])
	}
	if g[10] < 3 {
		return fmt.Errorf("%w: ZMTP version %d.%d, want 3.0 or later", ErrHandshake, g[10], g[11])
	}
	if mech := string(bytes.TrimRight(g[12:32], "\x00")); mech != "NULL" {
		return fmt.Errorf("%w: security mechanism %q, want NULL", ErrHandshake, mech)
	}
	return nil
}
