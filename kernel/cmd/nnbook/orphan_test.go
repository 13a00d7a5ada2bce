//go:build linux

package main

import (
	"context"
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
	"github.com/nnbook/nnbook/kernel/executor"
	"github.com/nnbook/nnbook/kernel/kerneltest"
	"github.com/nnbook/nnbook/kernel/wire"
)

// TestKilledKernelLeavesNothing starts the kernel binary, runs a cell that
// spins, kills the kernel with SIGKILL (what restart_kernel(now=True) and
// the OOM killer do) and checks that no process of it survives, then starts
// a new kernel and checks that it removes the dead one's temporary
// directories. Before, the worker (or the cell process) spun at 100 % CPU
// with parent 1, and 5–41 MB of session files stayed in $TMPDIR.
func TestKilledKernelLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel and compiles cells; skipped with -short")
	}
	root := repoRoot(t)
	bin := filepath.Join(t.TempDir(), "nnbook")
	build := exec.Command("go", "build", "-o", bin, "./kernel/cmd/nnbook")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, executor := range []string{executor.Live, executor.Program} {
		t.Run(executor, func(t *testing.T) {
			tmp := t.TempDir()
			env := append(os.Environ(), "TMPDIR="+tmp, EnvSource+"="+root, EnvExecutor+"="+executor)
			owners := filepath.Join(tmp, fmt.Sprintf("nnbook-%d", os.Getuid()))

			first := startKernel(t, bin, env)
			first.execute(t, "for {\n}")
			spinner := waitSpinning(t, first.cmd.Process.Pid, 3*time.Minute)
			dead, err := os.ReadDir(owners)
			if err != nil || len(dead) != 1 {
				t.Fatalf("owner directories of the first kernel: %v (%v), want one", dead, err)
			}
			if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = first.cmd.Wait()
			var left []proc
			for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
				if left = sessionProcs(first.cmd.Process.Pid); len(left) == 0 {
					break
				}
			}
			if len(left) > 0 {
				for _, p := range left {
					_ = syscall.Kill(p.pid, syscall.SIGKILL)
				}
				t.Fatalf("5s after SIGKILL of the kernel, its processes still run: %v (the spinning one was %v)", left, spinner)
			}

			second := startKernel(t, bin, env)
			stale := filepath.Join(owners, dead[0].Name())
			for end := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
				if _, err := os.Stat(stale); os.IsNotExist(err) {
					break
				}
				if time.Now().After(end) {
					t.Fatalf("the new kernel did not remove the dead kernel's directory %s", stale)
				}
			}
			second.execute(t, `fmt.Println("alive")`)
		})
	}
}

// testKernel is a kernel process and a shell connection to it.
type testKernel struct {
	cmd   *exec.Cmd
	conn  kernel.ConnectionInfo
	shell zmq4.Socket
}

// startKernel starts "bin kernel" in its own session on free loopback ports.
func startKernel(t *testing.T, bin string, env []string) *testKernel {
	t.Helper()
	conn := kerneltest.FreeConnection(t)
	file := kerneltest.ConnectionFile(t, conn)
	k := &testKernel{conn: conn}
	k.cmd = exec.Command(bin, "kernel", "-f", file)
	k.cmd.Env = env
	k.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	k.cmd.Stderr = os.Stderr
	if err := k.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
		for _, p := range sessionProcs(k.cmd.Process.Pid) {
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
		}
		if k.cmd.ProcessState == nil {
			_ = k.cmd.Wait()
		}
	})
	k.shell = zmq4.NewDealer(context.Background(), zmq4.WithTimeout(10*time.Second), zmq4.WithDialerRetry(100*time.Millisecond), zmq4.WithDialerMaxRetries(100))
	t.Cleanup(func() { k.shell.Close() })
	if err := k.shell.Dial(conn.Endpoint(conn.ShellPort)); err != nil {
		t.Fatal(err)
	}
	return k
}

// execute sends an execute_request for code, and does not wait for it.
func (k *testKernel) execute(t *testing.T, code string) {
	t.Helper()
	m := kerneltest.Request(t, "orphan-test", "execute_request", map[string]any{"code": code, "silent": false,
		"store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false})
	frames, err := wire.Encode(m, []byte(k.conn.Key))
	if err != nil {
		t.Fatal(err)
	}
	if err := k.shell.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		t.Fatal(err)
	}
}

// waitSpinning waits until a descendant of the kernel has used a second of
// CPU time (the cell's busy loop is running) and returns it.
func waitSpinning(t *testing.T, kernelPid int, d time.Duration) proc {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		for _, p := range sessionProcs(kernelPid) {
			if p.pid != kernelPid && cpuTicks(p.pid) > 100 {
				return p
			}
		}
	}
	t.Fatalf("no process of the kernel spun within %v: %v", d, sessionProcs(kernelPid))
	return proc{}
}

// cpuTicks returns the user plus system time of pid in clock ticks.
func cpuTicks(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return utime + stime
}
