package kernel_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/kerneltest"
	"github.com/nnbook/nnbook/kernel/wire"
)

// fakeExecutor runs cells by name:
//
//	print:TEXT   writes TEXT and a newline to stdout
//	stderr:TEXT  writes TEXT and a newline to stderr
//	fail         fails with a compile error
//	value        returns the value 42
//	display      displays HTML, then updates it in place
//	block        blocks until interrupted
//	input        asks for a line and prints it
//	flood:N      prints the lines 0..N-1 as fast as it can
//	panic        panics inside Execute
//	late         prints from a goroutine after Execute returned
//
// Complete, Inspect and IsComplete answer simple fixed results, and panic
// for the code "panic".
type fakeExecutor struct {
	started chan string // receives each cell's code when it starts

	mu sync.Mutex
	// mu guards executed and closed.
	executed []string
	closed   bool
}

func newFakeExecutor() *fakeExecutor {
	return &fakeExecutor{started: make(chan string, 100)}
}

func (f *fakeExecutor) Execute(ctx context.Context, req contract.Request, out contract.Sink) contract.Result {
	f.mu.Lock()
	f.executed = append(f.executed, req.Code)
	f.mu.Unlock()
	select {
	case f.started <- req.Code:
	default: // nobody waits for cells in benchmarks
	}
	name, arg, _ := strings.Cut(req.Code, ":")
	switch name {
	case "print":
		out.Stream("stdout", []byte(arg+"\n"))
	case "stderr":
		out.Stream("stderr", []byte(arg+"\n"))
	case "fail":
		return contract.Result{Err: &contract.Error{Name: "CompileError", Value: "undefined: x",
			Traceback: []string{"cell 1, line 1: undefined: x"}}}
	case "value":
		return contract.Result{Value: map[string]any{"text/plain": "42"}}
	case "display":
		out.Stream("stdout", []byte("before\n"))
		out.Display(contract.Display{Data: map[string]any{"text/html": "<b>1</b>"}, DisplayID: "d1"})
		out.Display(contract.Display{Data: map[string]any{"text/html": "<b>2</b>"}, DisplayID: "d1", Update: true})
	case "clear":
		out.Stream("stdout", []byte("old\n"))
		out.ClearOutput(true)
	case "block":
		<-ctx.Done()
		return contract.Result{Err: &contract.Error{Name: "Interrupted", Value: "the cell was interrupted", Traceback: []string{"interrupted"}}}
	case "input":
		s, err := out.ReadInput(ctx, "name? ", false)
		if err != nil {
			return contract.Result{Err: &contract.Error{Name: "InputError", Value: err.Error()}}
		}
		out.Stream("stdout", []byte("hello "+s+"\n"))
	case "flood":
		var n int
		fmt.Sscan(arg, &n)
		for i := range n {
			out.Stream("stdout", fmt.Appendf(nil, "%d\n", i))
		}
	case "panic":
		panic("boom")
	case "late":
		go func() {
			time.Sleep(50 * time.Millisecond)
			out.Stream("stdout", []byte("late\n"))
		}()
	}
	return contract.Result{}
}

func (f *fakeExecutor) Complete(code string, cursor int) contract.Completion {
	if code == "panic" {
		panic("complete boom")
	}
	return contract.Completion{Matches: []string{"Printf", "Println"}, Start: cursor - 2, End: cursor}
}

func (f *fakeExecutor) Inspect(code string, cursor, detail int) (map[string]any, bool) {
	if code != "fmt" {
		return nil, false
	}
	return map[string]any{"text/plain": "package fmt"}, true
}

func (f *fakeExecutor) IsComplete(code string) (string, string) {
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t"
	}
	return "complete", ""
}

func (f *fakeExecutor) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func (f *fakeExecutor) codes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.executed...)
}

// testLogger logs to the test's output with -v, and to nothing otherwise.
func testLogger(t testing.TB) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})).With("test", t.Name())
}

// harness is a kernel with a fake executor serving on free ports, and a
// client connected to it.
type harness struct {
	*kerneltest.Client
	exec   *fakeExecutor
	served chan error // receives Serve's result
	cancel context.CancelFunc
}

func start(t testing.TB) *harness {
	t.Helper()
	return startOn(t, kerneltest.FreeConnection(t))
}

func startOn(t testing.TB, conn kernel.ConnectionInfo) *harness {
	t.Helper()
	exec := newFakeExecutor()
	k, err := kernel.New(kernel.Config{Connection: &conn, Executor: exec, Logger: testLogger(t), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{exec: exec, served: make(chan error, 1), cancel: cancel}
	go func() { h.served <- k.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-h.served:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(kerneltest.ReplyTimeout):
			t.Error("Serve did not return after its context was cancelled")
		}
	})
	h.Client = kerneltest.Dial(t, conn)
	return h
}

// waitStarted waits until the fake executor starts code.
func (h *harness) waitStarted(t *testing.T, code string) {
	t.Helper()
	for {
		select {
		case got := <-h.exec.started:
			if got == code {
				return
			}
		case <-time.After(kerneltest.ReplyTimeout):
			t.Fatalf("cell %q never started", code)
		}
	}
}

func TestKernelInfo(t *testing.T) {
	h := start(t)
	for _, channel := range []string{"shell", "control"} {
		id := h.Send(channel, "kernel_info_request", map[string]any{})
		r := h.Reply(channel, id)
		if r.Header.MsgType != "kernel_info_reply" {
			t.Fatalf("%s: got %s, want kernel_info_reply", channel, r.Header.MsgType)
		}
		c := kerneltest.Content(t, r)
		li := c["language_info"].(map[string]any)
		for key, want := range map[string]any{"status": "ok", "protocol_version": "5.3", "implementation": "nnbook", "implementation_version": "test"} {
			if c[key] != want {
				t.Errorf("%s: %s = %v, want %v", channel, key, c[key], want)
			}
		}
		for key, want := range map[string]string{"name": "go", "mimetype": "text/x-go", "file_extension": ".go", "pygments_lexer": "go", "codemirror_mode": "go"} {
			if li[key] != want {
				t.Errorf("%s: language_info.%s = %v, want %v", channel, key, li[key], want)
			}
		}
		if v, _ := li["version"].(string); v == "" || strings.HasPrefix(v, "go") {
			t.Errorf("language_info.version = %q, want a bare Go version like 1.26.8", v)
		}
		if got := kerneltest.Types(h.IOPubUntilIdle(id)); strings.Join(got, ",") != "status,status" {
			t.Errorf("%s: iopub = %v, want busy and idle", channel, got)
		}
		if r.Header.Version != wire.Version || r.ParentHeader.MsgType != "kernel_info_request" {
			t.Errorf("reply header %+v, parent %+v", r.Header, r.ParentHeader)
		}
	}
}

func TestHeartbeat(t *testing.T) {
	h := start(t)
	if got := h.Heartbeat("ping-1"); got != "ping-1" {
		t.Errorf("heartbeat echoed %q, want ping-1", got)
	}
}

func TestExecute(t *testing.T) {
	h := start(t)
	reply, outputs := h.Execute("print:hi", nil)
	c := kerneltest.Content(t, reply)
	if c["status"] != "ok" || c["execution_count"] != 1.0 {
		t.Fatalf("reply = %v, want ok with execution_count 1", c)
	}
	if got := strings.Join(kerneltest.Types(outputs), ","); got != "execute_input,stream" {
		t.Fatalf("outputs = %s, want execute_input,stream", got)
	}
	if in := kerneltest.Content(t, outputs[0]); in["code"] != "print:hi" || in["execution_count"] != 1.0 {
		t.Errorf("execute_input = %v", in)
	}
	if s := kerneltest.Content(t, outputs[1]); s["name"] != "stdout" || s["text"] != "hi\n" {
		t.Errorf("stream = %v, want stdout hi", s)
	}

	reply, outputs = h.Execute("stderr:oops", nil)
	if c := kerneltest.Content(t, reply); c["execution_count"] != 2.0 {
		t.Errorf("second execution_count = %v, want 2", c["execution_count"])
	}
	if s := kerneltest.Content(t, outputs[len(outputs)-1]); s["name"] != "stderr" || s["text"] != "oops\n" {
		t.Errorf("stream = %v, want stderr oops", s)
	}
}

func TestExecuteError(t *testing.T) {
	h := start(t)
	reply, outputs := h.Execute("fail", nil)
	c := kerneltest.Content(t, reply)
	if c["status"] != "error" || c["ename"] != "CompileError" || c["evalue"] != "undefined: x" || c["execution_count"] != 1.0 {
		t.Errorf("reply = %v", c)
	}
	if tb, _ := c["traceback"].([]any); len(tb) != 1 || tb[0] != "cell 1, line 1: undefined: x" {
		t.Errorf("reply traceback = %v", c["traceback"])
	}
	// jupyter_kernel_test's test_error: exactly one output, the error.
	var errs []*wire.Message
	for _, m := range outputs {
		if m.Header.MsgType != "execute_input" {
			errs = append(errs, m)
		}
	}
	if len(errs) != 1 || errs[0].Header.MsgType != "error" {
		t.Fatalf("outputs besides execute_input = %v, want exactly one error", kerneltest.Types(errs))
	}
	if e := kerneltest.Content(t, errs[0]); e["ename"] != "CompileError" || e["evalue"] != "undefined: x" {
		t.Errorf("error = %v", e)
	}
}

func TestExecuteResultAndDisplay(t *testing.T) {
	h := start(t)
	_, outputs := h.Execute("value", nil)
	if got := strings.Join(kerneltest.Types(outputs), ","); got != "execute_input,execute_result" {
		t.Fatalf("outputs = %s", got)
	}
	r := kerneltest.Content(t, outputs[1])
	if r["execution_count"] != 1.0 || r["data"].(map[string]any)["text/plain"] != "42" {
		t.Errorf("execute_result = %v", r)
	}

	_, outputs = h.Execute("display", nil)
	if got := strings.Join(kerneltest.Types(outputs), ","); got != "execute_input,stream,display_data,update_display_data" {
		t.Fatalf("outputs = %s, want the stream flushed before the displays", got)
	}
	for _, m := range outputs[2:] {
		c := kerneltest.Content(t, m)
		if id := c["transient"].(map[string]any)["display_id"]; id != "d1" {
			t.Errorf("%s display_id = %v, want d1", m.Header.MsgType, id)
		}
	}
}

func TestClearOutput(t *testing.T) {
	h := start(t)
	_, outputs := h.Execute("clear", nil)
	if got := strings.Join(kerneltest.Types(outputs), ","); got != "execute_input,stream,clear_output" {
		t.Fatalf("outputs = %s, want the stream flushed before clear_output", got)
	}
	if c := kerneltest.Content(t, outputs[2]); c["wait"] != true {
		t.Errorf("clear_output = %v, want wait true", c)
	}
}

func TestOutputAfterCellEnds(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "execute_request", map[string]any{"code": "late"})
	h.Reply("shell", id)
	h.IOPubUntilIdle(id)
	m, ok := h.Take("iopub", kerneltest.ParentIs(id), time.Now().Add(kerneltest.ReplyTimeout))
	if !ok {
		t.Fatal("output written after the cell returned was never published")
	}
	if c := kerneltest.Content(t, m); m.Header.MsgType != "stream" || c["text"] != "late\n" {
		t.Errorf("got %s %v, want the late stream", m.Header.MsgType, c)
	}
}

func TestExecuteSilent(t *testing.T) {
	h := start(t)
	reply, outputs := h.Execute("print:quiet", map[string]any{"silent": true})
	if c := kerneltest.Content(t, reply); c["status"] != "ok" || c["execution_count"] != 0.0 {
		t.Errorf("silent reply = %v, want ok with execution_count 0", c)
	}
	if len(outputs) != 0 {
		t.Errorf("silent outputs = %v, want none", kerneltest.Types(outputs))
	}
	reply, _ = h.Execute("print:loud", map[string]any{"store_history": false})
	if c := kerneltest.Content(t, reply); c["execution_count"] != 0.0 {
		t.Errorf("store_history=false execution_count = %v, want 0", c["execution_count"])
	}
	reply, _ = h.Execute("print:counted", nil)
	if c := kerneltest.Content(t, reply); c["execution_count"] != 1.0 {
		t.Errorf("execution_count = %v, want 1", c["execution_count"])
	}
}

func TestExecutorPanic(t *testing.T) {
	h := start(t)
	reply, outputs := h.Execute("panic", nil)
	c := kerneltest.Content(t, reply)
	if c["status"] != "error" || !strings.Contains(c["evalue"].(string), "boom") {
		t.Errorf("reply = %v, want an error naming the panic", c)
	}
	if got := kerneltest.Types(outputs); len(got) != 2 || got[1] != "error" {
		t.Errorf("outputs = %v", got)
	}
	if reply, _ := h.Execute("print:alive", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Error("the kernel does not execute after a panic")
	}
}

func TestInterrupt(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "execute_request", map[string]any{"code": "block"})
	h.waitStarted(t, "block")
	irq := h.Send("control", "interrupt_request", map[string]any{})
	if r := h.Reply("control", irq); r.Header.MsgType != "interrupt_reply" || kerneltest.Content(t, r)["status"] != "ok" {
		t.Errorf("interrupt reply = %s %v", r.Header.MsgType, kerneltest.Content(t, r))
	}
	r := h.Reply("shell", id)
	if c := kerneltest.Content(t, r); c["status"] != "error" || c["ename"] != "Interrupted" {
		t.Errorf("execute reply = %v, want error Interrupted", c)
	}
	if reply, _ := h.Execute("print:after", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Error("the kernel does not execute after an interrupt")
	}
}

func TestRequestsWhileCellRuns(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "execute_request", map[string]any{"code": "block"})
	h.waitStarted(t, "block")

	cid := h.Send("shell", "complete_request", map[string]any{"code": "fmt.Pr", "cursor_pos": 6})
	c := kerneltest.Content(t, h.ReplyWithin("shell", cid, 2*time.Second))
	if c["status"] != "ok" || c["cursor_start"] != 4.0 || c["cursor_end"] != 6.0 || len(c["matches"].([]any)) != 2 {
		t.Errorf("complete_reply = %v", c)
	}
	iid := h.Send("shell", "inspect_request", map[string]any{"code": "fmt", "cursor_pos": 3, "detail_level": 0})
	if c := kerneltest.Content(t, h.ReplyWithin("shell", iid, 2*time.Second)); c["found"] != true || c["data"].(map[string]any)["text/plain"] != "package fmt" {
		t.Errorf("inspect_reply = %v", c)
	}
	for _, tt := range []struct{ code, status, indent string }{{"for {", "incomplete", "\t"}, {"x := 1", "complete", ""}} {
		id := h.Send("shell", "is_complete_request", map[string]any{"code": tt.code})
		c := kerneltest.Content(t, h.ReplyWithin("shell", id, 2*time.Second))
		if c["status"] != tt.status || (tt.indent != "" && c["indent"] != tt.indent) {
			t.Errorf("is_complete(%q) = %v, want %s %q", tt.code, c, tt.status, tt.indent)
		}
	}
	for _, msgType := range []string{"kernel_info_request", "history_request", "comm_info_request"} {
		id := h.Send("shell", msgType, map[string]any{"hist_access_type": "tail", "n": 1, "output": false, "raw": true})
		if c := kerneltest.Content(t, h.ReplyWithin("shell", id, 2*time.Second)); c["status"] != "ok" {
			t.Errorf("%s reply = %v", msgType, c)
		}
	}
	if codes := h.exec.codes(); len(codes) != 1 {
		t.Errorf("executed %v, want only the blocking cell", codes)
	}
	h.Send("control", "interrupt_request", map[string]any{})
	h.Reply("shell", id)
}

func TestStopOnError(t *testing.T) {
	h := start(t)
	var ids []string
	for _, code := range []string{"block", "print:a", "print:b"} {
		ids = append(ids, h.Send("shell", "execute_request", map[string]any{"code": code}))
	}
	h.waitStarted(t, "block")
	// The shell reader handles messages in order: once this is answered,
	// both cells behind the blocking one are queued.
	h.Reply("shell", h.Send("shell", "kernel_info_request", map[string]any{}))
	h.Send("control", "interrupt_request", map[string]any{})
	if c := kerneltest.Content(t, h.Reply("shell", ids[0])); c["status"] != "error" {
		t.Fatalf("first reply = %v, want error", c)
	}
	for _, id := range ids[1:] {
		r := h.Reply("shell", id)
		c := kerneltest.Content(t, r)
		if count, has := c["execution_count"]; c["status"] != "aborted" || !has || count != nil {
			t.Errorf("queued reply = %v, want aborted with execution_count null (In [ ] in the front end)", c)
		}
		if got := kerneltest.Types(h.IOPubUntilIdle(id)); strings.Join(got, ",") != "status,status" {
			t.Errorf("aborted cell iopub = %v, want busy and idle only", got)
		}
	}
	if codes := h.exec.codes(); len(codes) != 1 {
		t.Errorf("executed %v, want only the failed cell", codes)
	}

	// Without stop_on_error the queue goes on.
	first := h.Send("shell", "execute_request", map[string]any{"code": "fail", "stop_on_error": false})
	second := h.Send("shell", "execute_request", map[string]any{"code": "print:c"})
	h.Reply("shell", first)
	if c := kerneltest.Content(t, h.Reply("shell", second)); c["status"] != "ok" {
		t.Errorf("cell after a failure without stop_on_error = %v, want ok", c)
	}
}

func TestBadSignatureNotExecuted(t *testing.T) {
	h := start(t)
	m := h.Message("execute_request", map[string]any{"code": "print:evil"})
	h.SendMessage("shell", m, []byte("wrong key"))
	h.NoReply("shell", m.Header.MsgID, 500*time.Millisecond)
	unsigned := h.Message("execute_request", map[string]any{"code": "print:unsigned"})
	h.SendMessage("shell", unsigned, nil)
	h.NoReply("shell", unsigned.Header.MsgID, 500*time.Millisecond)
	if codes := h.exec.codes(); len(codes) != 0 {
		t.Errorf("executed %v, want nothing", codes)
	}
	if reply, _ := h.Execute("print:ok", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Error("the kernel stopped answering after badly signed messages")
	}
}

func TestMalformedFramesSurvive(t *testing.T) {
	h := start(t)
	good, err := wire.Encode(h.Message("execute_request", map[string]any{"code": "print:x"}), h.Key)
	if err != nil {
		t.Fatal(err)
	}
	for _, frames := range [][][]byte{
		{[]byte("no delimiter")},
		{[]byte(wire.Delimiter)},
		good[:4],
		{[]byte(wire.Delimiter), []byte("sig"), []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")},
		{[]byte(wire.Delimiter), []byte(wire.Sign(h.Key, []byte("[1]"), []byte("{}"), []byte("{}"), []byte("{}"))), []byte("[1]"), []byte("{}"), []byte("{}"), []byte("{}")},
	} {
		h.SendFrames("shell", frames)
		h.SendFrames("control", frames)
	}
	if reply, _ := h.Execute("print:still here", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Error("the kernel stopped answering after malformed frames")
	}
	if codes := h.exec.codes(); len(codes) != 1 {
		t.Errorf("executed %v, want only the last cell", codes)
	}
}

func TestBadContentAnswered(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "complete_request", map[string]any{"code": 42})
	if c := kerneltest.Content(t, h.Reply("shell", id)); c["status"] != "error" || c["ename"] != "BadRequest" {
		t.Errorf("reply = %v, want a BadRequest error", c)
	}
	id = h.Send("shell", "execute_request", map[string]any{"code": []int{1}})
	if c := kerneltest.Content(t, h.Reply("shell", id)); c["status"] != "error" || c["execution_count"] != 0.0 {
		t.Errorf("reply = %v, want an error with execution_count 0", c)
	}
}

func TestUnknownMessageType(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "frobnicate_request", map[string]any{})
	r := h.Reply("shell", id)
	if c := kerneltest.Content(t, r); r.Header.MsgType != "frobnicate_reply" || c["status"] != "error" || c["ename"] != "UnknownMessageType" {
		t.Errorf("reply = %s %v", r.Header.MsgType, c)
	}
	// A message that expects no reply gets busy and idle only.
	id = h.Send("shell", "frobnicate", map[string]any{})
	if got := kerneltest.Types(h.IOPubUntilIdle(id)); strings.Join(got, ",") != "status,status" {
		t.Errorf("iopub = %v", got)
	}
}

func TestHandlerPanicAnswered(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "complete_request", map[string]any{"code": "panic", "cursor_pos": 5})
	r := h.Reply("shell", id)
	c := kerneltest.Content(t, r)
	if r.Header.MsgType != "complete_reply" || c["status"] != "error" || !strings.Contains(c["evalue"].(string), "complete boom") {
		t.Errorf("reply = %s %v", r.Header.MsgType, c)
	}
	if tb, _ := c["traceback"].([]any); len(tb) == 0 {
		t.Error("no stack in the traceback")
	}
	if got := kerneltest.Types(h.IOPubUntilIdle(id)); got[len(got)-1] != "status" {
		t.Errorf("iopub = %v, want idle last", got)
	}
	if reply, _ := h.Execute("print:alive", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Error("the kernel stopped after a handler panic")
	}
}

func TestComms(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "comm_info_request", map[string]any{})
	if c := kerneltest.Content(t, h.Reply("shell", id)); c["status"] != "ok" || len(c["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info_reply = %v", c)
	}
	id = h.Send("shell", "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	msgs := h.IOPubUntilIdle(id)
	if got := strings.Join(kerneltest.Types(msgs), ","); got != "status,comm_close,status" {
		t.Fatalf("iopub = %s, want busy, comm_close, idle", got)
	}
	if c := kerneltest.Content(t, msgs[1]); c["comm_id"] != "c1" {
		t.Errorf("comm_close = %v", c)
	}
	for _, msgType := range []string{"comm_msg", "comm_close"} {
		id := h.Send("shell", msgType, map[string]any{"comm_id": "c1", "data": map[string]any{}})
		if got := strings.Join(kerneltest.Types(h.IOPubUntilIdle(id)), ","); got != "status,status" {
			t.Errorf("%s iopub = %s, want busy and idle", msgType, got)
		}
	}
}

func TestHistory(t *testing.T) {
	h := start(t)
	for _, code := range []string{"print:a", "value", "print:a", "print:b"} {
		h.Execute(code, nil)
	}
	h.Execute("print:not stored", map[string]any{"store_history": false})
	tests := []struct {
		name  string
		query map[string]any
		want  string // "line:input" joined by ","
	}{
		{"tail", map[string]any{"hist_access_type": "tail", "n": 2}, "3:print:a,4:print:b"},
		{"tail all", map[string]any{"hist_access_type": "tail", "n": 10}, "1:print:a,2:value,3:print:a,4:print:b"},
		{"range", map[string]any{"hist_access_type": "range", "session": 0, "start": 2, "stop": 4}, "2:value,3:print:a"},
		{"range open", map[string]any{"hist_access_type": "range", "session": 0, "start": 3, "stop": 0}, "3:print:a,4:print:b"},
		{"range other session", map[string]any{"hist_access_type": "range", "session": -1, "start": 1}, ""},
		{"search", map[string]any{"hist_access_type": "search", "pattern": "print:*"}, "1:print:a,3:print:a,4:print:b"},
		{"search unique", map[string]any{"hist_access_type": "search", "pattern": "print:?", "unique": true}, "3:print:a,4:print:b"},
		{"search n", map[string]any{"hist_access_type": "search", "pattern": "*", "n": 1}, "4:print:b"},
		{"search class", map[string]any{"hist_access_type": "search", "pattern": "print:[!a]"}, "4:print:b"},
	}
	for _, tt := range tests {
		tt.query["output"] = false
		tt.query["raw"] = true
		id := h.Send("shell", "history_request", tt.query)
		c := kerneltest.Content(t, h.Reply("shell", id))
		var got []string
		for _, e := range c["history"].([]any) {
			e := e.([]any)
			if e[0] != 1.0 {
				t.Errorf("%s: session = %v, want 1", tt.name, e[0])
			}
			got = append(got, fmt.Sprintf("%v:%v", e[1], e[2]))
		}
		if g := strings.Join(got, ","); g != tt.want {
			t.Errorf("%s: history = %s, want %s", tt.name, g, tt.want)
		}
	}
	id := h.Send("shell", "history_request", map[string]any{"hist_access_type": "tail", "n": 3, "output": true, "raw": true})
	c := kerneltest.Content(t, h.Reply("shell", id))
	pair := c["history"].([]any)[0].([]any)[2].([]any)
	if len(pair) != 2 || pair[0] != "value" || pair[1] != "42" {
		t.Errorf("history with output = %v, want [value 42]", pair)
	}
}

func TestStdin(t *testing.T) {
	h := start(t)
	id := h.Send("shell", "execute_request", map[string]any{"code": "input", "allow_stdin": true})
	req, ok := h.Take("stdin", kerneltest.ParentIs(id), time.Now().Add(kerneltest.ReplyTimeout))
	if !ok {
		t.Fatal("no input_request")
	}
	if c := kerneltest.Content(t, req); req.Header.MsgType != "input_request" || c["prompt"] != "name? " || c["password"] != false {
		t.Fatalf("input_request = %s %v", req.Header.MsgType, c)
	}
	in := h.Message("input_reply", map[string]any{"value": "gopher"})
	in.ParentHeader = req.Header
	h.SendMessage("stdin", in, h.Key)
	h.expectStdout(t, id, "hello gopher\n")

	// Classic Notebook 6 and jupyter_client's input() reply without a
	// parent header; the one pending request takes the answer.
	id = h.Send("shell", "execute_request", map[string]any{"code": "input", "allow_stdin": true})
	if _, ok := h.Take("stdin", kerneltest.ParentIs(id), time.Now().Add(kerneltest.ReplyTimeout)); !ok {
		t.Fatal("no second input_request")
	}
	h.SendMessage("stdin", h.Message("input_reply", map[string]any{"value": "ada"}), h.Key)
	h.expectStdout(t, id, "hello ada\n")

	reply, _ := h.Execute("input", map[string]any{"allow_stdin": false})
	if c := kerneltest.Content(t, reply); c["status"] != "error" || !strings.Contains(c["evalue"].(string), "allow_stdin") {
		t.Errorf("input without allow_stdin: reply = %v", c)
	}
}

// expectStdout waits for the ok reply and idle of request id and checks
// what it printed.
func (h *harness) expectStdout(t testing.TB, id, want string) {
	t.Helper()
	if c := kerneltest.Content(t, h.Reply("shell", id)); c["status"] != "ok" {
		t.Fatalf("reply = %v", c)
	}
	var out strings.Builder
	for _, m := range h.IOPubUntilIdle(id) {
		if m.Header.MsgType == "stream" {
			out.WriteString(kerneltest.Content(t, m)["text"].(string))
		}
	}
	if out.String() != want {
		t.Errorf("stdout = %q, want %q", out.String(), want)
	}
}

func TestStreamFlood(t *testing.T) {
	h := start(t)
	const lines = 100000
	reply, outputs := h.Execute(fmt.Sprintf("flood:%d", lines), nil)
	if kerneltest.Content(t, reply)["status"] != "ok" {
		t.Fatal("flood failed")
	}
	var b strings.Builder
	streams := 0
	for _, m := range outputs {
		if m.Header.MsgType == "stream" {
			streams++
			b.WriteString(kerneltest.Content(t, m)["text"].(string))
		}
	}
	var want strings.Builder
	for i := range lines {
		fmt.Fprintf(&want, "%d\n", i)
	}
	if b.String() != want.String() {
		t.Errorf("stdout differs from the %d lines written (got %d bytes, want %d)", lines, b.Len(), want.Len())
	}
	// One message per line would be 100 000; coalescing needs a handful.
	const maxStreams = 100
	if streams > maxStreams {
		t.Errorf("%d stream messages for %d lines, want at most %d", streams, lines, maxStreams)
	}
}

func TestShutdown(t *testing.T) {
	for _, channel := range []string{"control", "shell"} {
		t.Run(channel, func(t *testing.T) {
			h := start(t)
			id := h.Send(channel, "shutdown_request", map[string]any{"restart": true})
			r := h.Reply(channel, id)
			if c := kerneltest.Content(t, r); r.Header.MsgType != "shutdown_reply" || c["status"] != "ok" || c["restart"] != true {
				t.Errorf("reply = %s %v", r.Header.MsgType, c)
			}
			h.IOPubUntilIdle(id)
			select {
			case err := <-h.served:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
				h.served <- nil // for the cleanup
			case <-time.After(kerneltest.ReplyTimeout):
				t.Fatal("Serve did not return after shutdown_request")
			}
		})
	}
}

func TestShutdownWhileCellRuns(t *testing.T) {
	h := start(t)
	h.Send("shell", "execute_request", map[string]any{"code": "block"})
	h.waitStarted(t, "block")
	id := h.Send("control", "shutdown_request", map[string]any{"restart": false})
	h.Reply("control", id)
	select {
	case err := <-h.served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		h.served <- nil
	case <-time.After(kerneltest.ReplyTimeout):
		t.Fatal("Serve did not return after shutdown_request with a running cell")
	}
}

func TestIPCTransport(t *testing.T) {
	conn := kerneltest.FreeConnection(t)
	conn.Transport = "ipc"
	conn.IP = t.TempDir() + "/kernel"
	h := startOn(t, conn)
	if reply, _ := h.Execute("print:over ipc", nil); kerneltest.Content(t, reply)["status"] != "ok" {
		t.Error("execute over ipc failed")
	}
}

func TestNewErrors(t *testing.T) {
	conn := kerneltest.FreeConnection(t)
	tests := []struct {
		name string
		cfg  kernel.Config
		want string
	}{
		{"no executor", kernel.Config{Connection: &conn}, "Executor is nil"},
		{"no connection", kernel.Config{Executor: newFakeExecutor()}, "neither ConnectionFile nor Connection"},
		{"missing file", kernel.Config{Executor: newFakeExecutor(), ConnectionFile: "/nonexistent/kernel.json"}, "read connection file"},
	}
	for _, tt := range tests {
		_, err := kernel.New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: New error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// BenchmarkExecute measures the kernel's own cost of a cell: an
// execute_request through the sockets to status idle, with a fake executor
// that prints one line.
func BenchmarkExecute(b *testing.B) {
	h := start(b)
	for b.Loop() {
		h.Execute("print:x", nil)
	}
}

// BenchmarkComplete measures a complete_request round trip.
func BenchmarkComplete(b *testing.B) {
	h := start(b)
	for b.Loop() {
		id := h.Send("shell", "complete_request", map[string]any{"code": "fmt.Pr", "cursor_pos": 6})
		h.Reply("shell", id)
		h.IOPubUntilIdle(id)
	}
}

func TestServeBindError(t *testing.T) {
	conn := kerneltest.FreeConnection(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	conn.IOPubPort = busy.Addr().(*net.TCPAddr).Port
	k, err := kernel.New(kernel.Config{Connection: &conn, Executor: newFakeExecutor()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- k.Serve(context.Background()) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "bind iopub socket") {
			t.Errorf("Serve = %v, want a bind error naming the iopub socket", err)
		}
	case <-time.After(kerneltest.ReplyTimeout):
		t.Fatal("Serve did not return when a port was taken")
	}
}
