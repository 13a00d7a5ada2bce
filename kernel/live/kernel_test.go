package live_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/wire"
)

// cellTimeout bounds the wait for one cell through the kernel, build
// included.
const cellTimeout = 90 * time.Second

// frontEnd is a minimal Jupyter front end: shell and control DEALER
// sockets and an iopub SUB, enough to run cells and interrupt them.
type frontEnd struct {
	t                     *testing.T
	key                   []byte
	shell, control, iopub zmq4.Socket
	// replies and published receive the messages of shell and iopub.
	replies, published chan *wire.Message
}

// startKernel serves a kernel.Kernel with s as its Executor on 127.0.0.1,
// configured by a connection file, and returns a front end connected to
// it. Both stop when the test ends.
func startKernel(t *testing.T, s contract.Executor) *frontEnd {
	t.Helper()
	var key [16]byte
	rand.Read(key[:])
	conn := kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: hex.EncodeToString(key[:]), SignatureScheme: "hmac-sha256"}
	// Five free ports: each held by a listener until all are chosen.
	var ls []net.Listener
	for _, port := range []*int{&conn.ShellPort, &conn.IOPubPort, &conn.StdinPort, &conn.ControlPort, &conn.HBPort} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		*port = l.Addr().(*net.TCPAddr).Port
	}
	for _, l := range ls {
		l.Close()
	}
	data, err := json.Marshal(conn)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := kernel.New(kernel.Config{ConnectionFile: file, Executor: s})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- k.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("kernel: Serve: %v", err)
		}
	})

	retry := []zmq4.Option{zmq4.WithDialerRetry(50 * time.Millisecond), zmq4.WithDialerMaxRetries(200)}
	f := &frontEnd{
		t: t, key: []byte(conn.Key),
		shell:     zmq4.NewDealer(context.Background(), append(retry, zmq4.WithID(zmq4.SocketIdentity("front-end")))...),
		control:   zmq4.NewDealer(context.Background(), retry...),
		iopub:     zmq4.NewSub(context.Background(), retry...),
		replies:   make(chan *wire.Message, 16),
		published: make(chan *wire.Message, 4096),
	}
	t.Cleanup(func() {
		for _, s := range []zmq4.Socket{f.shell, f.control, f.iopub} {
			s.Close()
		}
	})
	for _, d := range []struct {
		sock zmq4.Socket
		port int
		to   chan *wire.Message
	}{{f.shell, conn.ShellPort, f.replies}, {f.control, conn.ControlPort, nil}, {f.iopub, conn.IOPubPort, f.published}} {
		if err := d.sock.Dial(conn.Endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
		go f.receive(d.sock, d.to)
	}
	if err := f.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	// Like jupyter_client's wait_for_ready: ask until iopub delivers.
	for deadline := time.Now().Add(cellTimeout); ; {
		id := f.send(f.shell, "kernel_info_request", map[string]any{})
		if f.wait(f.replies, id, 10*time.Second) == nil {
			t.Fatal("no kernel_info_reply")
		}
		if f.wait(f.published, id, 200*time.Millisecond) != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("iopub delivered nothing")
		}
	}
	return f
}

// receive parses the messages of sock into to (dropped when to is nil).
func (f *frontEnd) receive(sock zmq4.Socket, to chan *wire.Message) {
	for {
		zm, err := sock.Recv()
		if err != nil {
			return
		}
		m, err := wire.Parse(zm.Frames, f.key)
		if err != nil {
			f.t.Errorf("front end: the kernel sent a bad message: %v", err)
			continue
		}
		if to != nil {
			to <- m
		}
	}
}

// send sends a request of msgType on sock and returns its msg_id.
func (f *frontEnd) send(sock zmq4.Socket, msgType string, content any) string {
	f.t.Helper()
	raw, err := json.Marshal(content)
	if err != nil {
		f.t.Fatal(err)
	}
	var id [8]byte
	rand.Read(id[:])
	m := &wire.Message{
		Header: wire.Header{MsgID: hex.EncodeToString(id[:]), Session: "live-test", Username: "test",
			Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: wire.Version},
		Content: raw,
	}
	frames, err := wire.Encode(m, f.key)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := sock.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		f.t.Fatalf("send %s: %v", msgType, err)
	}
	return m.Header.MsgID
}

// wait returns the next message of ch whose parent is msgID, dropping
// others, or nil after d.
func (f *frontEnd) wait(ch chan *wire.Message, msgID string, d time.Duration) *wire.Message {
	timeout := time.After(d)
	for {
		select {
		case m := <-ch:
			if m.ParentHeader.MsgID == msgID {
				return m
			}
		case <-timeout:
			return nil
		}
	}
}

// outcome is what a cell produced, as the front end saw it.
type outcome struct {
	status, stdout, value, err string
	// interrupted is how long the cell took to end after the interrupt.
	interrupted time.Duration
}

// execute runs code and collects its iopub messages until idle and its
// execute_reply. With interrupt set it sends an interrupt_request once
// the cell has printed "started".
func (f *frontEnd) execute(code string, interrupt bool) outcome {
	f.t.Helper()
	id := f.send(f.shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	var o outcome
	var stdout strings.Builder
	var interruptAt time.Time
	for {
		m := f.wait(f.published, id, cellTimeout)
		if m == nil {
			f.t.Fatalf("%q: no idle status within %v", code, cellTimeout)
		}
		var c struct {
			Name, Text     string
			ExecutionState string `json:"execution_state"`
			Data           map[string]any
			Ename, Evalue  string
			Traceback      []string
		}
		if err := m.DecodeContent(&c); err != nil {
			f.t.Fatal(err)
		}
		switch m.Header.MsgType {
		case "stream":
			if c.Name == "stdout" {
				stdout.WriteString(c.Text)
			}
			if interrupt && strings.Contains(stdout.String(), "started") {
				f.send(f.control, "interrupt_request", map[string]any{})
				interrupt, interruptAt = false, time.Now()
			}
		case "execute_result":
			o.value, _ = c.Data["text/plain"].(string)
		case "error":
			o.err = ansi.ReplaceAllString(c.Ename+": "+c.Evalue+"\n"+strings.Join(c.Traceback, "\n"), "")
		}
		if m.Header.MsgType == "status" && c.ExecutionState == "idle" {
			if !interruptAt.IsZero() {
				o.interrupted = time.Since(interruptAt)
			}
			break
		}
	}
	o.stdout = stdout.String()
	reply := f.wait(f.replies, id, 10*time.Second)
	if reply == nil {
		f.t.Fatalf("%q: no execute_reply", code)
	}
	var rc struct{ Status string }
	if err := reply.DecodeContent(&rc); err != nil {
		f.t.Fatal(err)
	}
	o.status = rc.Status
	return o
}

// TestKernelProtocol runs multi-cell scenarios through a kernel.Kernel
// whose Executor is a live.Session, as a front end sees them.
func TestKernelProtocol(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	type cellStep struct {
		code string
		// interrupt sends an interrupt_request once the cell printed
		// "started".
		interrupt bool
		// stdout and value are exact; err is a substring of the error
		// message's "ename: evalue" and traceback, "" when the cell must
		// succeed.
		stdout, value, err string
		// within, when set, is how soon an interrupted cell must end.
		within time.Duration
	}
	const (
		signals = "import (\n\t\"context\"\n\t\"fmt\"\n\t\"os\"\n\t\"os/exec\"\n\t\"os/signal\"\n\t\"sync\"\n\t\"time\"\n)\nctx, _ := signal.NotifyContext(context.Background(), os.Interrupt)\nvar mu sync.Mutex\n_ = time.Second\n"
		kept    = "Interrupted: the cell was interrupted; the session's variables are kept"
		lost    = "Interrupted: the cell did not stop within 1s of the interrupt, so the worker was restarted: the session's variables and definitions were lost"
	)
	scenarios := []struct {
		name  string
		steps []cellStep
	}{
		{"state carried", []cellStep{
			{code: "x := 41"},
			{code: "x + 1", value: "42"},
			{code: "x++\nx", value: "42"},
		}},
		{"redefinition and late binding", []cellStep{
			{code: "func f() int { return 1 }\nfunc g() int { return f() * 10 }"},
			{code: "g()", value: "10"},
			{code: "func f() int { return 2 }"},
			{code: "g()", value: "20"},
		}},
		{"an error leaves state unchanged", []cellStep{
			{code: "y := 1"},
			{code: "y = \"s\"", err: `cell[2]:1:5: cannot use "s" (untyped string constant) as int value in assignment`},
			{code: "y := 2\nundefinedFn()", err: "cell[3]:2:1: undefined: undefinedFn"},
			{code: "y", value: "1"},
		}},
		{"a panic keeps state", []cellStep{
			{code: "k := 3"},
			{code: "k++\nvar m map[string]int\nm[\"a\"] = k", err: "panic: assignment to entry in nil map"},
			{code: "k", value: "4"},
		}},
		{"generics and shadowing", []cellStep{
			{code: "func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nx := 1"},
			{code: "fmt.Sprint(Map([]int{1, 2, 3}, func(x int) float64 { return float64(x) / 2 }))", value: `"[0.5 1 1.5]"`},
			{code: "{\n\tx := 100\n\t_ = x\n}\nx", value: "1"},
		}},
		{"a crash restarts the worker", []cellStep{
			{code: "w := 1"},
			{code: "import \"time\"\ngo func() { panic(\"boom\") }()\ntime.Sleep(5 * time.Second)", err: "WorkerDied: the worker process exited"},
			{code: "w", err: "undefined: w"},
			{code: "1 + 1", value: "2"},
		}},
		{"an interrupt the cell listens to keeps state", []cellStep{
			{code: signals + "n := 0"},
			{code: "n = 7\nfmt.Println(\"started\")\nerr := exec.CommandContext(ctx, \"sleep\", \"60\").Run()", interrupt: true, stdout: "started\n", err: kept},
			{code: "n", value: "7"},
			{code: "ctx.Err() != nil && err != nil", value: "true"},
		}},
		{"an interrupt of an endless loop keeps state", []cellStep{
			{code: signals + "count := 0"},
			{code: "fmt.Println(\"started\")\nfor {\n\tcount++\n}", interrupt: true, stdout: "started\n",
				err: "KeyboardInterrupt: interrupted at cell[2] line 2; the session's variables are kept", within: 500 * time.Millisecond},
			{code: "count > 0", value: "true"},
			{code: "fmt.Println(\"started\")\nfor {\n\ttime.Sleep(time.Second)\n\tcount++\n}", interrupt: true, stdout: "started\n",
				err: "KeyboardInterrupt: interrupted at cell[4] line 3; the session's variables are kept", within: 500 * time.Millisecond},
			{code: "count > 0", value: "true"},
		}},
		{"an interrupt the cell ignores restarts the worker", []cellStep{
			{code: signals + "n := 1"},
			{code: "mu.Lock()\nfmt.Println(\"started\")\nmu.Lock()", interrupt: true, stdout: "started\n", err: lost},
			{code: "n", err: "undefined: n"},
			{code: "1 + 1", value: "2"},
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			f := startKernel(t, newSession(t, time.Second))
			for i, st := range sc.steps {
				got := f.execute(st.code, st.interrupt)
				want := outcome{status: "ok", stdout: st.stdout, value: st.value}
				if st.err != "" {
					want.status = "error"
				}
				if got.status != want.status || got.stdout != want.stdout || got.value != want.value ||
					(st.err == "") != (got.err == "") || !strings.Contains(got.err, st.err) {
					t.Fatalf("cell %d: %q\ngot  status %s, stdout %q, value %q, error %q\nwant status %s, stdout %q, value %q, error containing %q",
						i+1, st.code, got.status, got.stdout, got.value, got.err, want.status, want.stdout, want.value, st.err)
				}
				if st.within > 0 && got.interrupted > st.within {
					t.Errorf("cell %d: %q ended %v after the interrupt, want within %v", i+1, st.code, got.interrupted, st.within)
				}
			}
		})
	}
}
