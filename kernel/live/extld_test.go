package live

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestExtldScript checks the linker driver of plugin links against a fake
// C driver that counts its runs: a probe (a link of trivial.c) runs the
// driver the first time only and is answered the same after, each flag
// on its own; every other run is the driver's own.
func TestExtldScript(t *testing.T) {
	dir := t.TempDir()
	count := filepath.Join(dir, "count")
	cc := filepath.Join(dir, "fake cc") // a space: the script quotes it
	fake := "#!/bin/sh\necho run >>" + shQuote(count) + "\n" +
		"case \"$*\" in *-Qunused-arguments*) echo \"cc: error: unrecognized command-line option '-Qunused-arguments'\"; exit 1;; esac\n" +
		"echo \"linked $*\"\n"
	if err := os.WriteFile(cc, []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	memo := filepath.Join(dir, "memo")
	script := filepath.Join(dir, "extld")
	if err := os.WriteFile(script, fmt.Appendf(nil, extldScript, shQuote(cc), shQuote(memo)), 0o755); err != nil {
		t.Fatal(err)
	}
	runs := func() int {
		data, _ := os.ReadFile(count)
		return strings.Count(string(data), "run")
	}
	drive := func(args ...string) (string, int) {
		out, err := exec.Command(script, args...).CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return string(out), exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
	}
	probe := func(tmp, flag string) []string {
		return []string{"-m64", "-o", "/tmp/" + tmp + "/a.out", flag, "/tmp/" + tmp + "/trivial.c"}
	}
	cases := []struct {
		args    []string
		out     string
		code    int
		runs    int // the fake driver's runs so far
		comment string
	}{
		{probe("go-link-1", "-Wl,--build-id=0x12"), "linked -m64 -o /tmp/go-link-1/a.out -Wl,--build-id=0x12 /tmp/go-link-1/trivial.c", 0, 1, "first probe"},
		{probe("go-link-2", "-Wl,--build-id=0x12"), "linked -m64 -o /tmp/go-link-1/a.out -Wl,--build-id=0x12 /tmp/go-link-1/trivial.c", 0, 1, "same probe, another link: remembered"},
		{probe("go-link-2", "-Qunused-arguments"), "cc: error: unrecognized command-line option '-Qunused-arguments'", 1, 2, "another flag: asked"},
		{probe("go-link-3", "-Qunused-arguments"), "cc: error: unrecognized command-line option '-Qunused-arguments'", 1, 2, "its failure remembered"},
		{[]string{"-m64", "-shared", "-o", "/tmp/x.so", "/tmp/go-link-3/go.o"}, "linked -m64 -shared -o /tmp/x.so /tmp/go-link-3/go.o", 0, 3, "a link"},
		{[]string{"-m64", "-shared", "-o", "/tmp/x.so", "/tmp/go-link-3/go.o"}, "linked -m64 -shared -o /tmp/x.so /tmp/go-link-3/go.o", 0, 4, "a link again: never remembered"},
	}
	for i, c := range cases {
		out, code := drive(c.args...)
		if strings.TrimSpace(out) != c.out || code != c.code {
			t.Errorf("%d (%s): output %q, exit %d; want %q, %d", i, c.comment, out, code, c.out, c.code)
		}
		if got := runs(); got != c.runs {
			t.Errorf("%d (%s): the driver ran %d times, want %d", i, c.comment, got, c.runs)
		}
	}
}
