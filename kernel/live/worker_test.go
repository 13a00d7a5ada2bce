package live

import (
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// TestSyncWriter cuts a stream with two markers at every byte offset: the
// text must pass through unchanged without the markers, and each marker
// must signal once.
func TestSyncWriter(t *testing.T) {
	const marker = "\x1enbsync-0123\x1e"
	stream := "abc" + marker + "\x1enb partial \x1e" + marker + "tail\x1enb"
	want := "abc\x1enb partial \x1e"
	for cut := range len(stream) + 1 {
		var rec contracttest.Recorder
		w := &syncWriter{name: "stdout", marker: []byte(marker), synced: make(chan struct{}, 2),
			out: func() contract.Sink { return &rec }}
		w.Write([]byte(stream[:cut]))
		w.Write([]byte(stream[cut:]))
		// "tail\x1enb" may start a marker: "\x1enb" is held back until
		// the next write decides.
		if got := rec.Stdout(); got != want+"tail" {
			t.Errorf("cut at %d: got %q, want %q", cut, got, want+"tail")
		}
		if got := len(w.synced); got != 2 {
			t.Errorf("cut at %d: %d markers signalled, want 2", cut, got)
		}
	}
}
