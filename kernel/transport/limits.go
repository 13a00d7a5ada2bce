package transport

import (
	"fmt"
	"log/slog"
	"time"
)

// Limits bounds what one peer of a guarded socket may cost the kernel.
// The zero value of each field means its default.
type Limits struct {
	// HandshakeTimeout is how long a new connection may take to send its
	// ZMTP greeting and READY command. Default: 10 s.
	HandshakeTimeout time.Duration
	// MaxHandshakes is how many handshakes may be in progress at once on
	// one listener; further connections are closed at once. Default: 128.
	MaxHandshakes int
	// MaxFrame is the largest ZMTP frame body, in bytes, a peer may
	// announce; a larger one closes its connection. Default: 256 MiB.
	MaxFrame int64
	// MaxQueue is how many bytes may wait to be written to one peer; a
	// write beyond it closes that peer's connection. Default: 64 MiB.
	MaxQueue int
	// WriteTimeout is how long a peer may accept no byte while data waits
	// for it; then its connection is closed. Default: 10 s.
	WriteTimeout time.Duration
	// Linger is how long closing a connection waits for its queue to
	// drain. Default: 500 ms.
	Linger time.Duration
	// Logger receives one line per refused peer. Default (nil): discard.
	Logger *slog.Logger
}

// maxHandshakeFrame bounds the READY command read during the handshake: its
// metadata is a socket type and an identity of at most 255 bytes.
const maxHandshakeFrame = 64 << 10

// withDefaults returns l with every zero field set to its default, or an
// error naming the first negative field.
func (l Limits) withDefaults() (Limits, error) {
	if l.HandshakeTimeout < 0 || l.MaxHandshakes < 0 || l.MaxFrame < 0 || l.MaxQueue < 0 ||
		l.WriteTimeout < 0 || l.Linger < 0 {
		return l, fmt.Errorf("kernel/transport: negative limit in %+v, want zero (default) or positive values", l)
	}
	if l.HandshakeTimeout == 0 {
		l.HandshakeTimeout = 10 * time.Second
	}
	if l.MaxHandshakes == 0 {
		l.MaxHandshakes = 128
	}
	if l.MaxFrame == 0 {
		l.MaxFrame = 256 << 20
	}
	if l.MaxQueue == 0 {
		l.MaxQueue = 64 << 20
	}
	if l.WriteTimeout == 0 {
		l.WriteTimeout = 10 * time.Second
	}
	if l.Linger == 0 {
		l.Linger = 500 * time.Millisecond
	}
	if l.Logger == nil {
		l.Logger = slog.New(slog.DiscardHandler)
	}
	return l, nil
}
