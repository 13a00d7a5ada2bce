package transport

import (
	"bytes"
	"fmt"
	"math"
	"net"
	"sync"
	"time"
)

// writePiece is the most a single write to the socket carries, so that the
// write deadline measures progress rather than the size of a message.
const writePiece = 64 << 10

// conn is one guarded connection as zmq4 sees it: reads first return the
// peer's handshake bytes the listener already read, then the socket's bytes
// through a frame-size check; writes go to a bounded queue that writeLoop
// drains, after zmq4's copy of the greeting (already sent) is checked and
// dropped.
type conn struct {
	net.Conn // the socket
	lim      Limits
	peer     string

	// Only zmq4's reading goroutine touches the read side.
	pending []byte // handshake bytes zmq4 has not read yet
	scan    frameScanner

	drained chan struct{} // closed when writeLoop returns

	mu   sync.Mutex
	cond *sync.Cond // signals a change of queue, err or closing
	// mu guards the fields below.
	queue    [][]byte     // bytes waiting to be written, oldest first
	queued   int          // total length of queue and of the batch being written
	closing  bool         // Close was called; drain, then close
	swallow  []byte       // the part of the greeting zmq4 has not written yet
	out      frameScanner // follows the frames zmq4 writes
	dropping bool         // the message being written is dropped
	dropped  int          // messages dropped since the queue was last below the limit
	err      error        // why the connection ended; nil while it is open
}

// newConn wraps c, whose handshake bytes are pending, and starts its writer.
func newConn(c net.Conn, pending []byte, lim Limits) *conn {
	g := &conn{
		Conn:    c,
		lim:     lim,
		peer:    c.RemoteAddr().String(),
		pending: pending,
		scan:    frameScanner{max: uint64(lim.MaxFrame)},
		swallow: greeting(),
		drained: make(chan struct{}),
		out:     frameScanner{max: math.MaxUint64},
	}
	g.cond = sync.NewCond(&g.mu)
	go g.writeLoop()
	return g
}

// Read returns the pending handshake bytes, then the socket's bytes once the
// frame headers in them are within the limit; a header over the limit closes
// the connection before zmq4 sees it.
func (c *conn) Read(p []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(p, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	n, err := c.Conn.Read(p)
	if n > 0 {
		if serr := c.scan.scan(p[:n]); serr != nil {
			e := &Error{Op: "read", Peer: c.peer, Err: serr}
			c.lim.Logger.Warn("closed a connection that announced an oversized frame", "err", e)
			c.fail(e)
			return 0, e
		}
	}
	return n, err
}

// Write queues p for the peer and returns at once. It fails when the
// connection has ended, or ends it when the queue would exceed the limit.
func (c *conn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	n := len(p)
	if len(c.swallow) > 0 {
		k := min(len(p), len(c.swallow))
		if !bytes.Equal(p[:k], c.swallow[:k]) {
			e := &Error{Op: "write", Peer: c.peer, Err: fmt.Errorf(
				"%w: zmq4's greeting % x differs from the one sent % x", ErrHandshake, p[:k], c.swallow[:k])}
			c.failLocked(e)
			return 0, e
		}
		c.swallow = c.swallow[k:]
		p = p[k:]
	}
	if len(p) == 0 {
		return n, nil
	}
	var keep []byte
	for len(p) > 0 {
		if c.out.atMessageStart() {
			c.dropping = c.queued > c.lim.MaxQueue
			if c.dropping {
				c.dropped++
				if c.dropped == 1 {
					c.lim.Logger.Warn("dropping messages for a peer that is not reading",
						"peer", c.peer, "queued", c.queued, "limit", c.lim.MaxQueue)
				}
			}
		}
		k, _ := c.out.step(p) // no size limit on what the kernel writes
		if !c.dropping {
			keep = append(keep, p[:k]...)
		}
		p = p[k:]
	}
	if len(keep) == 0 {
		return n, nil
	}
	c.queue = append(c.queue, keep)
	c.queued += len(keep)
	c.cond.Signal()
	return n, nil
}

// writeLoop writes the queue to the socket until the connection ends, or
// until it is closing and the queue is empty.
func (c *conn) writeLoop() {
	defer close(c.drained)
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && c.err == nil && !c.closing {
			c.cond.Wait()
		}
		if c.err != nil || len(c.queue) == 0 {
			c.mu.Unlock()
			return
		}
		batch := c.queue
		c.queue = nil
		c.mu.Unlock()
		for _, b := range batch {
			if err := c.writeAll(b); err != nil {
				e := &Error{Op: "write", Peer: c.peer, Err: err}
				c.lim.Logger.Warn("closed the connection of a peer that stopped reading", "err", e)
				c.fail(e)
				return
			}
			c.mu.Lock()
			c.queued -= len(b)
			if c.dropped > 0 && c.queued <= c.lim.MaxQueue {
				c.lim.Logger.Info("peer reading again", "peer", c.peer, "dropped_messages", c.dropped)
				c.dropped = 0
			}
			c.mu.Unlock()
		}
	}
}

// writeAll writes b in pieces, each of which the peer must accept within
// the write timeout.
func (c *conn) writeAll(b []byte) error {
	for len(b) > 0 {
		piece := b[:min(len(b), writePiece)]
		if err := c.Conn.SetWriteDeadline(time.Now().Add(c.lim.WriteTimeout)); err != nil {
			return err
		}
		n, err := c.Conn.Write(piece)
		b = b[n:]
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() && n > 0 {
				continue // slow, but the peer is reading
			}
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				return fmt.Errorf("%w: no byte accepted in %v", ErrPeerStalled, c.lim.WriteTimeout)
			}
			return err
		}
	}
	return nil
}

// Close lets the queue drain for up to the linger time, then closes the
// socket.
func (c *conn) Close() error {
	c.mu.Lock()
	c.closing = true
	c.cond.Broadcast()
	c.mu.Unlock()
	t := time.NewTimer(c.lim.Linger)
	defer t.Stop()
	select {
	case <-c.drained:
	case <-t.C:
	}
	c.fail(net.ErrClosed)
	return nil
}

// fail ends the connection with err, unless it has ended already.
func (c *conn) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failLocked(err)
}

// failLocked is fail with c.mu held.
func (c *conn) failLocked(err error) {
	if c.err != nil {
		return
	}
	c.err = err
	c.queue = nil
	c.cond.Broadcast()
	_ = c.Conn.Close() // the first error is what matters; the socket is gone either way
}
