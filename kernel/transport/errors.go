package transport

import "errors"

// The reasons a guarded connection is refused or closed. They reach zmq4
// wrapped in an [*Error], and tests match them with errors.Is.
var (
	// ErrFrameTooLarge: a frame header announced more than the limit.
	ErrFrameTooLarge = errors.New("frame larger than the limit")
	// ErrHandshake: the peer's greeting or READY command is not ZMTP 3 NULL.
	ErrHandshake = errors.New("bad ZMTP handshake")
	// ErrPeerStalled: the peer stopped reading while data waited for it.
	ErrPeerStalled = errors.New("peer stopped reading")
)

// Error is a refused or closed connection: what was being done, with which
// peer, and why. It is a net.Error that is not a timeout, so zmq4 treats the
// connection as closed and removes it from its socket.
type Error struct {
	Op   string // "handshake", "read" or "write"
	Peer string // the peer's address
	Err  error
}

func (e *Error) Error() string {
	return "kernel/transport: " + e.Op + " " + e.Peer + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// Timeout reports false: the connection is gone, not slow.
func (e *Error) Timeout() bool { return false }

// Temporary reports false (net.Error's deprecated method).
func (e *Error) Temporary() bool { return false }
