package data

import (
	"github.com/nnbook/nnbook/nnkit"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// checkPartition fails unless the parts together hold 0…n−1 exactly once.
func checkPartition(t *testing.T, name string, n int, parts ...[]int) {
	t.Helper()
	var all []int
	for _, p := range parts {
		all = append(all, p...)
	}
	slices.Sort(all)
	if len(all) != n {
		t.Fatalf("%s: parts hold %d indices, want %d", name, len(all), n)
	}
	for i, v := range all {
		if v != i {
			t.Fatalf("%s: index %d missing or repeated", name, i)
		}
	}
}

func TestTrainTest(t *testing.T) {
	for _, tc := range []struct {
		n         int
		frac      float64
		wantTest  int
		wantError string
	}{
		{10, 0.2, 2, ""},
		{10, 0.25, 3, ""}, // round(2.5) = 3
		{7, 0.5, 4, ""},   // round(3.5) = 4
		{10, 0, 0, "(0, 1)"},
		{10, 1, 0, "(0, 1)"},
		{1, 0.5, 0, "part empty"},
		{3, 0.1, 0, "part empty"},
	} {
		s, err := TrainTest(tc.n, tc.frac, 1)
		if tc.wantError != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantError) {
				t.Errorf("TrainTest(%d, %g): got error %v, want %q", tc.n, tc.frac, err, tc.wantError)
			}
			continue
		}
		if err != nil {
			t.Fatalf("TrainTest(%d, %g): %v", tc.n, tc.frac, err)
		}
		if len(s.Test) != tc.wantTest {
			t.Errorf("TrainTest(%d, %g): got %d test samples, want %d", tc.n, tc.frac, len(s.Test), tc.wantTest)
		}
		checkPartition(t, "TrainTest", tc.n, s.Train, s.Test)
	}
	a, _ := TrainTest(100, 0.3, 7)
	b, _ := TrainTest(100, 0.3, 7)
	c, _ := TrainTest(100, 0.3, 8)
	if !slices.Equal(a.Test, b.Test) || !slices.Equal(a.Train, b.Train) {
		t.Error("TrainTest: same seed gave different splits")
	}
	if slices.Equal(a.Test, c.Test) {
		t.Error("TrainTest: seeds 7 and 8 gave the same split")
	}
}

func TestStratifiedTrainTest(t *testing.T) {
	// 60 of class 0, 30 of class 1, 10 of class 2.
	y := make([]int, 100)
	for i := range y {
		switch {
		case i >= 90:
			y[i] = 2
		case i >= 60:
			y[i] = 1
		}
	}
	s, err := StratifiedTrainTest(y, 0.2, 3)
	if err != nil {
		t.Fatal(err)
	}
	checkPartition(t, "StratifiedTrainTest", len(y), s.Train, s.Test)
	count := make([]int, 3)
	for _, i := range s.Test {
		count[y[i]]++
	}
	if want := []int{12, 6, 2}; !slices.Equal(count, want) {
		t.Errorf("test class counts: got %v, want %v", count, want)
	}
	if _, err := StratifiedTrainTest([]int{0, -1}, 0.5, 1); err == nil {
		t.Error("negative label: got no error")
	}
}

func TestKFold(t *testing.T) {
	folds, err := KFold(10, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	var tests [][]int
	for i, f := range folds {
		checkPartition(t, "KFold fold", 10, f.Train, f.Test)
		if want := []int{4, 3, 3}[i]; len(f.Test) != want {
			t.Errorf("fold %d: got %d test samples, want %d", i, len(f.Test), want)
		}
		tests = append(tests, f.Test)
	}
	checkPartition(t, "KFold test parts", 10, tests...)
	for _, k := range []int{1, 11} {
		if _, err := KFold(10, k, 1); err == nil {
			t.Errorf("KFold(10, %d): got no error", k)
		}
	}
}

func TestStratifiedKFold(t *testing.T) {
	y := []int{0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2}
	folds, err := StratifiedKFold(y, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	var tests [][]int
	for i, f := range folds {
		checkPartition(t, "StratifiedKFold fold", len(y), f.Train, f.Test)
		tests = append(tests, f.Test)
		count := make([]int, 3)
		for _, j := range f.Test {
			count[y[j]]++
		}
		// 7, 4 and 3 samples dealt to 3 folds: 2 or 3, 1 or 2, and 1 each.
		if count[0] < 2 || count[0] > 3 || count[1] < 1 || count[1] > 2 || count[2] != 1 {
			t.Errorf("fold %d: class counts %v not stratified", i, count)
		}
		if len(f.Test) < 4 || len(f.Test) > 5 {
			t.Errorf("fold %d: %d test samples, want 4 or 5", i, len(f.Test))
		}
	}
	checkPartition(t, "StratifiedKFold test parts", len(y), tests...)
	if _, err := StratifiedKFold(y, 15, 1); err == nil {
		t.Error("k > n: got no error")
	}
}

func TestRowsPick(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	got := Rows(x, []int{2, 0, 2})
	if want := mat.NewDense(3, 2, []float64{5, 6, 1, 2, 5, 6}); !mat.Equal(got, want) {
		t.Errorf("Rows: got %v, want %v", mat.Formatted(got), mat.Formatted(want))
	}
	if got := Pick([]string{"a", "b", "c"}, []int{1, 1, 0}); !slices.Equal(got, []string{"b", "b", "a"}) {
		t.Errorf("Pick: got %v", got)
	}
}

func TestBatches(t *testing.T) {
	for _, tc := range []struct {
		n, size int
		want    []int // batch sizes
	}{
		{10, 3, []int{3, 3, 3, 1}},
		{10, 10, []int{10}},
		{10, 50, []int{10}},
		{3, 1, []int{1, 1, 1}},
	} {
		for _, rng := range []bool{false, true} {
			var sizes []int
			var all [][]int
			var r = newRand(5)
			if !rng {
				r = nil
			}
			for idx := range Batches(tc.n, tc.size, r) {
				sizes = append(sizes, len(idx))
				all = append(all, slices.Clone(idx))
			}
			if !slices.Equal(sizes, tc.want) {
				t.Errorf("Batches(%d, %d): got sizes %v, want %v", tc.n, tc.size, sizes, tc.want)
			}
			checkPartition(t, "Batches", tc.n, all...)
			if !rng && !slices.IsSorted(slices.Concat(all...)) {
				t.Errorf("Batches(%d, %d, nil): not in order: %v", tc.n, tc.size, all)
			}
		}
	}
	// Two epochs from one rng differ; the same seed repeats them.
	r1, r2 := newRand(9), newRand(9)
	var e1, e2, e3 []int
	for idx := range Batches(20, 20, r1) {
		e1 = slices.Clone(idx)
	}
	for idx := range Batches(20, 20, r1) {
		e2 = slices.Clone(idx)
	}
	for idx := range Batches(20, 20, r2) {
		e3 = slices.Clone(idx)
	}
	if slices.Equal(e1, e2) || !slices.Equal(e1, e3) {
		t.Errorf("Batches: epochs %v, %v; same seed %v", e1, e2, e3)
	}
	// Breaking out of the loop stops the iteration.
	count := 0
	for range Batches(100, 10, nil) {
		count++
		if count == 2 {
			break
		}
	}
	if count != 2 {
		t.Errorf("break: got %d batches, want 2", count)
	}
}

func TestOneHotArgmax(t *testing.T) {
	y := []int{2, 0, 1, 2}
	oh := OneHot(y, 3)
	want := mat.NewDense(4, 3, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1})
	if !mat.Equal(oh, want) {
		t.Errorf("OneHot: got %v", mat.Formatted(oh))
	}
	if got := Argmax(oh); !slices.Equal(got, y) {
		t.Errorf("Argmax(OneHot(y)): got %v, want %v", got, y)
	}
	// Ties go to the first column.
	if got := Argmax(mat.NewDense(2, 3, []float64{0.2, 0.5, 0.5, 1, 1, 1})); !slices.Equal(got, []int{1, 0}) {
		t.Errorf("Argmax ties: got %v, want [1 0]", got)
	}
}

func TestPanics(t *testing.T) {
	x := mat.NewDense(2, 2, nil)
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"Batches size 0", func() { Batches(5, 0, nil) }, "size is 0"},
		{"OneHot label 3", func() { OneHot([]int{0, 3}, 3) }, "label 3 of sample 1"},
		{"Rows out of range", func() { Rows(x, []int{2}) }, "index 2 out of range for a 2×2"},
		{"Shuffle negative", func() { Shuffle(-1, newRand(1)) }, "length -1"},
		{"Shuffle nil rng", func() { Shuffle(3, nil) }, "non-nil rng"},
	} {
		err := nnkit.Maybe(tc.fn)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("%s: got %v, want a panic containing %q", tc.name, err, tc.want)
		}
	}
}
