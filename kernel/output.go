package kernel

import (
	"bytes"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nnbook/nnbook/kernel/contract"
)

const (
	// streamFlushInterval is how often buffered stdout/stderr is published
	// while a cell runs (ipykernel uses 200 ms; shorter feels live).
	streamFlushInterval = 50 * time.Millisecond
	// streamBufferLimit bounds the bytes published per stream per flush.
	// Beyond it the oldest bytes are dropped, with a note, so the most
	// recent output (the tail) always arrives.
	streamBufferLimit = 1 << 20
)

// output is the [contract.Sink] of one running execute request: it coalesces
// stream chunks into stream messages every streamFlushInterval and publishes
// displays, all with the request as parent.
type output struct {
	k          *Kernel
	r          *request
	silent     bool
	allowStdin bool
	stop       chan struct{} // closed by close to end the flusher
	done       chan struct{} // closed when the flusher has returned

	mu sync.Mutex
	// mu guards streams and closed, and orders publications of this cell.
	streams streamBuffer
	closed  bool // set by close; later chunks are published at once
}

var _ contract.Sink = (*output)(nil)

// newOutput returns the output of r and starts its periodic flusher.
func (k *Kernel) newOutput(r *request, silent, allowStdin bool) *output {
	o := &output{
		k: k, r: r, silent: silent, allowStdin: allowStdin,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		streams: streamBuffer{limit: streamBufferLimit},
	}
	go o.flusher()
	return o
}

func (o *output) flusher() {
	defer close(o.done)
	t := time.NewTicker(streamFlushInterval)
	defer t.Stop()
	for {
		select {
		case <-o.stop:
			return
		case <-t.C:
			o.mu.Lock()
			o.flushLocked(false)
			o.mu.Unlock()
		}
	}
}

// close stops the flusher and publishes what is left. Output that arrives
// later (from a goroutine the cell left behind) is published at once, still
// attributed to this cell, as ipykernel does.
func (o *output) close() {
	close(o.stop)
	<-o.done
	o.mu.Lock()
	o.flushLocked(true)
	o.closed = true
	o.mu.Unlock()
}

// Stream buffers a chunk of the cell's stdout or stderr.
func (o *output) Stream(name string, p []byte) {
	if o.silent || len(p) == 0 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.streams.write(name, p)
	if o.closed {
		o.flushLocked(true)
	}
}

// Display publishes d, after the stream output that came before it.
func (o *output) Display(d contract.Display) {
	if o.silent {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(true)
	msgType := "display_data"
	transient := map[string]any{}
	if d.DisplayID != "" {
		transient["display_id"] = d.DisplayID
		if d.Update {
			msgType = "update_display_data"
		}
	} else if d.Update {
		o.k.log.Warn("update of a display without a display ID; shown as a new display")
	}
	data, metadata := d.Data, d.Metadata
	if data == nil {
		data = map[string]any{}
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	o.k.publish(o.r.msg, msgType, map[string]any{"data": data, "metadata": metadata, "transient": transient})
}

// ClearOutput publishes clear_output, after the stream output that came
// before it; with wait the front end clears when the next output arrives.
func (o *output) ClearOutput(wait bool) {
	if o.silent {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked(true)
	o.k.publish(o.r.msg, "clear_output", map[string]any{"wait": wait})
}

// flushLocked publishes the buffered streams; final also sends a trailing
// incomplete UTF-8 sequence instead of holding it for the next chunk.
func (o *output) flushLocked(final bool) {
	for _, c := range o.streams.take(final) {
		o.k.publish(o.r.msg, "stream", map[string]any{"name": c.name, "text": c.text})
	}
}

// streamBuffer coalesces stream chunks per stream name, in the order the
// streams first wrote since the last take.
type streamBuffer struct {
	limit   int
	order   []string
	pending map[string]*pendingStream
}

// pendingStream is the unsent output of one stream.
type pendingStream struct {
	data    []byte
	dropped int // bytes dropped from the front since the last take
}

// streamChunk is the text of one stream message.
type streamChunk struct {
	name, text string
}

// write appends p to the stream's buffer. Past twice the limit the buffer
// is trimmed to the limit, so a flood costs amortised constant time per byte.
func (s *streamBuffer) write(name string, p []byte) {
	if s.pending == nil {
		s.pending = make(map[string]*pendingStream)
	}
	ps := s.pending[name]
	if ps == nil {
		ps = &pendingStream{}
		s.pending[name] = ps
		s.order = append(s.order, name)
	}
	ps.data = append(ps.data, p...)
	if len(ps.data) > 2*s.limit {
		ps.trim(s.limit)
	}
}

// trim drops the oldest bytes beyond limit, at a line boundary when one is
// near.
func (ps *pendingStream) trim(limit int) {
	over := len(ps.data) - limit
	if over <= 0 {
		return
	}
	cut := over
	if i := bytes.IndexByte(ps.data[cut:], '\n'); i >= 0 && i < limit/2 {
		cut += i + 1 // keep whole lines
	}
	ps.dropped += cut
	ps.data = append(ps.data[:0], ps.data[cut:]...)
}

// take returns the buffered text per stream and empties the buffer. Unless
// final, an incomplete UTF-8 sequence at the end of a stream stays buffered
// so a character split across writes is not mangled.
func (s *streamBuffer) take(final bool) []streamChunk {
	var chunks []streamChunk
	var keep []string
	for _, name := range s.order {
		ps := s.pending[name]
		ps.trim(s.limit)
		n := len(ps.data)
		if !final {
			n -= incompleteSuffix(ps.data)
		}
		if n == 0 && ps.dropped == 0 {
			if len(ps.data) > 0 {
				keep = append(keep, name)
			} else {
				delete(s.pending, name)
			}
			continue
		}
		text := string(ps.data[:n])
		if ps.dropped > 0 {
			text = fmt.Sprintf("[nnbook: %d bytes of %s dropped: the cell wrote faster than the front end can show]\n", ps.dropped, name) + text
		}
		chunks = append(chunks, streamChunk{name: name, text: text})
		rest := ps.data[n:]
		if len(rest) == 0 {
			delete(s.pending, name)
			continue
		}
		ps.data = append(ps.data[:0], rest...)
		ps.dropped = 0
		keep = append(keep, name)
	}
	s.order = keep
	return chunks
}

// incompleteSuffix returns the length of a truncated UTF-8 sequence at the
// end of b (0 when b ends on a whole character or invalid bytes).
func incompleteSuffix(b []byte) int {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		c := b[len(b)-i]
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}
