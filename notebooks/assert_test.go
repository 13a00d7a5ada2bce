//go:build unix

package notebooks_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// assertText reports an error unless the text of cell id contains want.
func assertText(t *testing.T, nb *Executed, id, want string) {
	t.Helper()
	if !strings.Contains(nb.Text[id], want) {
		t.Errorf("cell %s printed\n%s\nwant it to contain\n%s", id, nb.Text[id], want)
	}
}

// assertImages reports the cells whose number of PNG outputs is not the one
// given.
func assertImages(t *testing.T, nb *Executed, want map[string]int) {
	t.Helper()
	for id, n := range want {
		if nb.Images[id] != n {
			t.Errorf("cell %s shows %d images, want %d", id, nb.Images[id], n)
		}
	}
}

// scanRows parses a printed table after its header lines: each row is a
// name, which may hold single spaces, then numbers separated by two or more
// spaces. It returns the numbers by name.
func scanRows(t *testing.T, text string, header int) map[string][]float64 {
	t.Helper()
	rows := map[string][]float64{}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) <= header {
		t.Fatalf("table with no rows:\n%s", text)
	}
	for _, line := range lines[header:] {
		fields := slices.DeleteFunc(strings.Split(strings.ReplaceAll(line, "  ", "\t"), "\t"), func(s string) bool { return strings.TrimSpace(s) == "" })
		var nums []float64
		for _, f := range fields[1:] {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				t.Fatalf("table row %q: %v", line, err)
			}
			nums = append(nums, v)
		}
		rows[strings.TrimSpace(fields[0])] = nums
	}
	return rows
}
