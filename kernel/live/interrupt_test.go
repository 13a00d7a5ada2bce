package live_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// interruptWithin is how soon an interrupted cell must return.
const interruptWithin = 500 * time.Millisecond

// TestSessionKeyboardInterrupt interrupts cells that loop or block in code
// written in the cell: each stops within interruptWithin with a
// KeyboardInterrupt at the line where it was, its deferred calls ran, and
// the next cell sees every variable as it was.
func TestSessionKeyboardInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	tests := []struct {
		name string
		// loop prints "started", then runs until interrupted; the
		// interrupt must name line.
		loop string
		line string
		// after runs once the loop was interrupted.
		after step
	}{
		{
			name:  "busy loop",
			loop:  "fmt.Println(\"started\")\nfor {\n\tcount++\n}",
			line:  "cell[2] line 2",
			after: step{code: "count > 1000", value: "true"},
		},
		{
			name:  "sleep loop",
			loop:  "fmt.Println(\"started\")\nfor {\n\tcount++\n\ttime.Sleep(time.Hour)\n}",
			line:  "cell[2] line 4",
			after: step{code: "count", value: "1"},
		},
		{
			name:  "receive",
			loop:  "ch := make(chan int)\ncount = 5\nfmt.Println(\"started\")\nv := <-ch\ncount = v",
			line:  "cell[2] line 4",
			after: step{code: "count", value: "5"},
		},
		{
			name:  "receive with ok",
			loop:  "ch := make(chan int)\nfmt.Println(\"started\")\nv, ok := <-ch\nfmt.Println(v, ok)",
			line:  "cell[2] line 3",
			after: step{code: "count", value: "0"},
		},
		{
			name:  "send",
			loop:  "ch := make(chan int)\nfmt.Println(\"started\")\nch <- 1",
			line:  "cell[2] line 3",
			after: step{code: "count", value: "0"},
		},
		{
			name:  "select",
			loop:  "a, b := make(chan int), make(chan string)\nfmt.Println(\"started\")\nselect {\ncase <-a:\ncase b <- \"x\":\n}",
			line:  "cell[2] line 3",
			after: step{code: "count", value: "0"},
		},
		{
			name:  "empty select",
			loop:  "fmt.Println(\"started\")\nselect {}",
			line:  "cell[2] line 2",
			after: step{code: "count", value: "0"},
		},
		{
			name: "function with defer",
			loop: "func spin() {\n\tdefer func() { cleaned = true }()\n\tfor i := 0; ; i++ {\n\t\tcount = i\n\t}\n}\n\n" +
				"fmt.Println(\"started\")\nspin()",
			line:  "cell[2] line 3",
			after: step{code: "cleaned && count > 0", value: "true"},
		},
		{
			name:  "range over a channel in a variable",
			loop:  "ch := make(chan int, 1)\nch <- 1\nfmt.Println(\"started\")\nfor v := range ch {\n\tcount += v\n}",
			line:  "cell[2] line 4",
			after: step{code: "count", value: "1"},
		},
		{
			name:  "range over a channel in a function",
			loop:  "type stream <-chan int\n\nfunc drain(s stream) {\n\tfor range s {\n\t\tcount++\n\t}\n}\n\nfmt.Println(\"started\")\ndrain(make(chan int))",
			line:  "cell[2] line 4",
			after: step{code: "count", value: "0"},
		},
		{
			name:  "method with range loop",
			loop:  "type ticker struct{ n int }\n\nfunc (t *ticker) run() {\n\tfor range time.Tick(time.Millisecond) {\n\t\tt.n++\n\t\tcount = t.n\n\t}\n}\n\nfmt.Println(\"started\")\n(&ticker{}).run()",
			line:  "cell[2] line 4",
			after: step{code: "count > 0", value: "true"},
		},
	}
	s := newSession(t, 3*time.Second)
	run(t, s, 1, step{code: "import (\n\t\"fmt\"\n\t\"time\"\n)\nvar count int\nvar cleaned bool\n_ = time.Second"})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 10 * (i + 1)
			run(t, s, n, step{code: "count, cleaned = 0, false"})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			var at time.Time
			rec := &contracttest.Recorder{OnStream: whenStarted(func() {
				// The interrupt comes while the cell loops or blocks.
				time.AfterFunc(100*time.Millisecond, func() {
					mu.Lock()
					at = time.Now()
					mu.Unlock()
					cancel()
				})
			})}
			code := strings.ReplaceAll(tt.loop, "cell[2]", "")
			res := s.Execute(ctx, contract.Request{Code: code, ExecutionCount: 2}, rec)
			mu.Lock()
			took := time.Since(at)
			mu.Unlock()
			if res.Err == nil || res.Err.Name != "KeyboardInterrupt" {
				t.Fatalf("interrupted cell: got %v, want KeyboardInterrupt", res.Err)
			}
			text := ansi.ReplaceAllString(res.Err.Error()+"\n"+strings.Join(res.Err.Traceback, "\n"), "")
			if !strings.Contains(text, "interrupted at "+tt.line) || !strings.Contains(text, "variables are kept") {
				t.Errorf("error:\n%s\nwant it to say interrupted at %s, variables are kept", text, tt.line)
			}
			if strings.Contains(text, "kernel/interrupt") {
				t.Errorf("traceback shows the interrupt runtime's frames:\n%s", text)
			}
			if took > interruptWithin {
				t.Errorf("the cell returned %v after the interrupt, want within %v", took, interruptWithin)
			}
			run(t, s, n+1, tt.after)
			if t.Failed() {
				t.Logf("stdout %q stderr %q", rec.Stdout(), rec.Stderr())
			}
		})
	}
}
