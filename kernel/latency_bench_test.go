//go:build unix

package kernel_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel"
	"github.com/nnbook/nnbook/kernel/kerneltest"
	"github.com/nnbook/nnbook/kernel/wire"
)

// envBenchKernels names the variable that lists, comma-separated, the
// kernelspecs BenchmarkCellLatency measures. Default: "nnbook" alone.
const envBenchKernels = "NNBOOK_BENCH_KERNELS"

// benchCells holds the trivial print cell of each kernel the benchmark
// knows, as a function of the text to print: the form each kernel needs
// for a hello cell (GoNB runs only the part of a cell after "%%"). Both
// rely on the kernel adding the fmt import.
var benchCells = map[string]func(text string) string{
	"nnbook": func(text string) string { return "fmt.Println(" + strconv.Quote(text) + ")" },
	"gonb":   func(text string) string { return "%%\nfmt.Println(" + strconv.Quote(text) + ")" },
}

// benchKernel says how to start one kernel.
type benchKernel struct {
	name string
	argv []string // with {connection_file} still in it
	env  []string // the whole environment of the kernel process
	cell func(text string) string
}

// BenchmarkCellLatency measures, for each kernel in $NNBOOK_BENCH_KERNELS,
// the latency of a trivial print cell as a front end sees it: from sending
// execute_request to receiving both the execute_reply and iopub's
// status idle for it.
//
//   - warm: one kernel, one untimed first cell, then one cell per
//     iteration. The printed text carries a random tag of this run (-count
//     runs a benchmark several times) and the iteration number, so every
//     cell is a program neither the kernel nor the Go build cache has seen.
//   - cold: per iteration a fresh kernel process on a fresh connection
//     file; ms/op is launch → first kernel_info_reply (ready-ms/op) plus
//     the first cell (cell-ms/op), as the bench/jupyter harness counts
//     them. Connecting the test client and checking that iopub delivers
//     (what jupyter_client's wait_for_ready does) and shutting the kernel
//     down are not timed.
//
// "nnbook" is the kernel built from this tree; any other name is an
// installed kernelspec, found in $JUPYTER_PATH, $JUPYTER_DATA_DIR (or the
// user's Jupyter data directory) and the system directories, started as its
// kernel.json says (argv, env with ${VAR} expanded). Each kernel is stopped
// with shutdown_request; whatever of its process group is still alive
// afterwards is killed.
func BenchmarkCellLatency(b *testing.B) {
	names := []string{"nnbook"}
	if v := os.Getenv(envBenchKernels); v != "" {
		names = nil
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	for _, name := range names {
		b.Run(name, func(b *testing.B) {
			k := findBenchKernel(b, name)
			b.Run("warm", func(b *testing.B) {
				prefix := benchPrefix(name)
				p := startBenchKernel(b, k)
				c := kerneltest.Dial(b, p.conn)
				runBenchCell(b, c, k.cell(prefix+" warm-up"), prefix+" warm-up")
				var total time.Duration
				i := 0
				for b.Loop() {
					i++
					text := fmt.Sprintf("%s warm %d", prefix, i)
					total += runBenchCell(b, c, k.cell(text), text)
				}
				b.ReportMetric(msPerOp(total, b.N), "ms/op")
				p.stop(b, c)
			})
			b.Run("cold", func(b *testing.B) {
				prefix := benchPrefix(name)
				var ready, cell time.Duration
				i := 0
				for b.Loop() {
					i++
					p := startBenchKernel(b, k)
					awaitKernelInfo(b, p.conn)
					ready += time.Since(p.started)
					b.StopTimer()
					c := kerneltest.Dial(b, p.conn)
					b.StartTimer()
					text := fmt.Sprintf("%s cold %d", prefix, i)
					cell += runBenchCell(b, c, k.cell(text), text)
					b.StopTimer()
					p.stop(b, c)
					c.Close()
					b.StartTimer()
				}
				b.ReportMetric(msPerOp(ready+cell, b.N), "ms/op")
				b.ReportMetric(msPerOp(ready, b.N), "ready-ms/op")
				b.ReportMetric(msPerOp(cell, b.N), "cell-ms/op")
			})
		})
	}
}

// benchPrefix returns the start of the text the cells of one run print:
// the kernel's name and a random tag.
func benchPrefix(name string) string {
	tag := make([]byte, 4)
	rand.Read(tag)
	return fmt.Sprintf("hi %s %x", name, tag)
}

// awaitKernelInfo returns once the kernel at conn answers a
// kernel_info_request. It asks on a shell socket of its own that retries
// connecting every millisecond, so that the time it returns at is when the
// kernel could first answer, not the next tick of a coarser retry.
func awaitKernelInfo(b *testing.B, conn kernel.ConnectionInfo) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), kerneltest.ReplyTimeout)
	defer cancel()
	sock := zmq4.NewDealer(ctx, zmq4.WithDialerRetry(time.Millisecond), zmq4.WithDialerMaxRetries(-1))
	defer sock.Close()
	if err := sock.Dial(conn.Endpoint(conn.ShellPort)); err != nil {
		b.Fatalf("kerneltest.Dial the kernel's shell socket: %v", err)
	}
	key := []byte(conn.Key)
	req := kerneltest.Request(b, "bench-probe", "kernel_info_request", map[string]any{})
	frames, err := wire.Encode(req, key)
	if err != nil {
		b.Fatal(err)
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		b.Fatalf("send kernel_info_request: %v", err)
	}
	for {
		zm, err := sock.Recv()
		if err != nil {
			b.Fatalf("no kernel_info_reply within %v: %v", kerneltest.ReplyTimeout, err)
		}
		m, err := wire.Parse(zm.Frames, key)
		if err != nil {
			b.Fatalf("the kernel sent a bad message: %v", err)
		}
		if m.ParentHeader.MsgID == req.Header.MsgID && m.Header.MsgType == "kernel_info_reply" {
			return
		}
	}
}

// msPerOp returns total/n in milliseconds.
func msPerOp(total time.Duration, n int) float64 {
	return total.Seconds() * 1000 / float64(n)
}

// runBenchCell executes code, checks that it succeeded and printed text,
// and returns the time from execute_request to the later of the
// execute_reply and iopub's status idle.
func runBenchCell(b *testing.B, c *kerneltest.Client, code, text string) time.Duration {
	b.Helper()
	start := time.Now()
	reply, outputs := c.Execute(code, nil)
	elapsed := time.Since(start)
	if got := kerneltest.Content(b, reply); got["status"] != "ok" {
		b.Fatalf("cell %q: reply %v", code, got)
	}
	var stdout strings.Builder
	for _, m := range outputs {
		if cc := kerneltest.Content(b, m); m.Header.MsgType == "stream" && cc["name"] == "stdout" {
			stdout.WriteString(fmt.Sprint(cc["text"]))
		}
	}
	if got := stdout.String(); !strings.Contains(got, text) {
		b.Fatalf("cell %q: stdout %q, want %q (outputs %v)", code, got, text, kerneltest.Types(outputs))
	}
	return elapsed
}

// findBenchKernel returns how to start the kernel called name: the nnbook
// binary built from this tree, or an installed kernelspec.
func findBenchKernel(b *testing.B, name string) benchKernel {
	b.Helper()
	cell, ok := benchCells[name]
	if !ok {
		b.Fatalf("no benchmark cell for kernel %q: add its hello cell to benchCells", name)
	}
	if name == "nnbook" {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			b.Fatalf("the benchmark builds the nnbook binary and needs the go command: %v", err)
		}
		root, err := filepath.Abs("..")
		if err != nil {
			b.Fatal(err)
		}
		bin := filepath.Join(b.TempDir(), "nnbook")
		build := exec.Command(goCmd, "build", "-o", bin, "./kernel/cmd/nnbook")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			b.Fatalf("go build ./kernel/cmd/nnbook: %v\n%s", err, out)
		}
		return benchKernel{name: name, argv: []string{bin, "kernel", "-f", "{connection_file}"},
			env: append(os.Environ(), "NNBOOK_SOURCE="+root, "NNBOOK_GO="+goCmd), cell: cell}
	}
	dirs := kernelSpecDirs()
	for _, d := range dirs {
		dir := filepath.Join(d, "kernels", name)
		data, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		var spec struct {
			Argv []string          `json:"argv"`
			Env  map[string]string `json:"env"`
		}
		if err := json.Unmarshal(data, &spec); err != nil {
			b.Fatalf("kernelspec %s: %v", dir, err)
		}
		if len(spec.Argv) == 0 {
			b.Fatalf("kernelspec %s has an empty argv", dir)
		}
		argv := make([]string, len(spec.Argv))
		for i, a := range spec.Argv {
			argv[i] = strings.ReplaceAll(a, "{resource_dir}", dir)
		}
		env := os.Environ()
		for key, v := range spec.Env {
			env = append(env, key+"="+expandKeepUnset(v))
		}
		return benchKernel{name: name, argv: argv, env: env, cell: cell}
	}
	b.Fatalf("no kernelspec %q in %v: install it or set JUPYTER_DATA_DIR or JUPYTER_PATH", name, dirs)
	return benchKernel{}
}

// kernelSpecDirs returns the Jupyter data directories in jupyter_core's
// order of precedence: $JUPYTER_PATH, the user's data directory, then the
// system ones.
func kernelSpecDirs() []string {
	var dirs []string
	for _, d := range filepath.SplitList(os.Getenv("JUPYTER_PATH")) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	switch {
	case os.Getenv("JUPYTER_DATA_DIR") != "":
		dirs = append(dirs, os.Getenv("JUPYTER_DATA_DIR"))
	case os.Getenv("XDG_DATA_HOME") != "":
		dirs = append(dirs, filepath.Join(os.Getenv("XDG_DATA_HOME"), "jupyter"))
	default:
		if home, err := os.UserHomeDir(); err == nil {
			dirs = append(dirs, filepath.Join(home, ".local", "share", "jupyter"))
		}
	}
	return append(dirs, "/usr/local/share/jupyter", "/usr/share/jupyter")
}

// expandKeepUnset expands ${VAR} and $VAR in s from the environment and
// leaves unset variables as written, as jupyter_client does for kernelspec
// env values.
func expandKeepUnset(s string) string {
	return os.Expand(s, func(key string) string {
		if v, ok := os.LookupEnv(key); ok {
			return v
		}
		return "${" + key + "}"
	})
}

// benchProcess is a running kernel.
type benchProcess struct {
	name    string
	conn    kernel.ConnectionInfo
	cmd     *exec.Cmd
	exited  chan error
	started time.Time     // just before the process started
	stderr  *lockedBuffer // the kernel's stdout and stderr
	killed  bool          // whether kill has run
}

// startBenchKernel writes a fresh connection file on 127.0.0.1 and starts
// the kernel in its own process group, in an empty working directory.
func startBenchKernel(b *testing.B, k benchKernel) *benchProcess {
	b.Helper()
	dir := b.TempDir()
	conn := kerneltest.FreeConnection(b)
	conn.KernelName = k.name
	connFile := filepath.Join(dir, "connection.json")
	data, err := json.Marshal(conn)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(connFile, data, 0o600); err != nil {
		b.Fatal(err)
	}
	argv := make([]string, len(k.argv))
	for i, a := range k.argv {
		argv[i] = strings.ReplaceAll(a, "{connection_file}", connFile)
	}
	p := &benchProcess{name: k.name, conn: conn, exited: make(chan error, 1), stderr: &lockedBuffer{}}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Env = k.env
	p.cmd.Dir = dir
	p.cmd.Stdout = p.stderr
	p.cmd.Stderr = p.stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.started = time.Now()
	if err := p.cmd.Start(); err != nil {
		b.Fatalf("start kernel %s: %v", k.name, err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	b.Cleanup(func() {
		p.kill()
		if b.Failed() {
			b.Logf("kernel %s output:\n%s", k.name, p.stderr.String())
		}
	})
	return p
}

// stop sends shutdown_request through c and waits for the process to exit;
// then it kills what is left of its process group. It does not wait for the
// shutdown_reply, as jupyter_client does not need it: GoNB sends it on
// shell, where the control socket's client never sees it.
func (p *benchProcess) stop(b *testing.B, c *kerneltest.Client) {
	b.Helper()
	c.Send("control", "shutdown_request", map[string]any{"restart": false})
	select {
	case err := <-p.exited:
		p.exited <- err
		if err != nil {
			b.Errorf("kernel %s exited with %v after shutdown_request", p.name, err)
		}
	case <-time.After(20 * time.Second):
		b.Errorf("kernel %s did not exit within 20s of shutdown_request", p.name)
	}
	p.kill()
}

// kill kills the kernel's process group, the kernel if it is still running
// and any child it left behind, once: later calls do nothing, so a group ID
// the system has since given to other processes is never signalled.
func (p *benchProcess) kill() {
	if p.killed {
		return
	}
	p.killed = true
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	err := <-p.exited
	p.exited <- err
}
