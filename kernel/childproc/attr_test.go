package childproc_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/childproc"
)

// envRole makes the test binary act as a parent or a spinning child.
const envRole = "CHILDPROC_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(envRole) {
	case "parent":
		// Start a child that spins, as a cell in a busy loop does, print
		// its pid, and wait to be killed.
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), envRole+"=spin")
		c.SysProcAttr = childproc.Attr()
		if err := c.Start(); err != nil {
			fmt.Println("start:", err)
			os.Exit(1)
		}
		fmt.Println(c.Process.Pid)
		time.Sleep(time.Hour) // until killed
	case "spin":
		for {
		}
	}
	os.Exit(m.Run())
}

// TestChildDiesWithParent kills a parent with SIGKILL and checks that its
// spinning child, in its own process group, dies too. Without the
// parent-death signal the child is adopted by init and spins on.
func TestChildDiesWithParent(t *testing.T) {
	if !childproc.ParentDeathSignal {
		t.Skip("no parent-death signal on this system; the worker's parent watch covers it")
	}
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = append(os.Environ(), envRole+"=parent")
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		parent.Process.Kill()
		t.Fatalf("read the child's pid: %v", err)
	}
	child, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		parent.Process.Kill()
		t.Fatalf("parent printed %q, want the child's pid", line)
	}
	t.Cleanup(func() { _ = syscall.Kill(child, syscall.SIGKILL) })
	if !alive(child) {
		t.Fatal("the child is not running before its parent is killed")
	}
	if err := parent.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = parent.Wait()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if !alive(child) {
			return
		}
	}
	t.Fatalf("child %d still running 5s after its parent was killed", child)
}

// alive reports whether pid is a process that is not a zombie.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	// The state follows the parenthesised command name.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || (s[i+2] != 'Z' && s[i+2] != 'X')
}
