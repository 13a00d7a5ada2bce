package metric

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// refTol bounds the difference to scikit-learn's numbers.
const refTol = 1e-12

// ref is testdata/metrics.json, written by testdata/sklearn_ref.py.
type ref struct {
	Classification struct {
		YTrue     []int `json:"y_true"`
		YPred     []int `json:"y_pred"`
		Confusion [][]int
		Accuracy  float64
		Precision []float64
		Recall    []float64
		F1        []float64
		MacroF1   float64 `json:"macro_f1"`
		Support   []int
		Micro     []float64 // precision, recall, F1
		Weighted  []float64
	}
	Regression struct {
		YTrue [][]float64 `json:"y_true"`
		YPred [][]float64 `json:"y_pred"`
		MSE   float64
		MAE   float64
		R2    float64
	}
	ROC struct {
		YTrue    []int `json:"y_true"`
		Score    []float64
		FPR, TPR []float64
		AUC      float64
	}
}

func loadRef(t *testing.T) ref {
	t.Helper()
	b, err := os.ReadFile("testdata/metrics.json")
	if err != nil {
		t.Fatal(err)
	}
	var r ref
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func near(a, b float64) bool { return math.Abs(a-b) <= refTol }

func checkFloats(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d]: got %v, want %v", name, i, got[i], want[i])
		}
	}
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// TestSklearn compares with sklearn.metrics 1.2.1 (testdata/sklearn_ref.py).
func TestSklearn(t *testing.T) {
	r := loadRef(t)
	c := r.Classification
	conf := NewConfusion(c.YTrue, c.YPred, 4)
	for i := range conf.Counts {
		if !slices.Equal(conf.Counts[i], c.Confusion[i]) {
			t.Errorf("confusion row %d: got %v, want %v", i, conf.Counts[i], c.Confusion[i])
		}
	}
	if got := Accuracy(c.YTrue, c.YPred); !near(got, c.Accuracy) {
		t.Errorf("Accuracy: got %v, want %v", got, c.Accuracy)
	}
	if got := conf.Accuracy(); !near(got, c.Accuracy) {
		t.Errorf("Confusion.Accuracy: got %v, want %v", got, c.Accuracy)
	}
	checkFloats(t, "Precision", conf.Precision(), c.Precision)
	checkFloats(t, "Recall", conf.Recall(), c.Recall)
	checkFloats(t, "F1", conf.F1(), c.F1)
	if got := Macro(conf.F1()); !near(got, c.MacroF1) {
		t.Errorf("Macro(F1): got %v, want %v", got, c.MacroF1)
	}
	if got := conf.Support(); !slices.Equal(got, c.Support) {
		t.Errorf("Support: got %v, want %v", got, c.Support)
	}
	mp, mr, mf := conf.Micro()
	checkFloats(t, "Micro", []float64{mp, mr, mf}, c.Micro)
	support := conf.Support()
	checkFloats(t, "Weighted", []float64{
		Weighted(conf.Precision(), support), Weighted(conf.Recall(), support), Weighted(conf.F1(), support),
	}, c.Weighted)

	g := r.Regression
	yt, yp := dense(g.YTrue), dense(g.YPred)
	for _, m := range []struct {
		name      string
		got, want float64
	}{
		{"MSE", MSE(yt, yp), g.MSE},
		{"MAE", MAE(yt, yp), g.MAE},
		{"R2", R2(yt, yp), g.R2},
	} {
		if !near(m.got, m.want) {
			t.Errorf("%s: got %v, want %v", m.name, m.got, m.want)
		}
	}

	roc, err := NewROC(r.ROC.YTrue, r.ROC.Score)
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "ROC.FPR", roc.FPR, r.ROC.FPR)
	checkFloats(t, "ROC.TPR", roc.TPR, r.ROC.TPR)
	auc, err := ROCAUC(r.ROC.YTrue, r.ROC.Score)
	if err != nil || !near(auc, r.ROC.AUC) {
		t.Errorf("ROCAUC: got %v, %v; want %v", auc, err, r.ROC.AUC)
	}
}

// TestConfusionHand checks cases worked out by hand.
func TestConfusionHand(t *testing.T) {
	for _, tc := range []struct {
		name              string
		yTrue, yPred      []int
		classes           int
		counts            [][]int
		precision, recall []float64
		f1                []float64
	}{
		{
			// Binary: TP = 2 (class 1), FP = 1, FN = 1, TN = 4.
			name:      "binary",
			yTrue:     []int{1, 1, 1, 0, 0, 0, 0, 0},
			yPred:     []int{1, 1, 0, 1, 0, 0, 0, 0},
			counts:    [][]int{{4, 1}, {1, 2}},
			precision: []float64{4.0 / 5, 2.0 / 3},
			recall:    []float64{4.0 / 5, 2.0 / 3},
			f1:        []float64{4.0 / 5, 2.0 / 3},
		},
		{
			// Predicting the majority always: class 1 is never predicted,
			// so its precision is 0/0, reported as 0.
			name:      "majority only",
			yTrue:     []int{0, 0, 0, 1},
			yPred:     []int{0, 0, 0, 0},
			counts:    [][]int{{3, 0}, {1, 0}},
			precision: []float64{3.0 / 4, 0},
			recall:    []float64{1, 0},
			f1:        []float64{2 * 0.75 / 1.75, 0},
		},
		{
			// Three classes, one label absent from both: a 3×3 table with classes = 3.
			name:      "absent class",
			yTrue:     []int{0, 1, 1},
			yPred:     []int{0, 1, 0},
			classes:   3,
			counts:    [][]int{{1, 0, 0}, {1, 1, 0}, {0, 0, 0}},
			precision: []float64{0.5, 1, 0},
			recall:    []float64{1, 0.5, 0},
			f1:        []float64{2.0 / 3, 2.0 / 3, 0},
		},
	} {
		c := NewConfusion(tc.yTrue, tc.yPred, tc.classes)
		for i := range tc.counts {
			if !slices.Equal(c.Counts[i], tc.counts[i]) {
				t.Errorf("%s: row %d: got %v, want %v", tc.name, i, c.Counts[i], tc.counts[i])
			}
		}
		checkFloats(t, tc.name+" precision", c.Precision(), tc.precision)
		checkFloats(t, tc.name+" recall", c.Recall(), tc.recall)
		checkFloats(t, tc.name+" F1", c.F1(), tc.f1)
	}
}

func TestConfusionString(t *testing.T) {
	c := NewConfusion([]int{0, 0, 1, 1, 1, 2}, []int{0, 1, 1, 1, 2, 2}, 0)
	c.Counts[2][2] = 1234
	// Each column is as wide as its widest entry, at least 3.
	want := "true\\pred   0   1    2\n" +
		"        0   1   1    0\n" +
		"        1   0   2    1\n" +
		"        2   0   0 1234"
	if got := c.String(); got != want {
		t.Errorf("String:\n%s\nwant\n%s", got, want)
	}
}

func TestRegressionHand(t *testing.T) {
	yt := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	yp := mat.NewDense(4, 1, []float64{1, 3, 3, 2})
	// Errors 0, 1, 0, −2: MSE = 5/4, MAE = 3/4; Σ(y − ȳ)² = 5 so R² = 1 − 5/5 = 0.
	if got := MSE(yt, yp); got != 1.25 {
		t.Errorf("MSE: got %v, want 1.25", got)
	}
	if got := MAE(yt, yp); got != 0.75 {
		t.Errorf("MAE: got %v, want 0.75", got)
	}
	if got := R2(yt, yp); got != 0 {
		t.Errorf("R2: got %v, want 0", got)
	}
	if got := R2(yt, yt); got != 1 {
		t.Errorf("R2 perfect: got %v, want 1", got)
	}
	// Constant truth: 1 when exact, 0 otherwise (scikit-learn's convention).
	c := mat.NewDense(2, 1, []float64{3, 3})
	if R2(c, c) != 1 || R2(c, mat.NewDense(2, 1, []float64{3, 4})) != 0 {
		t.Error("R2 with constant truth: want 1 when exact, 0 otherwise")
	}
}

func TestROCHand(t *testing.T) {
	for _, tc := range []struct {
		name  string
		y     []int
		score []float64
		auc   float64
	}{
		{"perfect", []int{0, 0, 1, 1}, []float64{0.1, 0.2, 0.8, 0.9}, 1},
		{"reversed", []int{0, 0, 1, 1}, []float64{0.9, 0.8, 0.2, 0.1}, 0},
		{"all tied", []int{0, 1, 0, 1}, []float64{0.5, 0.5, 0.5, 0.5}, 0.5},
		// Pairs (positive, negative): (0.8, 0.1) win, (0.8, 0.4) win,
		// (0.35, 0.1) win, (0.35, 0.4) loss: 3/4.
		{"one swap", []int{0, 0, 1, 1}, []float64{0.1, 0.4, 0.35, 0.8}, 0.75},
		// A tie between a positive and a negative counts one half: (4 + 0.5)/6.
		{"tie", []int{0, 0, 0, 1, 1}, []float64{0.1, 0.2, 0.6, 0.6, 0.9}, 5.5 / 6},
	} {
		got, err := ROCAUC(tc.y, tc.score)
		if err != nil || !near(got, tc.auc) {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.auc)
		}
	}
	for _, tc := range []struct {
		name  string
		y     []int
		score []float64
		want  string
	}{
		{"one class", []int{1, 1}, []float64{0.2, 0.3}, "only one class"},
		{"label 2", []int{0, 2}, []float64{0.2, 0.3}, "label 2 of sample 1"},
		{"NaN", []int{0, 1}, []float64{0.2, math.NaN()}, "NaN"},
	} {
		_, err := ROCAUC(tc.y, tc.score)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "metric: ") {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"Accuracy lengths", func() { Accuracy([]int{1}, []int{1, 0}) }, "1 true labels and 2 predictions"},
		{"NewConfusion label", func() { NewConfusion([]int{0, 3}, []int{0, 1}, 2) }, "true label 3"},
		{"MSE shapes", func() { MSE(mat.NewDense(2, 1, nil), mat.NewDense(1, 2, nil)) }, "2×1, prediction is 1×2"},
		{"NewROC lengths", func() { _, _ = NewROC([]int{0}, nil) }, "1 labels and 0 scores"},
		{"Macro empty", func() { Macro(nil) }, "no per-class"},
		{"Weighted lengths", func() { Weighted([]float64{1}, []int{1, 2}) }, "1 per-class values and 2 supports"},
		{"Weighted zero support", func() { Weighted([]float64{1, 2}, []int{0, 0}) }, "sum to 0"},
	} {
		err := nnkit.Maybe(tc.fn)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "metric: ") {
			t.Errorf("%s: got %v, want a panic containing %q", tc.name, err, tc.want)
		}
	}
}

func TestReport(t *testing.T) {
	c := NewConfusion([]int{0, 0, 1}, []int{0, 1, 1}, 2)
	// Precision 1 and 1/2, recall 1/2 and 1, F1 2/3 for both.
	want := "class     precision  recall      F1  support\n" +
		"0            1.0000  0.5000  0.6667        2\n" +
		"1            0.5000  1.0000  0.6667        1\n" +
		"macro        0.7500  0.7500  0.6667        3\n" +
		"micro        0.6667  0.6667  0.6667        3\n" +
		"weighted     0.8333  0.6667  0.6667        3\n" +
		"accuracy                     0.6667        3"
	if got := c.Report(nil); got != want {
		t.Errorf("Report:\n%s\nwant\n%s", got, want)
	}
	if err := nnkit.Maybe(func() { c.Report([]string{"a"}) }); err == nil {
		t.Error("Report with 1 name for 2 classes: no panic")
	}
}
