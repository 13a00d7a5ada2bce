package data

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Tolerances.
const (
	// refTol bounds the relative difference to scikit-learn's numbers, which
	// are computed in a different order of float64 operations.
	refTol = 1e-12
	// roundTripTol bounds |InverseTransform(Transform(x)) − x| relative to x.
	roundTripTol = 1e-12
)

// scalerRef is testdata/scalers.json, written by testdata/sklearn_ref.py.
type scalerRef struct {
	Train, Test [][]float64
	Standard    struct {
		Mean, Scale []float64
		Train, Test [][]float64
	}
	MinMax struct {
		Low, High   float64
		DataMin     []float64 `json:"data_min"`
		DataMax     []float64 `json:"data_max"`
		Train, Test [][]float64
	} `json:"minmax"`
	MaxAbs struct {
		Scale       []float64
		Train, Test [][]float64
	} `json:"maxabs"`
	PCA struct {
		ExplainedVariance      []float64 `json:"explained_variance"`
		ExplainedVarianceRatio []float64 `json:"explained_variance_ratio"`
		N                      int
		WhitenTrain            [][]float64 `json:"whiten_train"`
		WhitenTest             [][]float64 `json:"whiten_test"`
	} `json:"pca"`
}

func loadScalerRef(t *testing.T) scalerRef {
	t.Helper()
	b, err := os.ReadFile("testdata/scalers.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref scalerRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func checkSlice(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if !relClose(got[i], want[i], tol) {
			t.Errorf("%s[%d]: got %.17g, want %.17g", name, i, got[i], want[i])
		}
	}
}

func checkDense(t *testing.T, name string, got mat.Matrix, want [][]float64, tol float64) {
	t.Helper()
	r, c := got.Dims()
	if r != len(want) || c != len(want[0]) {
		t.Fatalf("%s: got %d×%d, want %d×%d", name, r, c, len(want), len(want[0]))
	}
	for i := range r {
		for j := range c {
			if !relClose(got.At(i, j), want[i][j], tol) {
				t.Errorf("%s[%d][%d]: got %.17g, want %.17g", name, i, j, got.At(i, j), want[i][j])
			}
		}
	}
}

func checkRoundTrip(t *testing.T, s Scaler, x *mat.Dense) {
	t.Helper()
	back := s.InverseTransform(s.Transform(x))
	if !mat.EqualApprox(back, x, roundTripTol*mat.Norm(x, math.Inf(1))) {
		t.Errorf("%T: InverseTransform(Transform(x)) differs from x:\n%v\nwant\n%v", s, mat.Formatted(back), mat.Formatted(x))
	}
}

// TestScalersSklearn compares with StandardScaler, MinMaxScaler and
// MaxAbsScaler of scikit-learn 1.2.1 (testdata/sklearn_ref.py).
func TestScalersSklearn(t *testing.T) {
	ref := loadScalerRef(t)
	train, test := dense(ref.Train), dense(ref.Test)

	std := NewStandardize()
	if err := std.Fit(train); err != nil {
		t.Fatal(err)
	}
	checkSlice(t, "Standardize.Mean", std.Mean, ref.Standard.Mean, refTol)
	checkSlice(t, "Standardize.Scale", std.Scale, ref.Standard.Scale, refTol)
	checkDense(t, "Standardize train", std.Transform(train), ref.Standard.Train, refTol)
	checkDense(t, "Standardize test", std.Transform(test), ref.Standard.Test, refTol)
	checkRoundTrip(t, std, test)

	mm := &MinMax{Low: ref.MinMax.Low, High: ref.MinMax.High}
	if err := mm.Fit(train); err != nil {
		t.Fatal(err)
	}
	checkSlice(t, "MinMax.DataMin", mm.DataMin, ref.MinMax.DataMin, 0)
	checkSlice(t, "MinMax.DataMax", mm.DataMax, ref.MinMax.DataMax, 0)
	checkDense(t, "MinMax train", mm.Transform(train), ref.MinMax.Train, refTol)
	checkDense(t, "MinMax test", mm.Transform(test), ref.MinMax.Test, refTol)
	checkRoundTrip(t, mm, test)

	ma := NewMaxAbs()
	if err := ma.Fit(train); err != nil {
		t.Fatal(err)
	}
	checkSlice(t, "MaxAbs.Scale", ma.Scale, ref.MaxAbs.Scale, 0)
	checkDense(t, "MaxAbs train", ma.Transform(train), ref.MaxAbs.Train, refTol)
	checkDense(t, "MaxAbs test", ma.Transform(test), ref.MaxAbs.Test, refTol)
	checkRoundTrip(t, ma, test)
}

// TestScalersHand checks values worked out by hand.
func TestScalersHand(t *testing.T) {
	// The lecture's example: ages up to 80 and salaries up to 20 000 000;
	// person A is 40 with 5 000 000 → 0.5 and 0.25.
	x := mat.NewDense(3, 2, []float64{
		40, 5_000_000,
		80, 20_000_000,
		20, 10_000_000,
	})
	ma := NewMaxAbs()
	if err := ma.Fit(x); err != nil {
		t.Fatal(err)
	}
	checkDense(t, "MaxAbs", ma.Transform(x), [][]float64{{0.5, 0.25}, {1, 1}, {0.25, 0.5}}, 0)

	// Min-max with min 20 and 5 000 000: (40−20)/(80−20) = 1/3,
	// (5e6−5e6)/(2e7−5e6) = 0, (1e7−5e6)/(1.5e7) = 1/3.
	mm := NewMinMax()
	if err := mm.Fit(x); err != nil {
		t.Fatal(err)
	}
	checkDense(t, "MinMax", mm.Transform(x), [][]float64{{1.0 / 3, 0}, {1, 1}, {0, 1.0 / 3}}, 1e-15)

	// Standardize of (1, 2, 3, 4): μ = 2.5, population σ² = (2.25+0.25+0.25+2.25)/4 = 1.25.
	v := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	s := NewStandardize()
	if err := s.Fit(v); err != nil {
		t.Fatal(err)
	}
	sigma := math.Sqrt(1.25)
	checkDense(t, "Standardize", s.Transform(v), [][]float64{{-1.5 / sigma}, {-0.5 / sigma}, {0.5 / sigma}, {1.5 / sigma}}, 1e-15)
	if s.Mean[0] != 2.5 || s.Scale[0] != sigma {
		t.Errorf("Standardize: got μ=%v σ=%v, want 2.5 and %v", s.Mean[0], s.Scale[0], sigma)
	}
}

func TestScalerErrors(t *testing.T) {
	nan := mat.NewDense(2, 1, []float64{1, math.NaN()})
	single := mat.NewDense(1, 2, []float64{1, 2})
	for _, tc := range []struct {
		name string
		s    Scaler
		x    *mat.Dense
		want string
	}{
		{"MinMax NaN", NewMinMax(), nan, "NaN"},
		{"MinMax range", &MinMax{Low: 1, High: 1}, single, "Low < High"},
		{"MaxAbs Inf", NewMaxAbs(), mat.NewDense(1, 1, []float64{math.Inf(1)}), "+Inf"},
		{"Standardize NaN", NewStandardize(), nan, "NaN"},
		{"PCAWhiten one row", NewPCAWhiten(), single, "at least 2"},
		{"ZCAWhiten negative ε", &ZCAWhiten{Epsilon: -1}, single, "Epsilon"},
	} {
		err := tc.s.Fit(tc.x)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestScalerPanics(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	for _, s := range []Scaler{NewMinMax(), NewMaxAbs(), NewStandardize(), NewPCAWhiten(), NewZCAWhiten()} {
		if err := nnkit.Maybe(func() { s.Transform(x) }); err == nil || !strings.Contains(err.Error(), "before Fit") {
			t.Errorf("%T.Transform before Fit: got %v, want a panic saying so", s, err)
		}
		if err := s.Fit(x); err != nil {
			t.Fatalf("%T.Fit: %v", s, err)
		}
		wide := mat.NewDense(1, 3, nil)
		if err := nnkit.Maybe(func() { s.InverseTransform(wide) }); err == nil || !strings.Contains(err.Error(), "1×3") {
			t.Errorf("%T.InverseTransform of 1×3: got %v, want a shape panic", s, err)
		}
	}
}
