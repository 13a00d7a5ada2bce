//go:build unix

package notebooks_test

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	ipynb "github.com/nnbook/nnbook/kernel/notebook"
)

// assertText reports an error unless the text of cell id contains want,
// with its numbers within nb.Tol (see nearText).
func assertText(t *testing.T, nb *Executed, id, want string) {
	t.Helper()
	if !nearText(nb.Text[id], want, nb.Tol) {
		t.Errorf("cell %s printed\n%s\nwant it to contain\n%s", id, nb.Text[id], want)
		if nb.Tol > 0 {
			t.Errorf("(numbers within %g relative or one unit of their last printed digit)", nb.Tol)
		}
	}
}

// number matches a printed number: 3, -0.25, 1.5e-03.
var number = regexp.MustCompile(`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`)

// nearText reports whether text contains want, or, when tol > 0, a text
// that differs from want only in its numbers, each within tol of want's
// relative to its size or within one unit of the last digit want prints
// (0.8312 may read 0.8313: rounding).
func nearText(text, want string, tol float64) bool {
	if strings.Contains(text, want) {
		return true
	}
	if tol == 0 {
		return false
	}
	nums := number.FindAllString(want, -1)
	if len(nums) == 0 {
		return false
	}
	var pattern strings.Builder
	for i, lit := range number.Split(want, -1) {
		pattern.WriteString(regexp.QuoteMeta(lit))
		if i < len(nums) {
			pattern.WriteString("(" + number.String() + ")")
		}
	}
	for _, m := range regexp.MustCompile(pattern.String()).FindAllStringSubmatch(text, -1) {
		if slices.EqualFunc(m[1:], nums, func(got, want string) bool { return near(got, want, tol) }) {
			return true
		}
	}
	return false
}

// near reports whether the printed number got is within tol of want
// relative to want's size, or within one unit of want's last digit.
func near(got, want string, tol float64) bool {
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return got == want
	}
	return math.Abs(g-w) <= max(tol*math.Abs(w), lastDigit(want))*(1+1e-9) // 1e-9: the decimal digits' own rounding
}

// lastDigit returns the value of one unit of the last digit of the printed
// number s: 1e-4 for 0.8312, 1e-5 for 1.5e-04, 1 for 97.
func lastDigit(s string) float64 {
	mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
	e, _ := strconv.Atoi(exp)
	if _, frac, ok := strings.Cut(mant, "."); ok {
		e -= len(frac)
	}
	return math.Pow10(e)
}

// drift is how far the numbers of a run moved from the saved outputs.
type drift struct {
	numbers, moved int      // numbers compared, and those that differ
	maxRel         float64  // the largest relative difference
	where          string   // the cell with the largest one, and its two numbers
	texts          []string // the cells whose text differs beyond numbers
}

func (d drift) String() string {
	s := fmt.Sprintf("%d of %d printed numbers moved, by at most %.2g relative", d.moved, d.numbers, d.maxRel)
	if d.where != "" {
		s += " (cell " + d.where + ")"
	}
	if len(d.texts) > 0 {
		s += fmt.Sprintf("; the text of cells %v changed", d.texts)
	}
	return s
}

// sameWords reports whether a and b are the same words: a number printed
// wider (%2d) moves the spaces around it.
func sameWords(a, b string) bool {
	return slices.Equal(strings.Fields(a), strings.Fields(b)) && (strings.TrimSpace(a) == "") == (strings.TrimSpace(b) == "")
}

// numberDrift compares the numbers every code cell of got printed with
// those of the same cell of saved, leaving out cells tagged "timing".
func numberDrift(saved, got *ipynb.Notebook) drift {
	var d drift
	want, have := executed(saved), executed(got)
	for _, c := range saved.Cells {
		if c.Type != "code" || slices.Contains(c.Tags(), tagTiming) {
			continue
		}
		w, g := want.Text[c.ID], have.Text[c.ID]
		wn, gn := number.FindAllString(w, -1), number.FindAllString(g, -1)
		if !slices.EqualFunc(number.Split(w, -1), number.Split(g, -1), sameWords) || len(wn) != len(gn) {
			d.texts = append(d.texts, c.ID)
			continue
		}
		for i := range wn {
			a, _ := strconv.ParseFloat(wn[i], 64)
			b, _ := strconv.ParseFloat(gn[i], 64)
			d.numbers++
			if wn[i] == gn[i] {
				continue
			}
			d.moved++
			if rel := math.Abs(a-b) / max(math.Abs(a), math.Abs(b)); rel > d.maxRel {
				d.maxRel, d.where = rel, c.ID+": "+wn[i]+" → "+gn[i]
			}
		}
	}
	return d
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

func TestNearText(t *testing.T) {
	for _, tt := range []struct {
		text, want string
		tol        float64
		ok         bool
	}{
		{"loss 0.8312 at epoch 3\n", "loss 0.8312 at", 0, true},
		{"loss 0.8313 at epoch 3\n", "loss 0.8312 at", 0, false},
		{"loss 0.8313 at epoch 3\n", "loss 0.8312 at", 1e-9, true},  // one unit of the last digit
		{"loss 0.8314 at epoch 3\n", "loss 0.8312 at", 1e-9, false}, // two
		{"loss 0.8314 at epoch 3\n", "loss 0.8312 at", 1e-3, true},
		{"loss 0.8312 at epoch 4\n", "loss 0.8312 at epoch 3", 1e-3, true}, // integers: one unit too
		{"loss 0.8312 at epoch 5\n", "loss 0.8312 at epoch 3", 1e-3, false},
		{"gain 1.5e-04\n", "gain 1.6e-04", 1e-9, true},
		{"gain 1.5e-04\n", "gain 1.7e-04", 1e-9, false},
		{"cost 0.8312 at epoch 3\n", "loss 0.8312 at", 1, false}, // the words must agree
		{"a 1 b 2\na 1 b 9\n", "a 1 b 9", 1e-9, true},            // any occurrence
		{"accuracy 97%", "accuracy 98%", 1e-9, true},
	} {
		if got := nearText(tt.text, tt.want, tt.tol); got != tt.ok {
			t.Errorf("nearText(%q, %q, %g) = %v, want %v", tt.text, tt.want, tt.tol, got, tt.ok)
		}
	}
}

func TestNumberDrift(t *testing.T) {
	nb := func(texts ...string) *ipynb.Notebook {
		n := &ipynb.Notebook{}
		for i, s := range texts {
			c := &ipynb.Cell{ID: fmt.Sprint("c", i), Type: "code", Outputs: []ipynb.Output{{Type: "stream", Name: "stdout", Text: s}}}
			if i == 2 {
				c.Metadata = map[string]any{"tags": []any{tagTiming}}
			}
			n.Cells = append(n.Cells, c)
		}
		return n
	}
	d := numberDrift(nb("loss 0.5000 acc 90%", "w 2.0 3.0", "took 1.2 s", "at trial  9"), nb("loss 0.5001 acc 90%", "w 2.0 3.3", "took 9.9 s", "at trial 10"))
	if d.numbers != 5 || d.moved != 3 || math.Abs(d.maxRel-0.1) > 1e-12 || d.texts != nil {
		t.Errorf("numberDrift = %+v, want 3 of 5 moved, at most 0.1 in c3 (a number printed wider)", d)
	}
	if d.where != "c3: 9 → 10" {
		t.Errorf("numberDrift's largest move is %q, want c3: 9 → 10", d.where)
	}
	if d := numberDrift(nb("loss 0.5"), nb("cost 0.5")); !slices.Equal(d.texts, []string{"c0"}) {
		t.Errorf("numberDrift of changed words = %+v, want c0's text changed", d)
	}
}
