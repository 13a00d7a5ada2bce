package display_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/display"
	"github.com/nnbook/nnbook/kernel/display/show"
)

// envScenario makes the test binary act as a cell program that runs the
// named scenario (the os/exec helper-process pattern).
const envScenario = "NNBOOK_DISPLAY_TEST_SCENARIO"

// orderRounds is how often the "order" scenario prints and displays.
const orderRounds = 200

// pngBytes stands for an image: the bytes need not decode.
var pngBytes = []byte{0x89, 'P', 'N', 'G', 0, 1, 2, 255}

// scenarios are the cell programs of the tests.
var scenarios = map[string]func(){
	"display": func() {
		gonbui.DisplayHTML("<b>hi</b>")
		gonbui.DisplayPNG(pngBytes)
		gonbui.UpdateHTML("progress", "1 of 2")
		gonbui.UpdateHTML("progress", "2 of 2")
		gonbui.SendData(&protocol.DisplayData{
			Data:     map[protocol.MIMEType]any{protocol.MIMETextPlain: "x", "application/json": `{"a":[1,2]}`},
			Metadata: map[string]any{"image/png": map[string]any{"width": 3}},
		})
		show.ClearOutput(true)
		d := show.NewDisplay()
		d.SVG("<svg></svg>")
		d.Markdown("*done*")
		d.Finish()
		fmt.Println("synced")
	},
	"input": func() {
		gonbui.RequestInput("name? ", false)
		var name string
		if _, err := fmt.Scanln(&name); err != nil {
			fmt.Println("read failed:", err)
			return
		}
		fmt.Println("hello", name)
	},
	"scan": func() {
		var a, b string
		if _, err := fmt.Scanln(&a); err != nil {
			fmt.Println("read failed:", err)
			return
		}
		if _, err := fmt.Scanln(&b); err != nil {
			fmt.Println("read failed:", err)
			return
		}
		fmt.Println("hello", a, b)
	},
	"silent": func() { fmt.Println("no displays") },
	// "scopes" updates display "p" in two cells of a long-lived program;
	// the input request marks the start of the second cell.
	"scopes": func() {
		gonbui.UpdateHTML("p", "a")
		gonbui.UpdateHTML("p", "b")
		gonbui.RequestInput("", false)
		var s string
		fmt.Scanln(&s)
		gonbui.UpdateHTML("p", "c")
		gonbui.UpdateHTML("p", "d")
		gonbui.Sync()
	},
	"order": func() {
		for i := range orderRounds {
			fmt.Println(i)
			fmt.Fprintln(os.Stderr, i)
			gonbui.DisplayHTML(fmt.Sprint(i))
		}
	},
	"garbage": func() {
		f, err := os.OpenFile(os.Getenv(display.EnvPipe), os.O_WRONLY, 0)
		if err != nil {
			panic(err)
		}
		// More than a pipe buffer of garbage: the kernel must keep reading.
		if _, err := f.Write(bytes.Repeat([]byte{0xff, 0x00, 0x13}, 100000)); err != nil {
			panic(err)
		}
		fmt.Println("wrote garbage")
	},
}

func TestMain(m *testing.M) {
	if name := os.Getenv(envScenario); name != "" {
		scenarios[name]()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// recorder collects what Pipes delivers.
type recorder struct {
	mu       sync.Mutex
	displays []contract.Display
	clears   []bool
	stderr   bytes.Buffer
	log      syncBuffer // the kernel's log
}

// syncBuffer is a bytes.Buffer for several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func (r *recorder) config(t *testing.T) display.Config {
	return display.Config{
		Dir:    t.TempDir(),
		Scope:  "msg1",
		Logger: slog.New(slog.NewTextHandler(&r.log, nil)),
		Sink: &contract.SinkFuncs{OnDisplay: func(d contract.Display) {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.displays = append(r.displays, d)
		},
			OnClearOutput: func(wait bool) {
				r.mu.Lock()
				defer r.mu.Unlock()
				r.clears = append(r.clears, wait)
			},
			OnStream: func(name string, p []byte) {
				r.mu.Lock()
				defer r.mu.Unlock()
				if name == "stderr" {
					r.stderr.Write(p)
				}
			}},
	}
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.displays)
}

// runScenario runs scenario as a program with the pipes of cfg, calling
// line for each line the program prints, and returns once Close returned.
func runScenario(t *testing.T, scenario string, cfg display.Config, line func(string)) {
	t.Helper()
	runScenarioPipes(t, scenario, cfg, line, func(*display.Pipes) {})
}

// runScenarioPipes is runScenario that also passes the pipes to started
// before the program starts.
func runScenarioPipes(t *testing.T, scenario string, cfg display.Config, line func(string), started func(*display.Pipes)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var partial string
	stream := cfg.Sink.(*contract.SinkFuncs).OnStream
	cfg.Sink.(*contract.SinkFuncs).OnStream = func(name string, p []byte) {
		stream(name, p)
		if name != "stdout" {
			return
		}
		partial += string(p)
		for {
			l, rest, ok := strings.Cut(partial, "\n")
			if !ok {
				break
			}
			line(l)
			partial = rest
		}
	}
	p, err := display.Start(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	started(p)
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), envScenario+"="+scenario), p.Env()...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = p.Stdin(), p.Stdout(), p.Stderr()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.Started(cmd.Process.Pid)
	if err := cmd.Wait(); err != nil {
		t.Errorf("program %s: %v", scenario, err)
	}
	start := time.Now()
	if err := p.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v after the program exited", d)
	}
	if partial != "" {
		t.Errorf("unterminated output %q", partial)
	}
	for _, v := range p.Env() {
		name, path, _ := strings.Cut(v, "=")
		if name == display.EnvPipe || name == display.EnvPipeBack {
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s %s still exists after Close (stat: %v)", name, path, err)
			}
		}
	}
}

func TestPipesDisplay(t *testing.T) {
	var r recorder
	atSync := -1
	runScenario(t, "display", r.config(t), func(line string) {
		if line == "synced" {
			atSync = r.count()
		}
	})
	want := []contract.Display{
		{Data: map[string]any{"text/html": "<b>hi</b>"}},
		{Data: map[string]any{"image/png": base64.StdEncoding.EncodeToString(pngBytes)}},
		{Data: map[string]any{"text/html": "1 of 2"}, DisplayID: "msg1-progress"},
		{Data: map[string]any{"text/html": "2 of 2"}, DisplayID: "msg1-progress", Update: true},
		{
			Data:     map[string]any{"text/plain": "x", "application/json": map[string]any{"a": []any{1.0, 2.0}}},
			Metadata: map[string]any{"image/png": map[string]any{"width": 3}},
		},
		{Data: map[string]any{"image/svg+xml": "<svg></svg>"}},
		{Data: map[string]any{"text/markdown": "*done*"}, Update: true},
	}
	if len(r.displays) != len(want) {
		t.Fatalf("got %d displays, want %d: %+v", len(r.displays), len(want), r.displays)
	}
	// The show display's id is random: check its scope and reuse.
	liveID := r.displays[5].DisplayID
	if !strings.HasPrefix(liveID, "msg1-show-") || r.displays[6].DisplayID != liveID {
		t.Errorf("live display ids %q, %q: want one id with prefix msg1-show-", liveID, r.displays[6].DisplayID)
	}
	want[5].DisplayID, want[6].DisplayID = liveID, liveID
	for i := range want {
		if !reflect.DeepEqual(r.displays[i], want[i]) {
			t.Errorf("display %d:\ngot  %#v\nwant %#v", i, r.displays[i], want[i])
		}
	}
	if !reflect.DeepEqual(r.clears, []bool{true}) {
		t.Errorf("clear requests %v, want [true]", r.clears)
	}
	if atSync != len(want) {
		t.Errorf("when Sync returned the kernel had delivered %d displays, want %d", atSync, len(want))
	}
}

// TestPipesOrder checks that a display never overtakes the text written
// before it, even when the program does not call gonbui.Sync.
func TestPipesOrder(t *testing.T) {
	var mu sync.Mutex
	var events []string
	var r recorder
	cfg := r.config(t)
	cfg.Sink.(*contract.SinkFuncs).OnDisplay = func(d contract.Display) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, "html "+d.Data["text/html"].(string))
	}
	stream := cfg.Sink.(*contract.SinkFuncs).OnStream
	cfg.Sink.(*contract.SinkFuncs).OnStream = func(name string, p []byte) {
		stream(name, p)
		mu.Lock()
		defer mu.Unlock()
		for _, l := range strings.SplitAfter(string(p), "\n") {
			if l == "" {
				continue
			}
			// Chunks may split lines: glue to an unterminated previous one.
			if k := len(events) - 1; k >= 0 && strings.HasPrefix(events[k], name+" ") && !strings.HasSuffix(events[k], "\n") {
				events[k] += l
				continue
			}
			events = append(events, name+" "+l)
		}
	}
	runScenario(t, "order", cfg, func(string) {})
	// Per stream, the text written before a display comes before it. (Text
	// written after it may come before it too: the kernel cannot tell.)
	for _, name := range []string{"stdout", "stderr"} {
		lines := 0
		for _, e := range events {
			if strings.HasPrefix(e, name+" ") {
				lines++
			}
			var i int
			if _, err := fmt.Sscanf(e, "html %d", &i); err == nil && lines <= i {
				t.Errorf("display %d came after %d lines of %s, want at least %d", i, lines, name, i+1)
			}
		}
		if lines != orderRounds {
			t.Errorf("%d lines of %s, want %d", lines, name, orderRounds)
		}
	}
}

func TestPipesSetScope(t *testing.T) {
	var r recorder
	cfg := r.config(t)
	var pipes atomic.Pointer[display.Pipes]
	cfg.Sink.(*contract.SinkFuncs).OnInput = func(context.Context, string, bool) (string, error) {
		pipes.Load().SetScope("msg2")
		return "next", nil
	}
	runScenarioPipes(t, "scopes", cfg, func(string) {}, func(p *display.Pipes) { pipes.Store(p) })
	var got []string
	for _, d := range r.displays {
		got = append(got, fmt.Sprintf("%s %v %s", d.DisplayID, d.Update, d.Data["text/html"]))
	}
	want := []string{"msg1-p false a", "msg1-p true b", "msg2-p false c", "msg2-p true d"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("displays %q, want %q", got, want)
	}
}

func TestPipesInput(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		input    func(ctx context.Context, prompt string, password bool) (string, error)
		want     string
		logged   string // in the kernel's log: an input request not answered
		prompts  int
	}{
		{
			name: "answered",
			input: func(ctx context.Context, prompt string, password bool) (string, error) {
				if prompt != "name? " || password {
					return "", fmt.Errorf("got prompt %q password %v", prompt, password)
				}
				return "Gopher", nil
			},
			want:    "hello Gopher",
			prompts: 1,
		},
		{
			name:     "plain stdin reads",
			scenario: "scan",
			input: func(ctx context.Context, prompt string, password bool) (string, error) {
				if prompt != "" || password {
					return "", fmt.Errorf("got prompt %q password %v", prompt, password)
				}
				return "Ada", nil
			},
			want:    "hello Ada Ada",
			prompts: 2,
		},
		{
			name:     "plain stdin read refused",
			scenario: "scan",
			input: func(context.Context, string, bool) (string, error) {
				return "", errors.New("allow_stdin is false")
			},
			want:    "read failed: EOF",
			logged:  `prompt="" err="allow_stdin is false"`,
			prompts: 1,
		},
		{
			name: "refused",
			input: func(context.Context, string, bool) (string, error) {
				return "", errors.New("allow_stdin is false")
			},
			want:    "read failed: EOF",
			logged:  `prompt="name? " err="allow_stdin is false"`,
			prompts: 1,
		},
		{
			name:   "no input function",
			want:   "read failed: EOF",
			logged: `prompt="name? " err="contract: this run accepts no input"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.scenario == "scan" {
				if _, err := os.ReadFile("/proc/self/syscall"); err != nil {
					t.Skipf("no /proc/PID/syscall to watch stdin reads: %v", err)
				}
			} else {
				tt.scenario = "input"
			}
			var r recorder
			cfg := r.config(t)
			prompts := 0
			if tt.input != nil {
				cfg.Sink.(*contract.SinkFuncs).OnInput = func(ctx context.Context, prompt string, password bool) (string, error) {
					prompts++
					return tt.input(ctx, prompt, password)
				}
			}
			var lines []string
			runScenario(t, tt.scenario, cfg, func(line string) { lines = append(lines, line) })
			if prompts != tt.prompts {
				t.Errorf("%d input requests, want %d", prompts, tt.prompts)
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("program printed %q, want %q", got, tt.want)
			}
			if got := r.stderr.String(); got != "" {
				t.Errorf("stderr %q, want none: the cell's stderr carries only what the cell wrote", got)
			}
			log := r.log.String()
			if unanswered := strings.Contains(log, "input request not answered"); unanswered != (tt.logged != "") || !strings.Contains(log, tt.logged) {
				t.Errorf("the kernel's log %q, want a note of an input request not answered: %v (%s)", log, tt.logged != "", tt.logged)
			}
		})
	}
}

// TestPipesUnused checks that a program that never opens the pipes neither
// hangs nor leaves files behind (runScenario checks both).
func TestPipesUnused(t *testing.T) {
	var r recorder
	var lines []string
	runScenario(t, "silent", r.config(t), func(line string) { lines = append(lines, line) })
	if len(lines) != 1 || len(r.displays) != 0 {
		t.Errorf("got lines %q and %d displays, want one line and none", lines, len(r.displays))
	}
}

// TestPipesMalformed writes garbage to the display pipe: the cell gets a
// display that says its displays are lost, and the kernel's log the
// error; the cell's stderr stays its own.
func TestPipesMalformed(t *testing.T) {
	var r recorder
	runScenario(t, "garbage", r.config(t), func(string) {})
	if r.stderr.Len() != 0 {
		t.Errorf("stderr %q, want none", r.stderr.String())
	}
	if len(r.displays) != 1 {
		t.Fatalf("%d displays, want one notice", len(r.displays))
	}
	if text, _ := r.displays[0].Data["text/plain"].(string); !strings.Contains(text, "malformed message") || !strings.Contains(text, "displays after it are lost") {
		t.Errorf("notice %q, want one about the malformed message and the lost displays", text)
	}
	if !strings.Contains(r.log.String(), "bad message from the cell program") {
		t.Errorf("the kernel's log %q does not have the error", r.log.String())
	}
}

func TestPipesEnv(t *testing.T) {
	var r recorder
	cfg := r.config(t)
	cfg.WorkDir, cfg.TmpDir, cfg.JupyterRoot = "/work", "/tmp/build", "/srv/jupyter"
	p, err := display.Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	env := map[string]string{}
	for _, v := range p.Env() {
		k, val, _ := strings.Cut(v, "=")
		env[k] = val
	}
	for k, want := range map[string]string{display.EnvDir: "/work", display.EnvTmpDir: "/tmp/build", display.EnvJupyterRoot: "/srv/jupyter"} {
		if env[k] != want {
			t.Errorf("%s=%q, want %q", k, env[k], want)
		}
	}
	for _, k := range []string{display.EnvPipe, display.EnvPipeBack} {
		fi, err := os.Stat(env[k])
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if fi.Mode()&os.ModeNamedPipe == 0 || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v, want a named pipe with mode 0600", k, fi.Mode())
		}
	}
}

func TestMIMEClearOutput(t *testing.T) {
	if display.MIMEClearOutput != show.MIMEClearOutput {
		t.Errorf("the kernel reads clear requests as %q, cells send %q", display.MIMEClearOutput, show.MIMEClearOutput)
	}
}

func TestBundle(t *testing.T) {
	tests := []struct {
		in   map[protocol.MIMEType]any
		want map[string]any
	}{
		{in: map[protocol.MIMEType]any{}, want: map[string]any{}},
		{in: map[protocol.MIMEType]any{"image/png": []byte{0, 1, 2}}, want: map[string]any{"image/png": "AAEC"}},
		{in: map[protocol.MIMEType]any{"image/jpeg": []byte("abc")}, want: map[string]any{"image/jpeg": "YWJj"}},
		{in: map[protocol.MIMEType]any{"text/html": []byte("<p>é</p>")}, want: map[string]any{"text/html": "<p>é</p>"}},
		{in: map[protocol.MIMEType]any{"image/svg+xml": []byte("<svg/>")}, want: map[string]any{"image/svg+xml": "<svg/>"}},
		{in: map[protocol.MIMEType]any{"application/vnd.x+json": `{"k":true}`}, want: map[string]any{"application/vnd.x+json": map[string]any{"k": true}}},
		{in: map[protocol.MIMEType]any{"application/json": "not json"}, want: map[string]any{"application/json": "not json"}},
		{in: map[protocol.MIMEType]any{"text/plain": "a", "text/latex": "$x$"}, want: map[string]any{"text/plain": "a", "text/latex": "$x$"}},
	}
	for i, tt := range tests {
		if got := display.Bundle(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%d: Bundle(%v) = %#v, want %#v", i, tt.in, got, tt.want)
		}
	}
}
