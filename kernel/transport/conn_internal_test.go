package transport

import (
	"bytes"
	"encoding/binary"
	"net"
	"testing"
	"time"
)

// frame encodes one ZMTP frame with flags (MORE and COMMAND bits; LONG is
// set by size).
func frame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		return append(binary.BigEndian.AppendUint64([]byte{flags | flagLong}, uint64(len(body))), body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// TestWriteDropsWholeMessages fills a peer's queue while it does not read,
// then lets it read: what arrives is whole messages, in order, with the
// ones that started while the queue was over the limit left out.
func TestWriteDropsWholeMessages(t *testing.T) {
	lim, err := Limits{MaxQueue: 900, WriteTimeout: time.Minute}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	server, client := net.Pipe()
	defer client.Close()
	c := newConn(server, nil, lim)
	defer c.Close()
	if _, err := c.Write(greeting()); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	// Message i is two frames: a 1-byte topic i and a 600-byte body, each
	// written in two pieces, as zmq4 writes header and body.
	const msgs = 6
	for i := range msgs {
		for _, f := range [][]byte{frame(0x01, []byte{byte(i)}), frame(0, bytes.Repeat([]byte{byte(i)}, 600))} {
			cut := len(f) / 2
			for _, piece := range [][]byte{f[:cut], f[cut:]} {
				if n, err := c.Write(piece); err != nil || n != len(piece) {
					t.Fatalf("message %d: Write = %d, %v; want %d, nil", i, n, err, len(piece))
				}
			}
		}
	}
	// Read back and parse.
	var got []byte
	s := frameScanner{max: 1 << 20}
	buf := make([]byte, 4096)
	_ = client.SetReadDeadline(time.Now().Add(time.Second))
	for {
		n, err := client.Read(buf)
		if n > 0 {
			if serr := s.scan(buf[:n]); serr != nil {
				t.Fatal(serr)
			}
			got = append(got, buf[:n]...)
		}
		if err != nil {
			break // the deadline: nothing more is coming
		}
	}
	if !s.atMessageStart() {
		t.Fatalf("the stream ends inside a message after %d bytes", len(got))
	}
	var topics []byte
	for len(got) > 0 {
		topic := got[2]
		body := got[3:]
		if got[0] != 0x01 || got[1] != 1 || body[0] != 0x02 {
			t.Fatalf("stream out of step at % x", got[:min(16, len(got))])
		}
		size := binary.BigEndian.Uint64(body[1:9])
		if size != 600 || !bytes.Equal(body[9:9+size], bytes.Repeat([]byte{topic}, 600)) {
			t.Fatalf("message %d: body of %d bytes is not its own", topic, size)
		}
		topics = append(topics, topic)
		got = body[9+size:]
	}
	// A message is 612 bytes. Message 1 starts with 612 queued, under the
	// limit of 900, and is kept whole though it ends over the limit; the
	// rest start over it and are dropped whole.
	if !bytes.Equal(topics, []byte{0, 1}) {
		t.Errorf("delivered messages %v, want [0 1]", topics)
	}
}
