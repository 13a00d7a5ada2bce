package live

import "testing"

// TestReplayCode checks which lines of a cell %rerun runs again: Go code,
// %% lines and the magics that change the session (%go, %rm, %stack and
// any other), but not shell lines, nor the magics that only show something
// or would undo the replay. Blanked lines keep their length, so positions
// hold.
func TestReplayCode(t *testing.T) {
	tests := []struct {
		code, want string
		shell      bool
	}{
		{"x := 1\nx++", "x := 1\nx++", false},
		{"%go get example.com/m@v1.2.3\nimport \"example.com/m\"", "%go get example.com/m@v1.2.3\nimport \"example.com/m\"", false},
		{"%rm a b\n%stack full\n%blas cpu", "%rm a b\n%stack full\n%blas cpu", false},
		{"%% -n 3\nfmt.Println(os.Args)", "%% -n 3\nfmt.Println(os.Args)", false},
		{"%who\n%whos\n%ls\n%time\nx", "    \n     \n   \n     \nx", false},
		{"%help", "     ", false},
		{"  %reset\ny := 2\n%rerun\n", "        \ny := 2\n      \n", false},
		{"!wget -q https://example.com/data.csv\n!*go mod tidy\nload()", "                                     \n             \nload()", true},
	}
	for _, tt := range tests {
		got, shell := replayCode(tt.code)
		if got != tt.want || shell != tt.shell {
			t.Errorf("replayCode(%q) = %q, %v; want %q, %v", tt.code, got, shell, tt.want, tt.shell)
		}
	}
}
