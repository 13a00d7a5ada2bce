package live_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/kerneltest"
	"github.com/nnbook/nnbook/kernel/wire"
)

// cellTimeout bounds the wait for one cell through the kernel, build
// included.
const cellTimeout = 90 * time.Second

// frontEnd is the test Jupyter front end of package kerneltest, with the
// channel names its helpers take: send on shell or control, wait for
// replies (the shell channel) or published (iopub) messages.
type frontEnd struct {
	*kerneltest.Client
	t                  *testing.T
	shell, control     string
	replies, published string
}

// startKernel serves a kernel.Kernel with s as its Executor on 127.0.0.1,
// configured by a connection file, and returns a front end connected to
// it. Both stop when the test ends.
func startKernel(t *testing.T, s contract.Executor) *frontEnd {
	t.Helper()
	conn := kerneltest.FreeConnection(t)
	file := kerneltest.ConnectionFile(t, conn)
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
	return &frontEnd{Client: kerneltest.Dial(t, conn), t: t,
		shell: "shell", control: "control", replies: "shell", published: "iopub"}
}

// send sends a request of msgType on channel and returns its msg_id.
func (f *frontEnd) send(channel, msgType string, content any) string {
	f.t.Helper()
	return f.Send(channel, msgType, content)
}

// wait returns the first message of channel whose parent is msgID, or
// nil after d.
func (f *frontEnd) wait(channel, msgID string, d time.Duration) *wire.Message {
	m, _ := f.Take(channel, kerneltest.ParentIs(msgID), time.Now().Add(d))
	return m
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
