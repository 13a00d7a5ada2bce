package kernel_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/kerneltest"
	"github.com/nnbook/nnbook/kernel/wire"
)

// lockedBuffer collects the kernel's stderr for failure messages.
type lockedBuffer struct {
	mu sync.Mutex
	// mu guards b.
	b bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBinary builds the nnbook binary, starts "nnbook kernel -f FILE" on a
// connection file and drives it with the test client through the real cell
// executor.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the nnbook binary and compiles cells with the go command; skipped with -short")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the integration test needs the go command: %v", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "nnbook")
	build := exec.Command(goCmd, "build", "-o", bin, "./kernel/cmd/nnbook")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./kernel/cmd/nnbook: %v\n%s", err, out)
	}

	t.Run("commands", func(t *testing.T) {
		tests := []struct {
			args     []string
			wantCode int
			want     string // in the combined output
		}{
			{[]string{"--help"}, 0, "nnbook kernel -f CONNECTION_FILE"},
			{[]string{"kernel"}, 2, "usage: nnbook kernel -f CONNECTION_FILE"},
			{[]string{"kernel", "-f", filepath.Join(dir, "missing.json")}, 1, "read connection file"},
			{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
			{nil, 2, "Usage:"},
		}
		for _, tt := range tests {
			out, err := exec.Command(bin, tt.args...).CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode || !strings.Contains(string(out), tt.want) {
				t.Errorf("nnbook %v: exit %d, output %q; want exit %d and %q", tt.args, code, out, tt.wantCode, tt.want)
			}
		}
		// The version is a pseudo-version in a git checkout, devel elsewhere.
		out, err := exec.Command(bin, "version").CombinedOutput()
		if want := regexp.MustCompile(`^nnbook \S+ go1\.\d+\S* \w+/\w+\n$`); err != nil || !want.Match(out) {
			t.Errorf("nnbook version: %v, output %q; want a line matching %s", err, out, want)
		}
	})

	conn := kerneltest.FreeConnection(t)
	connFile := filepath.Join(dir, "kernel.json")
	data, err := json.Marshal(conn)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(connFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd := exec.Command(bin, "kernel", "-f", connFile, "-log-level", "debug")
	cmd.Env = append(os.Environ(), "NNBOOK_SOURCE="+root, "NNBOOK_GO="+goCmd)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("kernel stderr:\n%s", stderr.String())
		}
	})
	c := kerneltest.Dial(t, conn)

	t.Run("hello", func(t *testing.T) {
		c.Use(t)
		reply, outputs := c.Execute(`fmt.Println("hi")`, nil)
		if got := kerneltest.Content(t, reply); got["status"] != "ok" {
			t.Fatalf("reply = %v", got)
		}
		if got := streamText(t, outputs, "stdout"); got != "hi\n" {
			t.Errorf("stdout = %q, want hi", got)
		}
	})

	t.Run("compile error", func(t *testing.T) {
		c.Use(t)
		reply, outputs := c.Execute("x := undefinedName + 1\nfmt.Println(x)", nil)
		checkOneError(t, reply, outputs, "undefinedName")
	})

	t.Run("panic", func(t *testing.T) {
		c.Use(t)
		reply, outputs := c.Execute(`panic("boom in a cell")`, nil)
		checkOneError(t, reply, outputs, "boom in a cell")
	})

	t.Run("wrong signature", func(t *testing.T) {
		c.Use(t)
		marker := filepath.Join(dir, "executed")
		m := c.Message("execute_request", map[string]any{"code": fmt.Sprintf("os.WriteFile(%q, nil, 0o600)", marker),
			"silent": false, "store_history": true, "allow_stdin": false, "stop_on_error": true, "user_expressions": map[string]any{}})
		c.SendMessage("shell", m, []byte("not the key"))
		c.NoReply("shell", m.Header.MsgID, 2*time.Second)
		if _, err := os.Stat(marker); err == nil {
			t.Fatal("a wrongly signed execute_request was executed")
		}
		// The same cell, correctly signed, does create the file.
		reply, _ := c.Execute(kerneltest.Content(t, &wire.Message{Content: m.Content})["code"].(string), nil)
		if _, err := os.Stat(marker); err != nil {
			t.Fatalf("the correctly signed cell did not run (reply %v): %v", kerneltest.Content(t, reply), err)
		}
	})

	t.Run("interrupt", func(t *testing.T) {
		c.Use(t)
		id := c.Send("shell", "execute_request", map[string]any{"code": "fmt.Println(\"looping\")\nfor {\n}",
			"silent": false, "store_history": true, "allow_stdin": false, "stop_on_error": true, "user_expressions": map[string]any{}})
		_, ok := c.Take("iopub", func(m *wire.Message) bool {
			return m.ParentHeader.MsgID == id && m.Header.MsgType == "stream"
		}, time.Now().Add(time.Minute))
		if !ok {
			t.Fatal("the looping cell never printed")
		}
		start := time.Now()
		irq := c.Send("control", "interrupt_request", map[string]any{})
		c.Reply("control", irq)
		const maxWait = 5 * time.Second
		r := c.ReplyWithin("shell", id, maxWait)
		t.Logf("interrupted cell replied after %v", time.Since(start))
		if got := kerneltest.Content(t, r); got["status"] != "error" {
			t.Errorf("reply of the interrupted cell = %v, want status error", got)
		}
		c.IOPubUntilIdle(id)
		reply, outputs := c.Execute(`fmt.Println("still alive")`, nil)
		if got := kerneltest.Content(t, reply); got["status"] != "ok" || streamText(t, outputs, "stdout") != "still alive\n" {
			t.Errorf("after the interrupt: reply %v, outputs %v", got, kerneltest.Types(outputs))
		}
	})

	t.Run("shutdown", func(t *testing.T) {
		c.Use(t)
		id := c.Send("control", "shutdown_request", map[string]any{"restart": false})
		if got := kerneltest.Content(t, c.Reply("control", id)); got["status"] != "ok" || got["restart"] != false {
			t.Errorf("shutdown_reply = %v", got)
		}
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("kernel exited with %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the kernel did not exit after shutdown_request")
		}
	})
}

// streamText concatenates the stream output of name.
func streamText(t *testing.T, outputs []*wire.Message, name string) string {
	t.Helper()
	var b strings.Builder
	for _, m := range outputs {
		if c := kerneltest.Content(t, m); m.Header.MsgType == "stream" && c["name"] == name {
			b.WriteString(c["text"].(string))
		}
	}
	return b.String()
}

// checkOneError checks a failed cell: an error reply, and exactly one output
// besides execute_input, the error, whose text mentions want.
func checkOneError(t *testing.T, reply *wire.Message, outputs []*wire.Message, want string) {
	t.Helper()
	c := kerneltest.Content(t, reply)
	if c["status"] != "error" {
		t.Fatalf("reply = %v, want status error", c)
	}
	var rest []*wire.Message
	for _, m := range outputs {
		if m.Header.MsgType != "execute_input" {
			rest = append(rest, m)
		}
	}
	if len(rest) != 1 || rest[0].Header.MsgType != "error" {
		t.Fatalf("outputs = %v, want exactly one error", kerneltest.Types(rest))
	}
	e := kerneltest.Content(t, rest[0])
	t.Logf("error output: %v", e)
	tb, _ := json.Marshal(e["traceback"])
	if !strings.Contains(fmt.Sprint(e["evalue"])+string(tb), want) {
		t.Errorf("error %v does not mention %q", e, want)
	}
}
