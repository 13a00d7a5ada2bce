package kernel

import (
	"strings"
	"testing"
)

func TestStreamBufferCoalesces(t *testing.T) {
	var s streamBuffer
	s.limit = 1 << 10
	s.write("stderr", []byte("e1\n"))
	s.write("stdout", []byte("o1\n"))
	s.write("stderr", []byte("e2\n"))
	s.write("stdout", []byte("o2\n"))
	got := s.take(false)
	want := []streamChunk{{"stderr", "e1\ne2\n"}, {"stdout", "o1\no2\n"}}
	if len(got) != len(want) {
		t.Fatalf("take = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("chunk %d = %q, want %q", i, got[i], want[i])
		}
	}
	if got := s.take(true); len(got) != 0 {
		t.Errorf("second take = %q, want nothing", got)
	}
}

func TestStreamBufferHoldsSplitRune(t *testing.T) {
	var s streamBuffer
	s.limit = 1 << 10
	euro := []byte("€") // 3 bytes
	s.write("stdout", append([]byte("price: "), euro[:2]...))
	if got := s.take(false); len(got) != 1 || got[0].text != "price: " {
		t.Fatalf("take = %q, want the text before the split rune", got)
	}
	s.write("stdout", euro[2:])
	if got := s.take(false); len(got) != 1 || got[0].text != "€" {
		t.Fatalf("take = %q, want the whole rune", got)
	}
	s.write("stdout", euro[:1])
	if got := s.take(true); len(got) != 1 || got[0].text != string(euro[:1]) {
		t.Fatalf("final take = %q, want the dangling byte", got)
	}
}

func TestStreamBufferKeepsTail(t *testing.T) {
	const limit = 100
	var s streamBuffer
	s.limit = limit
	var all strings.Builder
	for i := range 1000 {
		line := strings.Repeat("x", i%7) + "\n"
		all.WriteString(line)
		s.write("stdout", []byte(line))
		if len(s.pending["stdout"].data) > 2*limit {
			t.Fatalf("buffer grew to %d bytes, limit %d", len(s.pending["stdout"].data), limit)
		}
	}
	s.write("stdout", []byte("the end\n"))
	all.WriteString("the end\n")
	got := s.take(true)
	if len(got) != 1 {
		t.Fatalf("take = %d chunks, want 1", len(got))
	}
	note, kept, ok := strings.Cut(got[0].text, "]\n")
	if !ok || !strings.Contains(note, "bytes of stdout dropped") {
		t.Fatalf("text %q does not start with a drop note", got[0].text)
	}
	if len(kept) > limit || !strings.HasSuffix(all.String(), kept) || !strings.HasSuffix(kept, "the end\n") {
		t.Errorf("kept %q: want at most %d bytes, the tail of the output", kept, limit)
	}
	if !strings.HasPrefix(kept, "x") && !strings.HasPrefix(kept, "\n") {
		t.Errorf("kept %q does not start at a line", kept)
	}
}

func TestIncompleteSuffix(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 0},
		{"a€", 0},
		{"a\xe2\x82", 2},
		{"a\xe2", 1},
		{"\xf0\x9f\x98", 3},
		{"\xff", 0},
		{"a\x82", 0},
	}
	for _, tt := range tests {
		if got := incompleteSuffix([]byte(tt.in)); got != tt.want {
			t.Errorf("incompleteSuffix(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
