//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// conformanceRow is one test or subtest result of testdata/conformance.py.
type conformanceRow struct {
	Test    string `json:"test"`
	Subtest string `json:"subtest"`
	Status  string `json:"status"`  // PASS, FAIL, ERROR or SKIP
	Summary string `json:"summary"` // the exception, or why it was skipped
	Detail  string `json:"detail"`  // the traceback
}

// requiredTests are the suite's tests for which Go has a sample: each must run
// and pass.
var requiredTests = []string{
	"test_kernel_info",
	"test_execute_stdout",
	"test_execute_stderr",
	"test_error",
	"test_completion",
	"test_is_complete",
	"test_history",
	"test_inspect",
	"test_display_data",
	"test_execute_result",
	"test_clear_output",
	"test_pager",
}

// pendingTests are the suite's tests that wait for a feature still to come,
// with the reason and the issue that brings it. They run wherever the suite
// has a sample; while they fail they are skipped with the reason, and once
// one passes the test fails until it is moved to requiredTests.
var pendingTests = map[string]string{}

// TestConformance runs jupyter_kernel_test, the official kernel conformance
// suite, against the installed kernel; every test and subtest of the suite
// is a subtest here.
func TestConformance(t *testing.T) {
	requireJupyter(t, "jupyter_client", "jupyter_kernel_test")
	env := installKernel(t)
	ctx := testContext(t, 8*time.Minute)
	dir := t.TempDir()
	results := filepath.Join(dir, "results.json")
	pidfile := filepath.Join(dir, "kernel.pid")
	logfile := filepath.Join(dir, "kernel.log")
	script, err := filepath.Abs(filepath.Join("testdata", "conformance.py"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := runPython(ctx, t, env, dir, pidfile, script, "--kernel", "nnbook", "--out", results, "--pidfile", pidfile, "--log", logfile)
	if err != nil {
		t.Fatalf("conformance.py: %v\n%s\nkernel log:\n%s", err, out, tail(logfile, 4000))
	}
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatalf("%v\nconformance.py said:\n%s", err, out)
	}
	var report struct {
		Version string           `json:"jupyter_kernel_test"`
		Rows    []conformanceRow `json:"rows"`
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("results of conformance.py: %v", err)
	}
	t.Logf("jupyter_kernel_test %s: %d results", report.Version, len(report.Rows))
	checkConformance(t, report.Rows)
	if t.Failed() {
		t.Logf("kernel log (tail):\n%s", tail(logfile, 4000))
	}
}

// checkConformance makes a subtest of each test in rows, and one below it for
// each of its subtests.
func checkConformance(t *testing.T, rows []conformanceRow) {
	var order []string
	byTest := map[string][]conformanceRow{}
	for _, r := range rows {
		if _, ok := byTest[r.Test]; !ok {
			order = append(order, r.Test)
		}
		byTest[r.Test] = append(byTest[r.Test], r)
	}
	for _, name := range requiredTests {
		if _, ok := byTest[name]; !ok {
			t.Errorf("%s: the suite reported no result", name)
		}
	}
	for _, name := range order {
		t.Run(name, func(t *testing.T) {
			pending := pendingTests[name]
			whole := false
			for _, r := range byTest[name] {
				if r.Subtest == "" {
					whole = true
					checkRow(t, r, pending, true)
				}
			}
			for _, r := range byTest[name] {
				if r.Subtest != "" {
					t.Run(r.Subtest, func(t *testing.T) { checkRow(t, r, pending, false) })
				}
			}
			// The suite reports no result of its own for a test whose
			// subtests did not all pass.
			if !whole && pending != "" && !t.Failed() {
				t.Skipf("pending: %s", pending)
			}
		})
	}
}

// checkRow turns one result into the outcome of t. A test (not a subtest)
// that Go has a sample for may not be skipped.
func checkRow(t *testing.T, r conformanceRow, pending string, whole bool) {
	t.Helper()
	switch {
	case r.Status == "PASS" && pending != "":
		t.Errorf("passes now, but is listed as pending (%s): move it to requiredTests", pending)
	case r.Status == "PASS":
	case pending != "" && r.Status == "SKIP":
		t.Skipf("pending: %s", pending)
	case pending != "":
		t.Skipf("pending: %s\nthe suite says: %s %s", pending, r.Status, r.Summary)
	case r.Status == "SKIP" && whole && slices.Contains(requiredTests, r.Test):
		t.Errorf("skipped although Go has a sample for it: %s", r.Summary)
	case r.Status == "SKIP":
		reason := r.Summary
		if reason == "" {
			reason = "no sample for it, or a subtest it needs did not pass"
		}
		t.Skipf("skipped by the suite: %s", reason)
	default:
		t.Errorf("%s: %s\n%s", r.Status, r.Summary, r.Detail)
	}
}
