package data_test

import (
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/data"
)

// indexed returns x with row i = [i, 10·y[i]], so that a drawn row tells
// which sample it is.
func indexed(y []int) *mat.Dense {
	x := mat.NewDense(len(y), 2, nil)
	for i, c := range y {
		x.SetRow(i, []float64{float64(i), 10 * float64(c)})
	}
	return x
}

func TestPairs(t *testing.T) {
	y := []int{0, 0, 0, 0, 0, 0, 1, 1, 2} // class 2 has one sample: never an anchor of a similar pair
	x := indexed(y)
	const n = 4000
	pairs, same, err := data.Pairs(x, y, n, 3)
	if err != nil {
		t.Fatal(err)
	}
	similar := 0
	seen := map[[2]int]bool{}
	for i := range n {
		row := pairs.RawRowView(i)
		a, b := int(row[0]), int(row[2])
		if row[1] != 10*float64(y[a]) || row[3] != 10*float64(y[b]) {
			t.Fatalf("pair %d: rows %v are not copies of samples %d and %d", i, row, a, b)
		}
		want := 0.0
		if y[a] == y[b] {
			want = 1
			similar++
			if a == b {
				t.Fatalf("pair %d pairs sample %d with itself", i, a)
			}
		}
		if same.At(i, 0) != want {
			t.Fatalf("pair %d = samples %d (class %d) and %d (class %d) labelled %v", i, a, y[a], b, y[b], same.At(i, 0))
		}
		seen[[2]int{a, b}] = true
	}
	// A fair coin per pair: 2000 ± 4·√(4000/4) = 2000 ± 126.
	if similar < 1874 || similar > 2126 {
		t.Errorf("%d of %d pairs similar, want about half", similar, n)
	}
	// Every ordered similar pair of distinct samples (6·5 + 2·1 = 32) shows up.
	count := 0
	for k := range seen {
		if y[k[0]] == y[k[1]] {
			count++
		}
	}
	if count != 32 {
		t.Errorf("%d distinct similar pairs drawn, want all 32", count)
	}
	again, _, _ := data.Pairs(x, y, n, 3)
	if !mat.Equal(pairs, again) {
		t.Error("same seed, different pairs")
	}
}

func TestTriplets(t *testing.T) {
	y := []int{2, 0, 1, 0, 2, 2, 1, 3}
	x := indexed(y)
	const n = 3000
	tr, target, err := data.Triplets(x, y, n, 5)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := target.Dims(); r != n || c != 1 || mat.Max(target) != 0 || mat.Min(target) != 0 {
		t.Errorf("target is %d×%d with values in [%v, %v], want %d×1 zeros", r, c, mat.Min(target), mat.Max(target), n)
	}
	negClasses := map[int]int{}
	for i := range n {
		row := tr.RawRowView(i)
		a, p, ng := int(row[0]), int(row[2]), int(row[4])
		if y[a] != y[p] || a == p || y[ng] == y[a] {
			t.Fatalf("triplet %d = samples %d, %d, %d of classes %d, %d, %d", i, a, p, ng, y[a], y[p], y[ng])
		}
		if y[a] == 3 {
			t.Fatalf("triplet %d anchors on class 3, which has one sample", i)
		}
		negClasses[y[ng]]++
	}
	if negClasses[3] == 0 {
		t.Error("class 3 never drawn as a negative")
	}
}

func TestPairsErrors(t *testing.T) {
	x := indexed([]int{0, 1, 2})
	for _, tc := range []struct {
		name string
		x    *mat.Dense
		y    []int
		n    int
		want string
	}{
		{"rows", x, []int{0, 1}, 5, "x is 3×2 but y has 2 labels"},
		{"n", x, []int{0, 1, 1}, 0, "n is 0"},
		{"negative", x, []int{0, -1, 1}, 5, "negative"},
		{"singletons", x, []int{0, 1, 2}, 5, "class counts [1 1 1]"},
		{"one class", x, []int{1, 1, 1}, 5, "class counts [0 3]"},
	} {
		for name, f := range map[string]func() error{
			"Pairs":    func() error { _, _, err := data.Pairs(tc.x, tc.y, tc.n, 1); return err },
			"Triplets": func() error { _, _, err := data.Triplets(tc.x, tc.y, tc.n, 1); return err },
		} {
			if err := f(); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), name) {
				t.Errorf("%s %s: error %v, want one naming %s and saying %q", name, tc.name, err, name, tc.want)
			}
		}
	}
}

func TestClassCounts(t *testing.T) {
	if got := data.ClassCounts([]int{2, 0, 2, 2, 4}); !slices.Equal(got, []int{1, 0, 3, 0, 1}) {
		t.Errorf("ClassCounts: got %v", got)
	}
	if got := data.ClassCounts(nil); len(got) != 0 {
		t.Errorf("ClassCounts(nil): got %v", got)
	}
}

func TestColumn(t *testing.T) {
	if got, want := data.Column([]int{3, 0, 2}), mat.NewDense(3, 1, []float64{3, 0, 2}); !mat.Equal(got, want) {
		t.Errorf("Column: got %v", mat.Formatted(got))
	}
}
