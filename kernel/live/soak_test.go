package live_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// EnvSoakCells sets how many cells TestLongSession runs (default 20);
// the measurements in docs were taken with 200.
const EnvSoakCells = "NNBOOK_SOAK_CELLS"

// maxDiskPerCell is the target for the session directory's growth.
const maxDiskPerCell = 512 << 10

// TestLongSession runs many cells that each define a variable, use the
// previous one and print, as a long notebook does, and checks that the
// session directory grows by at most maxDiskPerCell per cell. It logs the
// directory's size and the worker's resident memory. Before, every cell
// left its plugin behind: 1.6 MB per cell here, 3.4 MB per chapter cell.
func TestLongSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	n := 20
	if v := os.Getenv(EnvSoakCells); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 2 {
			t.Fatalf("%s=%q: want a cell count of 2 or more", EnvSoakCells, v)
		}
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s := newSession(t, 0)
	var base int64
	start := time.Now()
	for i := 1; i <= n; i++ {
		code := fmt.Sprintf("v%d := []float64{%d}\nfmt.Println(len(v%d))", i, i, i)
		if i > 1 {
			code += fmt.Sprintf("\nv%d[0] + v%d[0]", i, i-1)
		}
		res, rec, _ := execute(s, i, code)
		if res.Err != nil {
			t.Fatalf("cell %d: %v %q (stderr %q)", i, res.Err, res.Err.Traceback, rec.Stderr())
		}
		if i == 1 {
			base = diskUsage(t, tmp)
		}
	}
	size := diskUsage(t, tmp)
	per := float64(size-base) / float64(n-1)
	t.Logf("%d cells in %v: session directory %.1f MB (%.1f MB after cell 1), %.3f MB per cell; worker RSS %s",
		n, time.Since(start).Round(time.Second), float64(size)/1e6, float64(base)/1e6, per/1e6, workerRSS(t))
	if per > maxDiskPerCell {
		t.Errorf("the session directory grew %.3f MB per cell, want at most %.3f MB", per/1e6, float64(maxDiskPerCell)/1e6)
	}
}

// diskUsage returns the bytes of the regular files under dir.
func diskUsage(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// workerRSS returns the resident memory of this process's worker, from
// /proc; "unknown" elsewhere.
func workerRSS(t *testing.T) string {
	pids := workerPids(t)
	if len(pids) != 1 {
		return "unknown"
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pids[0]))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
