package data

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// segmentTol bounds the distance of a SMOTE point from its segment.
const segmentTol = 1e-9

// imbalanced returns sizes[c] Gaussian points of dimension d per class c,
// class c centred at (c, c, …).
func imbalanced(sizes []int, d int, seed uint64) (*mat.Dense, []int) {
	rng := newRand(seed)
	var y []int
	var v []float64
	for c, n := range sizes {
		for range n {
			for range d {
				v = append(v, float64(c)+rng.NormFloat64())
			}
			y = append(y, c)
		}
	}
	return mat.NewDense(len(y), d, v), y
}

func classCounts(y []int) []int {
	var count []int
	for _, c := range y {
		for c >= len(count) {
			count = append(count, 0)
		}
		count[c]++
	}
	return count
}

// checkPrefix fails unless the first rows of gotX/gotY are x/y unchanged.
func checkPrefix(t *testing.T, name string, x *mat.Dense, y []int, gotX *mat.Dense, gotY []int) {
	t.Helper()
	n, d := x.Dims()
	if !mat.Equal(gotX.Slice(0, n, 0, d), x) || !slices.Equal(gotY[:n], y) {
		t.Errorf("%s: the original samples are not kept first and unchanged", name)
	}
}

// bruteNeighbours returns the k nearest rows of p to row i by exact
// Euclidean distance, computed independently of the package's search.
func bruteNeighbours(p *mat.Dense, i, k int) []int {
	n, _ := p.Dims()
	type cand struct {
		j int
		d float64
	}
	var cs []cand
	for j := range n {
		if j == i {
			continue
		}
		var diff mat.VecDense
		diff.SubVec(p.RowView(i), p.RowView(j))
		cs = append(cs, cand{j, mat.Norm(&diff, 2)})
	}
	slices.SortFunc(cs, func(a, b cand) int { return int(math.Copysign(1, a.d-b.d)) })
	out := make([]int, k)
	for m := range k {
		out[m] = cs[m].j
	}
	return out
}

// onSegment reports whether q = a + λ(b − a) for some λ in [0, 1].
func onSegment(q, a, b []float64) bool {
	var dot, len2 float64
	for f := range q {
		dot += (q[f] - a[f]) * (b[f] - a[f])
		len2 += (b[f] - a[f]) * (b[f] - a[f])
	}
	lambda := dot / len2
	if lambda < -segmentTol || lambda > 1+segmentTol {
		return false
	}
	var dist2 float64
	for f := range q {
		e := q[f] - (a[f] + lambda*(b[f]-a[f]))
		dist2 += e * e
	}
	return math.Sqrt(dist2) <= segmentTol*(1+math.Sqrt(len2))
}

func TestSMOTE(t *testing.T) {
	x, y := imbalanced([]int{100, 20, 31}, 3, 1)
	for _, tc := range []struct {
		k     int
		ratio float64
		want  []int // class counts after resampling
	}{
		{5, 1, []int{100, 100, 100}},
		{3, 0.5, []int{100, 50, 50}},
		{1, 0.3, []int{100, 30, 31}}, // class 2 already has ⌊0.3·100⌋ = 30
	} {
		s := &SMOTE{K: tc.k, Ratio: tc.ratio, Seed: 4}
		gotX, gotY, err := s.Resample(x, y)
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		if got := classCounts(gotY); !slices.Equal(got, tc.want) {
			t.Errorf("%v: class counts %v, want %v", s, got, tc.want)
		}
		checkPrefix(t, s.String(), x, y, gotX, gotY)

		// Every synthetic point lies on a segment from a sample of its class
		// to one of that sample's K nearest neighbours in the class.
		byClass, _ := classIndices(y)
		neighbours := make([][][]int, len(byClass))
		points := make([]*mat.Dense, len(byClass))
		for c, idx := range byClass {
			points[c] = Rows(x, idx)
			for i := range idx {
				neighbours[c] = append(neighbours[c], bruteNeighbours(points[c], i, tc.k))
			}
		}
		n, _ := x.Dims()
		for r := n; r < len(gotY); r++ {
			c, q := gotY[r], gotX.RawRowView(r)
			found := false
			for i, nn := range neighbours[c] {
				for _, j := range nn {
					if onSegment(q, points[c].RawRowView(i), points[c].RawRowView(j)) {
						found = true
					}
				}
			}
			if !found {
				t.Fatalf("%v: synthetic row %d (class %d) %v is on no segment to a %d-nearest neighbour", s, r, c, q, tc.k)
			}
		}

		again, _, _ := s.Resample(x, y)
		if !mat.Equal(again, gotX) {
			t.Errorf("%v: same seed gave different points", s)
		}
		s.Seed++
		other, _, _ := s.Resample(x, y)
		if mat.Equal(other, gotX) {
			t.Errorf("%v: another seed gave the same points", s)
		}
	}
}

// TestNearest checks the blocked search against brute force on more rows
// than one block holds.
func TestNearest(t *testing.T) {
	p, _ := imbalanced([]int{knnBlock + 77}, 5, 2)
	const k = 4
	nn := nearest(p, k)
	n, _ := p.Dims()
	for i := range n {
		if want := bruteNeighbours(p, i, k); !slices.Equal(nn[i*k:(i+1)*k], want) {
			t.Fatalf("row %d: got neighbours %v, want %v", i, nn[i*k:(i+1)*k], want)
		}
	}
}

func TestRandomOversample(t *testing.T) {
	x, y := imbalanced([]int{10, 40, 25}, 2, 3)
	o := NewRandomOversample(5)
	gotX, gotY, err := o.Resample(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := classCounts(gotY), []int{40, 40, 40}; !slices.Equal(got, want) {
		t.Errorf("class counts %v, want %v", got, want)
	}
	checkPrefix(t, "RandomOversample", x, y, gotX, gotY)
	// Every added row is a copy of an original row of its class.
	n, _ := x.Dims()
	for r := n; r < len(gotY); r++ {
		found := false
		for i := range n {
			if y[i] == gotY[r] && slices.Equal(x.RawRowView(i), gotX.RawRowView(r)) {
				found = true
			}
		}
		if !found {
			t.Errorf("row %d is not a copy of a sample of class %d", r, gotY[r])
		}
	}
	again, _, _ := o.Resample(x, y)
	if !mat.Equal(again, gotX) {
		t.Error("same seed gave different rows")
	}
}

func TestRandomUndersample(t *testing.T) {
	x, y := imbalanced([]int{10, 40, 25}, 2, 3)
	u := &RandomUndersample{Ratio: 0.5, Seed: 1}
	gotX, gotY, err := u.Resample(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := classCounts(gotY), []int{10, 20, 20}; !slices.Equal(got, want) {
		t.Errorf("class counts %v, want %v", got, want)
	}
	// The kept rows are original rows, in their original order.
	n, _ := x.Dims()
	next := 0
	for r := range gotY {
		for next < n && !slices.Equal(x.RawRowView(next), gotX.RawRowView(r)) {
			next++
		}
		if next == n || y[next] != gotY[r] {
			t.Fatalf("row %d is not an original row in order", r)
		}
		next++
	}
}

func TestSamplerErrors(t *testing.T) {
	x, y := imbalanced([]int{10, 3}, 2, 1)
	gap := []int{0, 0, 2, 2, 0, 0, 0, 2, 2, 2, 0, 0, 0}
	one := make([]int, 13)
	for _, tc := range []struct {
		name string
		s    Sampler
		y    []int
		want string
	}{
		{"SMOTE k ≥ minority", NewSMOTE(1), y, "class 1 has 3 samples, too few for K = 5"},
		{"SMOTE k = minority", &SMOTE{K: 3, Ratio: 1}, y, "set K ≤ 2"},
		{"SMOTE K 0", &SMOTE{K: 0, Ratio: 1}, y, "K is 0"},
		{"SMOTE ratio", &SMOTE{K: 1, Ratio: 1.5}, y, "Ratio is 1.5"},
		{"SMOTE single class", &SMOTE{K: 1, Ratio: 1}, one, "1 class"},
		{"SMOTE missing class", &SMOTE{K: 1, Ratio: 1}, gap, "class 1 has no samples"},
		{"oversample ratio 0", &RandomOversample{}, y, "Ratio is 0"},
		{"oversample missing class", NewRandomOversample(1), gap, "class 1 has no samples"},
		{"undersample single class", NewRandomUndersample(1), one, "1 class"},
		{"undersample negative label", NewRandomUndersample(1), append(slices.Clone(one[:12]), -1), "negative"},
	} {
		_, _, err := tc.s.Resample(x, tc.y)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	nan := mat.DenseCopyOf(x)
	nan.Set(4, 1, math.NaN())
	if _, _, err := (&SMOTE{K: 2, Ratio: 1}).Resample(nan, y); err == nil || !strings.Contains(err.Error(), "x[4][1] is NaN") {
		t.Errorf("SMOTE with NaN: got %v, want an error naming x[4][1]", err)
	}
	// SMOTE with K = 2 works for the 3-sample class.
	if _, _, err := (&SMOTE{K: 2, Ratio: 1}).Resample(x, y); err != nil {
		t.Errorf("SMOTE K = 2 on 3 samples: %v", err)
	}
	// Mismatched lengths are misuse.
	if err := nnkit.Maybe(func() { _, _, _ = NewSMOTE(1).Resample(x, y[:5]) }); err == nil || !strings.Contains(err.Error(), "13×2 but y has 5") {
		t.Errorf("length mismatch: got %v, want a panic", err)
	}
}
