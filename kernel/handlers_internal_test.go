package kernel

import "testing"

func TestReplyType(t *testing.T) {
	tests := []struct{ in, want string }{
		{"execute_request", "execute_reply"},
		{"frobnicate_request", "frobnicate_reply"},
		{"comm_msg", ""},
		{"_request", "_reply"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := replyType(tt.in); got != tt.want {
			t.Errorf("replyType(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCursorOrEnd(t *testing.T) {
	pos := func(i int) *int { return &i }
	tests := []struct {
		code string
		pos  *int
		want int
	}{
		{"fmt.Pr", nil, 6},
		{"π := 3", nil, 6}, // runes, not bytes
		{"fmt.Pr", pos(3), 3},
		{"fmt", pos(10), 3},
		{"fmt", pos(-1), 0},
	}
	for _, tt := range tests {
		if got := cursorOrEnd(tt.code, tt.pos); got != tt.want {
			t.Errorf("cursorOrEnd(%q, %v) = %d, want %d", tt.code, tt.pos, got, tt.want)
		}
	}
}
