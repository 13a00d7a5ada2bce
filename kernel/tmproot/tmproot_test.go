package tmproot_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/tmproot"
)

// envMake makes the test binary create a directory, print it and wait.
const envMake = "TMPROOT_TEST_MAKE"

func TestMain(m *testing.M) {
	if pattern := os.Getenv(envMake); pattern != "" {
		dir, err := tmproot.MkdirTemp(pattern)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(dir)
		time.Sleep(time.Hour) // until killed
	}
	os.Exit(m.Run())
}

// owner starts a process that makes a directory with pattern under TMPDIR
// and holds it; it returns the process and the directory.
func owner(t *testing.T, pattern string) (*exec.Cmd, string) {
	t.Helper()
	c := exec.Command(os.Args[0], "-test.run=^$")
	c.Env = append(os.Environ(), envMake+"="+pattern)
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Process.Kill()
		c.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !filepath.IsAbs(strings.TrimSpace(line)) {
		t.Fatalf("owner printed %q (%v), want a directory", line, err)
	}
	return c, strings.TrimSpace(line)
}

// TestSweep kills one owner with SIGKILL and keeps another alive: a new
// process removes the dead one's directories and leaves the live one's.
// Before, each killed kernel left its session directory in $TMPDIR for good.
func TestSweep(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dead, deadDir := owner(t, "session-")
	_, liveDir := owner(t, "live-")
	if err := os.WriteFile(filepath.Join(deadDir, "plugin.so"), make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := dead.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	dead.Wait()

	root, err := tmproot.Root()
	if err != nil {
		t.Fatal(err)
	}
	removed, err := tmproot.Sweep(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Dir(deadDir)}; !slices.Equal(removed, want) {
		t.Errorf("Sweep removed %q, want %q", removed, want)
	}
	if _, err := os.Stat(filepath.Dir(deadDir)); !os.IsNotExist(err) {
		t.Errorf("the killed owner's directory is still there: %v", err)
	}
	if _, err := os.Stat(liveDir); err != nil {
		t.Errorf("the live owner's directory was removed: %v", err)
	}
}

// TestSweepUnlocked checks the grace period for an owner directory with no
// lock file: a new one stays, an old one goes.
func TestSweepUnlocked(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	root, err := tmproot.Root()
	if err != nil {
		t.Fatal(err)
	}
	young, old := filepath.Join(root, "1-young"), filepath.Join(root, "2-old")
	for _, d := range []string{young, old} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(old, past, past); err != nil {
		t.Fatal(err)
	}
	removed, err := tmproot.Sweep(root)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{old}) {
		t.Errorf("Sweep removed %q, want only %q", removed, old)
	}
}

// TestRootChecks checks that a root open to other users is refused with a
// message that says how to fix it.
func TestRootChecks(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	root, err := tmproot.Root()
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(root); fi.Mode().Perm() != 0o700 {
		t.Errorf("root mode %v, want 0700", fi.Mode().Perm())
	}
	if err := os.Chmod(root, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := tmproot.Root(); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Errorf("Root of a 0777 directory: %v, want an error saying chmod 700", err)
	}
}

// TestMkdirTemp checks where and how this process's directories are made.
func TestMkdirTemp(t *testing.T) {
	// The owner directory is claimed once per process, under the TMPDIR
	// of that moment, so this test owns its process's first claim.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	a, err := tmproot.MkdirTemp("session-")
	if err != nil {
		t.Fatal(err)
	}
	b, err := tmproot.MkdirTemp("live-")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(a) != filepath.Dir(b) {
		t.Errorf("%s and %s are in different owner directories", a, b)
	}
	want := filepath.Join(tmp, fmt.Sprintf("nnbook-%d", os.Getuid()), fmt.Sprintf("%d-", os.Getpid()))
	if !strings.HasPrefix(a, want) || !strings.HasPrefix(filepath.Base(a), "session-") {
		t.Errorf("MkdirTemp made %s, want %s…/session-…", a, want)
	}
	if fi, err := os.Stat(a); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("stat %s: %v, want mode 0700", a, err)
	}
}
