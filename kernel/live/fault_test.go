package live_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
	"github.com/nnbook/nnbook/kernel/live"
)

// execute runs code as cell n and returns its result and output.
func execute(s *live.Session, n int, code string) (contract.Result, *contracttest.Recorder, time.Duration) {
	var rec contracttest.Recorder
	start := time.Now()
	res := s.Execute(context.Background(), contract.Request{Code: code, ExecutionCount: n}, &rec)
	return res, &rec, time.Since(start)
}

// wantValue fails unless res is a success with text/plain want.
func wantValue(t *testing.T, code string, res contract.Result, rec *contracttest.Recorder, want string) {
	t.Helper()
	if res.Err != nil {
		t.Fatalf("%q: error %v %q (stderr %q)", code, res.Err, res.Err.Traceback, rec.Stderr())
	}
	if got, _ := res.Value["text/plain"].(string); got != want {
		t.Fatalf("%q: value %q, want %q", code, got, want)
	}
}

// workerPids returns the worker processes this test process started.
func workerPids(t *testing.T) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skip("needs /proc to find the worker")
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(stat)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if strings.Contains(s, "(nnbook-worker)") && len(f) > 1 && f[0] != "Z" && f[1] == strconv.Itoa(os.Getpid()) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitWorkerGone waits until this process has no worker, and a moment more
// for the session to see its exit.
func waitWorkerGone(t *testing.T) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); len(workerPids(t)) > 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("the worker is still running 10s after it should have died: %v", workerPids(t))
		}
	}
	time.Sleep(100 * time.Millisecond)
}

// TestWorkerDiesBetweenCells kills the worker while no cell runs, once by
// a goroutine that panics after its cell returned and once with SIGKILL (as
// the out-of-memory killer does). The next cell used to fail with
// WorkerDied; it now runs on a fresh worker, after a message that says what
// happened (with the panic and its stack), what was lost and that %rerun
// rebuilds it (without the cell whose goroutine crashed the worker).
func TestWorkerDiesBetweenCells(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	tests := []struct {
		name string
		kill func(t *testing.T, s *live.Session)
		want []string // in the next cell's stderr
	}{
		{"late goroutine panic", func(t *testing.T, s *live.Session) {
			code := "import \"time\"\ngo func() {\n\ttime.Sleep(200 * time.Millisecond)\n\tpanic(\"late boom\")\n}()"
			if res, rec, _ := execute(s, 2, code); res.Err != nil {
				t.Fatalf("%q: %v (stderr %q)", code, res.Err, rec.Stderr())
			}
			if runtime.GOOS == "linux" {
				waitWorkerGone(t)
			} else {
				time.Sleep(2 * time.Second)
			}
		}, []string{"panic: late boom", "goroutine ", "variables and definitions were lost",
			"%rerun rebuilds them by running the session's one successful cell again (not cell[2], whose goroutine crashed the worker).\n"}},
		{"SIGKILL", func(t *testing.T, s *live.Session) {
			pids := workerPids(t)
			if len(pids) != 1 {
				t.Fatalf("worker processes %v, want one", pids)
			}
			if err := syscall.Kill(pids[0], syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			waitWorkerGone(t)
		}, []string{"signal: killed", "out-of-memory killer", "variables and definitions were lost",
			"%rerun rebuilds them by running the session's one successful cell again.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if runtime.GOOS != "linux" && tt.name == "SIGKILL" {
				t.Skip("finds the worker in /proc")
			}
			s := newSession(t, 0)
			if res, rec, _ := execute(s, 1, "w := 1"); res.Err != nil {
				t.Fatalf("w := 1: %v (stderr %q)", res.Err, rec.Stderr())
			}
			tt.kill(t, s)
			res, rec, _ := execute(s, 3, "1 + 1")
			wantValue(t, "1 + 1", res, rec, "2")
			for _, want := range tt.want {
				if !strings.Contains(rec.Stderr(), want) {
					t.Errorf("stderr of the next cell lacks %q:\n%s", want, rec.Stderr())
				}
			}
			if res, _, _ := execute(s, 4, "w"); res.Err == nil || !strings.Contains(res.Err.Error(), "undefined: w") {
				t.Errorf("w after the restart: %v, want undefined", res.Err)
			}
		})
	}
}

// loadAndRun finds the load-and-run time in a %time line.
var loadAndRun = regexp.MustCompile(`load and run ([0-9.]+[a-zµ]*s)\)`)

// TestCellClosesStdio closes the worker's stdout or stderr in a cell. The
// next cells used to lose their output and each wait out the kernel's 2 s
// marker timeout; their output now works at full speed.
func TestCellClosesStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	for _, stream := range []string{"Stdout", "Stderr"} {
		t.Run(stream, func(t *testing.T) {
			s := newSession(t, 0)
			code := "import \"os\"\nos." + stream + ".Close()"
			if res, rec, _ := execute(s, 1, code); res.Err != nil {
				t.Fatalf("%q: %v (stderr %q)", code, res.Err, rec.Stderr())
			}
			for n := 2; n <= 3; n++ {
				// %time reports the load-and-run time apart from the build,
				// which a loaded machine makes slow.
				code := fmt.Sprintf("%%time\nimport \"fmt\"\nfmt.Println(\"out %d\")\nfmt.Fprintln(os.Stderr, \"err %d\")\n%d", n, n, n)
				res, rec, _ := execute(s, n, code)
				wantValue(t, code, res, rec, strconv.Itoa(n))
				out, timing, _ := strings.Cut(rec.Stdout(), "%time: ")
				if want := fmt.Sprintf("out %d\n", n); out != want {
					t.Errorf("cell %d stdout %q, want %q before the %%time line", n, out, want)
				}
				if got, want := rec.Stderr(), fmt.Sprintf("err %d\n", n); got != want {
					t.Errorf("cell %d stderr %q, want %q", n, got, want)
				}
				m := loadAndRun.FindStringSubmatch(timing)
				if m == nil {
					t.Fatalf("cell %d: no load-and-run time in %q", n, timing)
				}
				if d, err := time.ParseDuration(m[1]); err != nil || d > 1500*time.Millisecond {
					t.Errorf("cell %d loaded and ran in %s, want no marker timeout (2 s)", n, m[1])
				}
			}
		})
	}
}

// TestCellWritesProtocolDescriptor writes a forged reply to descriptor 4,
// where the worker's replies used to go. That reply used to be taken as the
// cell's, and the real one as the next cell's; now the write goes nowhere
// and replies stay in step.
func TestCellWritesProtocolDescriptor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	code := "import \"os\"\nos.NewFile(4, \"fd4\").WriteString(`{\"Panic\":\"forged\"}` + \"\\n\")\n\"real\""
	res, rec, _ := execute(s, 1, code)
	wantValue(t, code, res, rec, `"real"`)
	res, rec, _ = execute(s, 2, "40 + 2")
	wantValue(t, "40 + 2", res, rec, "42")
}

// TestCellGoexit calls runtime.Goexit in a cell. It used to end the
// worker's request loop, so the cell never finished until an interrupt
// killed the worker and the session; it is now reported at once with the
// line that called it, and the session's variables are kept.
func TestCellGoexit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s, err := live.NewSession(live.Config{ProjectDir: "../..", Grace: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if res, rec, _ := execute(s, 1, "y := 1"); res.Err != nil {
		t.Fatalf("y := 1: %v (stderr %q)", res.Err, rec.Stderr())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var rec contracttest.Recorder
	start := time.Now()
	res := s.Execute(ctx, contract.Request{Code: "import \"runtime\"\ny++\nruntime.Goexit()", ExecutionCount: 2}, &rec)
	if res.Err == nil || !strings.Contains(res.Err.Error(), "runtime.Goexit was called") {
		t.Fatalf("Goexit cell: error %v after %v, want one saying runtime.Goexit was called", res.Err, time.Since(start))
	}
	if tb := ansi.ReplaceAllString(strings.Join(res.Err.Traceback, "\n"), ""); !strings.Contains(tb, "cell[2]:3") {
		t.Errorf("traceback lacks the calling line cell[2]:3:\n%s", tb)
	}
	res, r2, _ := execute(s, 3, "y")
	wantValue(t, "y", res, r2, "2")
}

// TestStackOverflow runs unbounded recursion. The worker used to grow its
// stack to 1 GB for tens of seconds, stream a 14 KB runtime dump into the
// cell's output and fail with WorkerDied; the cell now fails within seconds
// with "stack overflow in f (cell[1] line 2)" and the first frames, no
// dump, and the next cell runs.
func TestStackOverflow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	res, rec, d := execute(s, 1, "func f(n int) int {\n\treturn f(n+1) + 1\n}\nf(0)")
	if res.Err == nil {
		t.Fatal("unbounded recursion succeeded")
	}
	text := ansi.ReplaceAllString(res.Err.Error()+"\n"+strings.Join(res.Err.Traceback, "\n"), "")
	t.Logf("after %v:\n%s", d, text)
	if !strings.Contains(text, "stack overflow in f (cell[1] line 2)") || !strings.Contains(text, "cell[1]:2") {
		t.Errorf("error\n%s\nwant \"stack overflow in f (cell[1] line 2)\" and frames at cell[1]:2", text)
	}
	if n := strings.Count(text, "\n"); n > 30 {
		t.Errorf("error has %d lines, want the first frames only", n)
	}
	if got := rec.Stderr(); strings.Contains(got, "goroutine") || len(got) > 1000 {
		t.Errorf("the runtime's dump reached the cell's stderr (%d bytes):\n%.500s", len(got), got)
	}
	if d > 20*time.Second {
		t.Errorf("the overflow took %v to report", d)
	}
	res, rec, _ = execute(s, 2, "1 + 1")
	wantValue(t, "1 + 1", res, rec, "2")
}

// TestStderrLooksFatal prints text that starts like a runtime report from a
// cell that goes on: it is shown in full and the session is kept.
func TestStderrLooksFatal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, 0)
	code := "import (\n\t\"fmt\"\n\t\"os\"\n)\nk := 7\nfmt.Fprint(os.Stderr, \"fatal\")\nfmt.Fprintln(os.Stderr, \" error: not really\")\nfmt.Fprint(os.Stderr, \"f\")"
	res, rec, _ := execute(s, 1, code)
	if res.Err != nil {
		t.Fatalf("%v", res.Err)
	}
	if got, want := rec.Stderr(), "fatal error: not really\nf"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	res, rec, _ = execute(s, 2, "k")
	wantValue(t, "k", res, rec, "7")
}

// TestOutOfMemory runs a session under a memory limit: the worker gets
// GOMEMLIMIT below it, and a cell that allocates past what the worker may
// have (its address space capped, as a control group caps its memory) is
// reported as OutOfMemory with the limit, and the next cell runs on a
// fresh worker.
func TestOutOfMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	if runtime.GOOS != "linux" {
		t.Skip("caps the worker's address space with prlimit")
	}
	t.Setenv(live.EnvMemoryLimit, "1GiB")
	s := newSession(t, 0)
	execute(s, 1, "x := 1")
	pids := workerPids(t)
	if len(pids) != 1 {
		t.Fatalf("worker processes %v, want one", pids)
	}
	pid := pids[0]
	environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		t.Fatal(err)
	}
	if want := "GOMEMLIMIT=" + strconv.Itoa(1<<30-384<<20); !strings.Contains(string(environ), want+"\x00") {
		t.Errorf("the worker's environment lacks %s", want)
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	var vmKB uint64
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmSize:"); ok {
			vmKB, _ = strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	if vmKB == 0 {
		t.Fatalf("no VmSize in /proc/%d/status", pid)
	}
	limit := syscall.Rlimit{Cur: vmKB<<10 + 512<<20, Max: vmKB<<10 + 512<<20}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_AS, uintptr(unsafe.Pointer(&limit)), 0, 0, 0); errno != 0 {
		t.Skipf("prlimit: %v", errno)
	}

	res, rec, _ := execute(s, 2, "b := make([]byte, 4<<30)\nb[len(b)-1] = 1")
	if res.Err == nil || res.Err.Name != "OutOfMemory" {
		t.Fatalf("allocating 4 GiB: error %v, want OutOfMemory (stderr %q)", res.Err, rec.Stderr())
	}
	for _, want := range []string{"ran out of memory", "1.0 GiB (from $NNBOOK_MEMORY_LIMIT)", "variables and definitions were lost"} {
		if !strings.Contains(res.Err.Value, want) {
			t.Errorf("error %q lacks %q", res.Err.Value, want)
		}
	}
	if strings.Contains(rec.Stderr(), "goroutine ") {
		t.Errorf("the runtime's dump reached the cell's stderr:\n%s", rec.Stderr())
	}
	res, rec, _ = execute(s, 3, "1 + 1")
	wantValue(t, "1 + 1", res, rec, "2")
}
