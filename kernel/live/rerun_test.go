package live_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// TestRerun builds a session across cells (variables, functions, a type
// with a method, a %rm, a shell line, a cell that fails to compile and one
// that panics), hangs a cell in a way no interrupt reaches so that the
// worker is killed and every variable lost, and runs %rerun: every value
// comes back, and the log file the cells append to shows that the failed
// cells, the hung cell and the shell line did not run again.
func TestRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	logFile := filepath.Join(t.TempDir(), "log")
	s := newSession(t, 500*time.Millisecond)
	run(t, s, 1, step{code: "import (\n\t\"fmt\"\n\t\"os\"\n\t\"sync\"\n)\n" +
		"func note(s string) {\n\tf, err := os.OpenFile(" + strconv.Quote(logFile) + ", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Fprintln(f, s)\n\tf.Close()\n}\n" +
		"var _ sync.Mutex\nnote(\"1\")\nfmt.Println(\"cell 1 ran\")", stdout: "cell 1 ran\n"})
	run(t, s, 2, step{code: "x := 41\ntype point struct{ X, Y int }\nfunc (p point) sum() int { return p.X + p.Y }\nnote(\"2\")"})
	run(t, s, 3, step{code: "x++\np := point{1, 2}\ntmp := 5\nfunc double(v int) int { return 2 * v }\nnote(\"3\")\nx", value: "42"})
	run(t, s, 4, step{code: "!echo shell >> " + logFile + "\n%rm tmp\n%who", stdout: "p  x\n"})
	run(t, s, 5, step{code: "y := undefinedThing", err: "undefined: undefinedThing"})
	run(t, s, 6, step{code: "note(\"6\")\nx = 100\nvar m map[string]int\nm[\"a\"] = 1", err: "assignment to entry in nil map"})
	run(t, s, 7, step{code: "x = 42\nlabel := fmt.Sprint(\"p=\", p)\nnote(\"7\")"})

	// Cell 8 hangs on a mutex: the interrupt cannot reach it, the worker
	// is killed after the grace period and the state is lost.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &contracttest.Recorder{OnStream: whenStarted(cancel)}
	res := s.Execute(ctx, contract.Request{Code: "note(\"8\")\nvar mu sync.Mutex\nmu.Lock()\nfmt.Println(\"started\")\nmu.Lock()", ExecutionCount: 8}, rec)
	if res.Err == nil || !strings.Contains(res.Err.Value, "variables and definitions were lost") {
		t.Fatalf("hung cell: got %v, want the state lost", res.Err)
	}
	if want := "%rerun rebuilds them by running the session's 5 successful cells again"; !strings.Contains(res.Err.Value, want) {
		t.Errorf("hung cell's error %q does not say %q", res.Err.Value, want)
	}
	run(t, s, 9, step{code: "x", err: "undefined: x"})

	res, out, _ := execute(s, 10, "%rerun")
	if res.Err != nil {
		t.Fatalf("%%rerun: %v %q\nstdout %q stderr %q", res.Err, res.Err.Traceback, out.Stdout(), out.Stderr())
	}
	lines := strings.Split(strings.TrimSuffix(out.Stdout(), "\n"), "\n")
	if len(lines) != 8 || lines[0] != "%rerun: replaying 5 cells on a fresh worker (their output is not shown again)" ||
		!strings.HasPrefix(lines[6], "%rerun: the session is rebuilt (") ||
		lines[7] != "The shell lines (!) of cell[4] were not run again; what they did to files is still there." {
		t.Errorf("%%rerun printed %q", out.Stdout())
	}
	for i, n := range []int{1, 2, 3, 4, 7} {
		if i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "  cell["+strconv.Itoa(n)+"] ") {
			t.Errorf("progress line %d %q, want cell[%d]", i+1, lines[i+1], n)
		}
	}
	if len(out.Displays()) != 0 || out.Stderr() != "" {
		t.Errorf("%%rerun showed displays %v and stderr %q, want none", out.Displays(), out.Stderr())
	}
	run(t, s, 11, step{code: "x", value: "42"})
	run(t, s, 12, step{code: "p.sum() + double(x)", value: "87"})
	run(t, s, 13, step{code: "point{2, 3}.sum()", value: "5"})
	run(t, s, 14, step{code: "label", value: `"p={1 2}"`})
	run(t, s, 15, step{code: "tmp", err: "undefined: tmp"})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), "1\n2\n3\nshell\n6\n7\n8\n1\n2\n3\n7\n"; got != want {
		t.Errorf("the cells wrote %q, want %q: the replay ran 1, 2, 3 and 7 again and nothing else", got, want)
	}
}

// TestRerunStops replays a session in which a cell no longer succeeds (the
// file it reads is gone): the replay stops there with the cell's error and
// what it printed, and the cells before it stay replayed. %rerun after
// %reset has nothing to replay, and %rerun takes no arguments.
func TestRerunStops(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	data := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(data, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newSession(t, 0)
	run(t, s, 1, step{code: "import (\n\t\"fmt\"\n\t\"os\"\n)\na := 1"})
	run(t, s, 2, step{code: "fmt.Println(\"reading\")\ntext, err := os.ReadFile(" + strconv.Quote(data) + ")\nif err != nil {\n\tpanic(err)\n}", stdout: "reading\n"})
	run(t, s, 3, step{code: "b := string(text) + \"!\""})
	if err := os.Remove(data); err != nil {
		t.Fatal(err)
	}
	res, out, _ := execute(s, 4, "a = 5\n%rerun")
	if res.Err == nil || res.Err.Name != "RerunError" {
		t.Fatalf("%%rerun: got %v, want RerunError", res.Err)
	}
	text := ansi.ReplaceAllString(res.Err.Value+"\n"+strings.Join(res.Err.Traceback, "\n"), "")
	for _, want := range []string{"cell[2] failed when replayed (panic: open ", "the 1 cell before it was replayed, the 1 after it was not", "cell[2]:4"} {
		if !strings.Contains(text, want) {
			t.Errorf("%%rerun's error\n%s\ndoes not say %q", text, want)
		}
	}
	if got := out.Stdout(); !strings.Contains(got, "\n  cell[1] ") || !strings.HasSuffix(got, "reading\n") {
		t.Errorf("%%rerun printed %q, want the progress of cell[1] and then what cell[2] printed", got)
	}
	run(t, s, 5, step{code: "a", value: "1"})
	run(t, s, 6, step{code: "b", err: "undefined: b"})

	run(t, s, 7, step{code: "%reset", stdout: "The worker was restarted: every variable and definition is gone.\n"})
	run(t, s, 8, step{code: "%rerun", stdout: "%rerun: nothing to replay: no cell has run successfully since the session started or since %reset.\n"})
	run(t, s, 9, step{code: "%rerun 3", err: "MagicError: %rerun takes no arguments"})

	// A cell that failed at run time kept what it defined; the replay
	// leaves it out, and a later cell that uses its definitions says so.
	run(t, s, 10, step{code: "func helper() int { return 7 }\npanic(\"after the definition\")", err: "after the definition"})
	run(t, s, 11, step{code: "h := helper()\nh", value: "7"})
	res, _, _ = execute(s, 12, "%rerun")
	text = ""
	if res.Err != nil {
		text = ansi.ReplaceAllString(res.Err.Value+"\n"+strings.Join(res.Err.Traceback, "\n"), "")
	}
	for _, want := range []string{"cell[11] failed when replayed (CompileError: undefined: helper)", "%rerun left out cell[10], which failed when it first ran"} {
		if !strings.Contains(text, want) {
			t.Errorf("%%rerun's error\n%s\ndoes not say %q", text, want)
		}
	}
}

// TestRerunInterrupt interrupts %rerun while it replays a slow cell: it
// stops there with the interrupt (KeyboardInterrupt while the cell runs,
// Interrupted while it builds) and names the cell.
func TestRerunInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	run(t, s, 1, step{code: "import \"time\"\nslept := 0"})
	run(t, s, 2, step{code: "time.Sleep(2 * time.Second)\nslept++"})
	run(t, s, 3, step{code: "done := true"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &contracttest.Recorder{OnStream: func(stdout string) {
		if strings.Contains(stdout, "  cell[1] ") {
			time.AfterFunc(300*time.Millisecond, cancel)
		}
	}}
	start := time.Now()
	res := s.Execute(ctx, contract.Request{Code: "%rerun", ExecutionCount: 4}, rec)
	if res.Err == nil || (res.Err.Name != "KeyboardInterrupt" && res.Err.Name != "Interrupted") || !strings.Contains(res.Err.Value, "%rerun was interrupted in cell[2]") {
		t.Fatalf("interrupted %%rerun: got %v, want it interrupted in cell[2]", res.Err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("%%rerun took %v", took)
	}
	run(t, s, 5, step{code: "slept", value: "0"})
	run(t, s, 6, step{code: "done", err: "undefined: done"})
}
