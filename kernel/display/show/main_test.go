package show_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/display"
)

// kernel is the kernel end of this test process's own display pipes: the
// examples display, and then print what the kernel received.
var kernel struct {
	mu  sync.Mutex
	got []string
}

// received returns the messages the kernel would publish since the last
// call, one line each.
func received() []string {
	kernel.mu.Lock()
	defer kernel.mu.Unlock()
	got := kernel.got
	kernel.got = nil
	return got
}

func record(format string, args ...any) {
	kernel.mu.Lock()
	defer kernel.mu.Unlock()
	kernel.got = append(kernel.got, fmt.Sprintf(format, args...))
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "show-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	p, err := display.Start(context.Background(), display.Config{
		Dir: dir,
		Sink: &contract.SinkFuncs{OnDisplay: func(d contract.Display) {
			kind := "display_data"
			if d.Update {
				kind = "update_display_data"
			}
			for mime, v := range d.Data {
				if b, err := base64.StdEncoding.DecodeString(fmt.Sprint(v)); err == nil && mime == "image/png" {
					v = fmt.Sprintf("%d bytes", len(b))
				}
				s := []rune(fmt.Sprint(v))
				if len(s) > 50 {
					s = append(s[:50], '…')
				}
				record("%s %s %s", kind, mime, string(s))
			}
		},
			OnClearOutput: func(wait bool) { record("clear_output wait=%v", wait) },
			OnStream:      func(name string, p []byte) { record("%s %s", name, p) },
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for _, kv := range p.Env() {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	gonbui.IsNotebook = true // gonbui decides at init, before the variables were set
	code := m.Run()
	if err := p.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return code
}
