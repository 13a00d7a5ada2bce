package display

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
)

// streamBufSize is the most bytes one read of the program's output takes.
const streamBufSize = 32 << 10

// stream is the kernel's end of the program's stdout or stderr. Its bytes
// go to Config.Stream from two places: a goroutine that reads them as they
// come, and [Pipes.flushStreams], which takes what is waiting before a
// display is published, so that text and displays keep the order in which
// the program produced them (a write to stdout returns only once its bytes
// are in the pipe).
type stream struct {
	name  string
	r     *os.File // our read end, non-blocking
	w     *os.File // the program's end; closed by Pipes.Started
	rc    syscall.RawConn
	write func(name string, p []byte)
	done  chan struct{} // closed when the reader saw end of file

	// mu serializes reads with delivery, so bytes are delivered in order.
	mu  sync.Mutex
	buf []byte
	eof bool
}

// newStream creates the pipe of one output stream.
func newStream(name string, write func(string, []byte)) (*stream, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("display: create the program's %s: %w", name, err)
	}
	rc, err := r.SyscallConn()
	if err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("display: %s: %w", name, err)
	}
	return &stream{name: name, r: r, w: w, rc: rc, write: write, done: make(chan struct{}), buf: make([]byte, streamBufSize)}, nil
}

// readLoop delivers the program's output as it arrives, until end of file
// or until r is closed.
func (s *stream) readLoop() {
	defer close(s.done)
	for {
		more := true
		err := s.rc.Read(func(fd uintptr) bool {
			s.mu.Lock()
			defer s.mu.Unlock()
			got, wait := s.readLocked(fd)
			more = got
			return !wait
		})
		if err != nil || !more {
			return
		}
	}
}

// readLocked reads once from fd and delivers what it read. It reports
// whether the stream may have more (false at end of file or on an error)
// and whether the pipe was empty. s.mu must be held.
func (s *stream) readLocked(fd uintptr) (more, empty bool) {
	if s.eof {
		return false, false
	}
	n, err := syscall.Read(int(fd), s.buf)
	if errors.Is(err, syscall.EAGAIN) {
		return true, true
	}
	if errors.Is(err, syscall.EINTR) {
		return true, false
	}
	if n <= 0 || err != nil {
		s.eof = true
		return false, false
	}
	s.write(s.name, append([]byte(nil), s.buf[:n]...))
	return true, false
}

// flush delivers everything waiting in the pipe now.
func (s *stream) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.rc.Control(func(fd uintptr) {
		for {
			if more, empty := s.readLocked(fd); !more || empty {
				return
			}
		}
	})
}

// flushStreams delivers the output the program wrote before its current
// display request.
func (p *Pipes) flushStreams() {
	for _, s := range p.streams {
		s.flush()
	}
}
