//go:build unix

package nnplot_test

import (
	"bytes"
	"encoding/gob"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// kernel plays the kernel side of gonbui's protocol: it creates the named
// pipes that GONB_PIPE and GONB_PIPE_BACK name, decodes what gonbui writes
// with the real protocol types and acknowledges gonbui.Sync as a kernel
// does. gonbui opens its pipes once per process, so every test shares one
// kernel.
var kernel struct {
	once sync.Once
	dir  string
	msgs chan *protocol.DisplayData
	err  error
	// syncs counts the acknowledged Sync requests.
	syncs atomic.Int64
}

// endMark is the text/plain of the message that collect sends to mark the
// end of a test's output.
const endMark = "nnplot test: end of output"

// inNotebook makes gonbui believe a kernel runs the test and returns the
// channel of decoded messages.
func inNotebook(t *testing.T) <-chan *protocol.DisplayData {
	t.Helper()
	kernel.once.Do(func() {
		kernel.dir, kernel.err = os.MkdirTemp("", "nnplot-kernel")
		if kernel.err != nil {
			return
		}
		pipe := filepath.Join(kernel.dir, "display")
		back := filepath.Join(kernel.dir, "back")
		for _, p := range []string{pipe, back} {
			if kernel.err = syscall.Mkfifo(p, 0o600); kernel.err != nil {
				return
			}
		}
		os.Setenv(protocol.GONB_PIPE_ENV, pipe)
		os.Setenv(protocol.GONB_PIPE_BACK_ENV, back)
		kernel.msgs = make(chan *protocol.DisplayData, 64)
		go func() {
			defer close(kernel.msgs)
			f, err := os.Open(pipe) // blocks until gonbui opens the pipe for writing
			if err != nil {
				return
			}
			b, err := os.OpenFile(back, os.O_WRONLY, 0) // blocks until gonbui opens it for reading
			if err != nil {
				return
			}
			dec, enc := gob.NewDecoder(f), gob.NewEncoder(b)
			for {
				var d protocol.DisplayData
				if err := dec.Decode(&d); err != nil {
					return
				}
				c, ok := d.Data[protocol.MIMECommValue].(protocol.CommValue)
				if p, isPtr := d.Data[protocol.MIMECommValue].(*protocol.CommValue); isPtr {
					c, ok = *p, true
				}
				if ok && c.Address == protocol.GonbuiSyncAddress {
					kernel.syncs.Add(1)
					if err := enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: c.Value}); err != nil {
						return
					}
					continue
				}
				kernel.msgs <- &d
			}
		}()
	})
	if kernel.err != nil {
		t.Fatalf("set up the display pipe: %v", kernel.err)
	}
	gonbui.IsNotebook = true
	t.Cleanup(func() { gonbui.IsNotebook = false })
	return kernel.msgs
}

// collect returns the messages sent since the last collect.
func collect(t *testing.T, msgs <-chan *protocol.DisplayData) []*protocol.DisplayData {
	t.Helper()
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextPlain: endMark}})
	if err := gonbui.Error(); err != nil {
		t.Fatalf("gonbui: %v", err)
	}
	var got []*protocol.DisplayData
	for {
		select {
		case d, ok := <-msgs:
			if !ok {
				t.Fatal("display pipe closed")
			}
			if d.Data[protocol.MIMETextPlain] == endMark {
				return got
			}
			got = append(got, d)
		case <-time.After(10 * time.Second):
			t.Fatal("no end mark from the display pipe")
		}
	}
}

// fakeClock is a clock that tests move by hand.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) at(ms int, f func()) {
	c.now = time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond)
	f()
}
func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(0, 0)} }

func TestProgressNotebookMessages(t *testing.T) {
	msgs := inNotebook(t)
	clk := newFakeClock()
	p := nnplot.NewProgress()
	p.Clock = clk.Now
	if !p.Notebook {
		t.Fatal("NewProgress in a notebook: Notebook = false, want true")
	}
	// Two epochs of four steps, a step every 50 ms, redrawn at most every
	// 250 ms: draws at 0 (Start), 300 and 600 ms, then the final bar and
	// image at 700 ms.
	syncs := kernel.syncs.Load()
	clk.at(0, func() { p.Start(2, 4, 0) })
	// The display exists when Start returns: text printed next shows
	// below it.
	if n, synced := len(msgs), kernel.syncs.Load()-syncs; n != 1 || synced != 1 {
		t.Errorf("when Start returned the kernel had %d messages and %d syncs, want 1 and 1", n, synced)
	}
	ms := 0
	for epoch := 1; epoch <= 2; epoch++ {
		for step := 1; step <= 4; step++ {
			ms += 50
			if epoch == 2 && step == 1 {
				ms = 300
			}
			if epoch == 2 && step == 4 {
				ms = 600
			}
			clk.at(ms, func() { p.Update(epoch, step, 1/float64(ms)) })
		}
		clk.at(ms, func() { p.EndEpoch(epoch, 1/float64(ms), 2/float64(ms)) })
	}
	clk.at(700, p.Done)
	// The last draw and the figure are there when Done returns.
	if n, synced := len(msgs), kernel.syncs.Load()-syncs; n != 5 || synced != 2 {
		t.Errorf("when Done returned the kernel had %d messages and %d syncs, want 5 and 2", n, synced)
	}
	got := collect(t, msgs)

	want := []struct {
		transient bool     // carries the display_id
		text      []string // in text/plain
		image     bool     // an image/png, or an <img> in text/html
	}{
		{true, []string{"epoch 0/2", "  0%", "step 0/4"}, false},
		{true, []string{"epoch 2/2", " 62%", "step 1/4", "val 0.01"}, true},
		{true, []string{"epoch 2/2", "100%", "step 4/4", "ETA 0:00"}, true},
		{true, []string{"epoch 2/2", "100%", "step 4/4", "done in 0:01"}, false},
		{false, []string{"epoch 2/2", "100%"}, true},
	}
	if len(got) != len(want) {
		for i, d := range got {
			t.Logf("message %d: display id %q, text %q", i, d.DisplayID, d.Data[protocol.MIMETextPlain])
		}
		t.Fatalf("got %d messages, want %d", len(got), len(want))
	}
	id := got[0].DisplayID
	if id == "" {
		t.Fatal("first message has no display id, want a transient display")
	}
	for i, w := range want {
		d := got[i]
		if w.transient && d.DisplayID != id || !w.transient && d.DisplayID != "" {
			t.Errorf("message %d: display id %q, want transient=%v (id %q)", i, d.DisplayID, w.transient, id)
		}
		text, _ := d.Data[protocol.MIMETextPlain].(string)
		for _, s := range w.text {
			if !strings.Contains(text, s) {
				t.Errorf("message %d: text %q does not contain %q", i, text, s)
			}
		}
		if html, ok := d.Data[protocol.MIMETextHTML].(string); ok {
			if hasImg := strings.Contains(html, "<img"); hasImg != w.image {
				t.Errorf("message %d: html has an image = %v, want %v", i, hasImg, w.image)
			}
			continue
		}
		b, ok := d.Data[protocol.MIMEImagePNG].([]byte)
		if !ok || !w.image {
			t.Errorf("message %d: neither HTML nor the final PNG: %v", i, d.Data)
			continue
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("message %d: image/png does not decode: %v", i, err)
		}
	}

	// The redraws at 300 and 600 ms fall within one CurveInterval (1 s): the
	// second shows the curve rendered for the first.
	img := func(d *protocol.DisplayData) string {
		html, _ := d.Data[protocol.MIMETextHTML].(string)
		_, img, _ := strings.Cut(html, "<img")
		return img
	}
	if img(got[1]) == "" || img(got[1]) != img(got[2]) {
		t.Error("the curve was rendered again within CurveInterval")
	}

	// Done again draws nothing more.
	p.Done()
	if extra := collect(t, msgs); len(extra) != 0 {
		t.Errorf("second Done sent %d messages, want 0", len(extra))
	}
}

func TestShowNotebook(t *testing.T) {
	msgs := inNotebook(t)
	p := nnplot.Curves{Title: "Loss", Series: []nnplot.Series{{Name: "train", Y: []float64{1, 0.5}}}}.Plot()
	syncs := kernel.syncs.Load()
	if err := (nnplot.Renderer{DPI: 200}).Show(p); err != nil {
		t.Fatal(err)
	}
	// Show returns once the kernel has the figure: what the cell prints
	// next cannot overtake it.
	if n, synced := len(msgs), kernel.syncs.Load()-syncs; n != 1 || synced != 1 {
		t.Errorf("when Show returned the kernel had %d messages and %d syncs, want 1 and 1", n, synced)
	}
	if err := nnplot.ShowSVG(p); err != nil {
		t.Fatal(err)
	}
	if n, synced := len(msgs), kernel.syncs.Load()-syncs; n != 2 || synced != 2 {
		t.Errorf("when ShowSVG returned the kernel had %d messages and %d syncs, want 2 and 2", n, synced)
	}
	got := collect(t, msgs)
	if len(got) != 2 {
		t.Fatalf("got %d messages, want 2", len(got))
	}
	b, _ := got[0].Data[protocol.MIMEImagePNG].([]byte)
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Show: image/png does not decode: %v", err)
	}
	if w := img.Bounds().Dx(); w != 1280 {
		t.Errorf("Show at 200 DPI: image is %d pixels wide, want 1280", w)
	}
	size, _ := got[0].Metadata[string(protocol.MIMEImagePNG)].(map[string]int)
	if size["width"] != 640 || size["height"] != 420 {
		t.Errorf("Show: metadata size %v, want 640×420, the size at the default 100 DPI", size)
	}
	html, _ := got[1].Data[protocol.MIMETextHTML].(string)
	if !strings.Contains(html, "<svg") || !strings.Contains(html, "Loss") {
		t.Errorf("ShowSVG: html %.80q… does not hold the SVG", html)
	}
}

func TestMain(m *testing.M) {
	// Tests choose when gonbui talks to a kernel: never to one that happens
	// to run "go test" from a notebook cell.
	gonbui.IsNotebook = false
	code := m.Run()
	if kernel.dir != "" {
		os.RemoveAll(kernel.dir)
	}
	os.Exit(code)
}
