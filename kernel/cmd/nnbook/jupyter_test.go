//go:build unix

package main

import (
	"context"
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
)

// The integration tests drive the installed kernel with Jupyter's own Python
// client libraries, from Debian's packages, through Debian's interpreter.
const (
	python         = "/usr/bin/python3"
	debianPackages = "python3-jupyter-client python3-jupyter-kernel-test python3-nbclient python3-nbformat"
	// leftoverGrace is how long processes of a kernel that was shut down
	// may take to exit before they count as left behind.
	leftoverGrace = 5 * time.Second
)

// requireJupyter skips the test when python3 cannot import the modules, or
// fails it when CI=true, where .ci/run installs them first.
func requireJupyter(t *testing.T, modules ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("drives the installed kernel with a Jupyter client; skipped with -short")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-c", "import "+strings.Join(modules, ", ")).CombinedOutput()
	if err == nil {
		return
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	msg := fmt.Sprintf("%s cannot import %s (%v: %s); install the Debian packages: apt-get install %s",
		python, strings.Join(modules, ", "), err, lines[len(lines)-1], debianPackages)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// repoRoot returns the root of the source tree (this package is kernel/cmd/nnbook).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("source tree root: %v", err)
	}
	return root
}

// installKernel runs the installer (without warming the build cache) into a
// temporary Jupyter data directory and returns the environment in which
// Jupyter clients find that kernelspec first and keep their runtime and
// configuration files in temporary directories too.
func installKernel(t *testing.T) []string {
	t.Helper()
	base := t.TempDir()
	data := filepath.Join(base, "data")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "./install", "--no-warm")
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+data)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("JUPYTER_DATA_DIR=%s go run ./install --no-warm: %v\n%s", data, err, out)
	}
	return append(os.Environ(),
		"JUPYTER_DATA_DIR="+data,
		"JUPYTER_PATH="+data,
		"JUPYTER_CONFIG_DIR="+filepath.Join(base, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(base, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
	)
}

// testContext returns a context that ends after d, or shortly before the
// test binary's own deadline, whichever comes first.
func testContext(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	deadline := time.Now().Add(d)
	if td, ok := t.Deadline(); ok && td.Add(-30*time.Second).Before(deadline) {
		deadline = td.Add(-30 * time.Second)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	t.Cleanup(cancel)
	return ctx
}

// runPython runs a script of testdata with python3 in dir, in its own
// process group that is killed when ctx ends. The script writes the pid of
// the kernel it starts to pidfile; once the script is done, processes of that
// kernel's session still alive after leftoverGrace are killed and reported
// as test errors. It returns the script's combined output.
func runPython(ctx context.Context, t *testing.T, env []string, dir, pidfile string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (%v)", err, ctx.Err())
	}
	killLeftovers(t, pidfile)
	return out, err
}

// killLeftovers kills what is left of the kernel whose pid is in pidfile: the
// kernel (jupyter_client starts it as a session leader) and every process of
// its session and their descendants.
func killLeftovers(t *testing.T, pidfile string) {
	t.Helper()
	data, err := os.ReadFile(pidfile)
	if errors.Is(err, os.ErrNotExist) {
		return // the kernel never started
	}
	if err != nil {
		t.Error(err)
		return
	}
	sid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || sid <= 1 {
		t.Errorf("kernel pid file %s holds %q", pidfile, data)
		return
	}
	var left []proc
	for end := time.Now().Add(leftoverGrace); ; time.Sleep(100 * time.Millisecond) {
		left = sessionProcs(sid)
		if len(left) == 0 || time.Now().After(end) {
			break
		}
	}
	if len(left) == 0 {
		return
	}
	t.Errorf("processes of the kernel (session %d) still running %v after the client finished; killing them: %v", sid, leftoverGrace, left)
	syscall.Kill(-sid, syscall.SIGKILL)
	for _, p := range left {
		syscall.Kill(p.pid, syscall.SIGKILL)
	}
}

// proc is a process found in /proc.
type proc struct {
	pid, ppid, sid int
	cmd            string
}

func (p proc) String() string { return fmt.Sprintf("%d %q", p.pid, p.cmd) }

// sessionProcs returns the live processes of session sid and their
// descendants. Without /proc (macOS) it reports the session leader alone
// while it lives.
func sessionProcs(sid int) []proc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		if syscall.Kill(sid, 0) == nil {
			return []proc{{pid: sid, sid: sid}}
		}
		return nil
	}
	var all []proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(pid); ok {
			all = append(all, p)
		}
	}
	in := map[int]bool{}
	for _, p := range all {
		if p.sid == sid || p.pid == sid {
			in[p.pid] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, p := range all {
			if !in[p.pid] && in[p.ppid] {
				in[p.pid] = true
				changed = true
			}
		}
	}
	var out []proc
	for _, p := range all {
		if in[p.pid] {
			out = append(out, p)
		}
	}
	return out
}

// readProc reads /proc/PID/stat; zombies count as gone.
func readProc(pid int) (proc, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return proc{}, false
	}
	s := string(data)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return proc{}, false
	}
	// After the command: state ppid pgrp session ...
	f := strings.Fields(s[end+1:])
	if len(f) < 4 || f[0] == "Z" {
		return proc{}, false
	}
	ppid, err1 := strconv.Atoi(f[1])
	sid, err2 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil {
		return proc{}, false
	}
	return proc{pid: pid, ppid: ppid, sid: sid, cmd: s[open+1 : end]}, true
}

// tail returns the last n bytes of the file at path, for failure messages.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	if len(data) > n {
		data = data[len(data)-n:]
	}
	return string(data)
}
