package live

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/live/worker/protocol"
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

// TestWorkerProtocol runs the worker built from the embedded sources: the
// kernel's requests (a plugin to run, sizes, a summary) reach it and its
// replies come back with every field the protocol package defines.
func TestWorkerProtocol(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the worker and plugins")
	}
	s, err := NewSession(Config{ProjectDir: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var rec contracttest.Recorder
	code := "xs := []int{1, 2, 3}\nword := strings.Repeat(\"ab\", 300)\nxs"
	res := s.Execute(context.Background(), contract.Request{Code: code, ExecutionCount: 1}, &rec)
	if res.Err != nil {
		t.Fatalf("cell: %v", res.Err)
	}
	if got := res.Value["text/plain"]; got != "[1 2 3]" {
		t.Errorf("value = %q, want [1 2 3]", got)
	}
	sizes, err := s.w.sizes([]string{"xs", "word"})
	if err != nil || !slices.Equal(sizes, []string{"len 3", "len 600"}) {
		t.Errorf("sizes = %q, %v; want len 3, len 600", sizes, err)
	}
	sum, err := s.w.summary("word")
	if err != nil || sum == nil {
		t.Fatalf("summary(word) = %v, %v", sum, err)
	}
	if sum.Size != "len 600" || len([]rune(sum.Value)) != protocol.SummaryMax || !strings.HasSuffix(sum.Value, "…") || !strings.HasPrefix(sum.Value, `"abab`) {
		t.Errorf("summary(word) = %+v, want len 600 and a quoted value cut at %d runes", sum, protocol.SummaryMax)
	}
	if sum, err := s.w.summary("nosuch"); err != nil || sum != nil {
		t.Errorf("summary(nosuch) = %+v, %v; want nil, nil", sum, err)
	}
}
