package transport

import (
	"errors"
	"net"
	"sync"
	"time"
)

// listener accepts sockets in its own loop and hands zmq4 only those whose
// handshake completed; the handshakes run concurrently, each under the
// handshake timeout, at most lim.MaxHandshakes at once.
type listener struct {
	net.Listener
	lim   Limits
	ready chan net.Conn // handshaken connections for Accept
	slots chan struct{} // one token per handshake in progress
	done  chan struct{} // closed by Close
	once  sync.Once
	wg    sync.WaitGroup // the accept loop and the handshakes
}

func newListener(l net.Listener, lim Limits) *listener {
	g := &listener{
		Listener: l,
		lim:      lim,
		ready:    make(chan net.Conn),
		slots:    make(chan struct{}, lim.MaxHandshakes),
		done:     make(chan struct{}),
	}
	g.wg.Go(g.acceptLoop)
	return g
}

// Accept returns the next connection whose handshake completed.
func (l *listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops accepting, closes the connections not handed to zmq4 yet and
// waits for the handshakes to end.
func (l *listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.Listener.Close()
		l.wg.Wait()
	})
	return err
}

// acceptLoop accepts sockets and starts a handshake for each, until the
// listener is closed.
func (l *listener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Temporary (e.g. out of file descriptors): back off briefly.
			l.lim.Logger.Warn("accept failed", "addr", l.Addr().String(), "err", err)
			select {
			case <-l.done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		select {
		case l.slots <- struct{}{}:
			l.wg.Go(func() {
				defer func() { <-l.slots }()
				l.admit(c)
			})
		default:
			l.lim.Logger.Warn("refused a connection: too many handshakes in progress",
				"peer", c.RemoteAddr().String(), "limit", l.lim.MaxHandshakes)
			_ = c.Close()
		}
	}
}

// admit runs c's handshake and hands it to Accept, or closes it.
func (l *listener) admit(c net.Conn) {
	pending, err := handshake(c, l.lim)
	if err != nil {
		l.lim.Logger.Warn("refused a connection",
			"err", &Error{Op: "handshake", Peer: c.RemoteAddr().String(), Err: err})
		_ = c.Close()
		return
	}
	g := newConn(c, pending, l.lim)
	select {
	case l.ready <- g:
	case <-l.done:
		g.fail(net.ErrClosed)
	}
}
