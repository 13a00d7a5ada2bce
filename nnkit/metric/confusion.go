package metric

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nnbook/nnbook/nnkit"
)

// Confusion is a confusion matrix: Counts[t][p] is the number of samples of
// true class t predicted as class p. The diagonal holds the hits. For class c:
//
//	TP = Counts[c][c]
//	FP = Σ_t Counts[t][c] − TP        predicted c, truly another class
//	FN = Σ_p Counts[c][p] − TP        truly c, predicted another class
//
//	precision = TP / (TP + FP)
//	recall    = TP / (TP + FN)
//	F1        = 2·precision·recall / (precision + recall)
//
// A ratio whose denominator is 0 is 0, as with scikit-learn's default
// zero_division behaviour (which also warns).
type Confusion struct {
	// Counts is the C×C table, rows = true class, columns = predicted class.
	Counts [][]int
}

// NewConfusion counts the pairs (yTrue[i], yPred[i]) into a classes×classes
// table. With classes ≤ 0 the number of classes is one more than the largest
// label seen. It panics when the slices differ in length or are empty, or
// when a label is negative or not below classes.
func NewConfusion(yTrue, yPred []int, classes int) *Confusion {
	checkLabels("NewConfusion", yTrue, yPred)
	if classes <= 0 {
		for i := range yTrue {
			classes = max(classes, yTrue[i]+1, yPred[i]+1)
		}
	}
	counts := make([][]int, classes)
	for t := range counts {
		counts[t] = make([]int, classes)
	}
	for i, t := range yTrue {
		p := yPred[i]
		if t < 0 || t >= classes || p < 0 || p >= classes {
			nnkit.Panicf("metric: NewConfusion: sample %d has true label %d and prediction %d, want both in [0, %d)", i, t, p, classes)
		}
		counts[t][p]++
	}
	return &Confusion{Counts: counts}
}

// Classes returns C, the number of classes.
func (c *Confusion) Classes() int { return len(c.Counts) }

// Total returns the number of samples counted.
func (c *Confusion) Total() int {
	n := 0
	for _, row := range c.Counts {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Accuracy returns the trace divided by the total.
func (c *Confusion) Accuracy() float64 {
	hit := 0
	for k := range c.Counts {
		hit += c.Counts[k][k]
	}
	return ratio(hit, c.Total())
}

// Precision returns TP / (TP + FP) for every class.
func (c *Confusion) Precision() []float64 {
	out := make([]float64, len(c.Counts))
	for k := range out {
		predicted := 0
		for t := range c.Counts {
			predicted += c.Counts[t][k]
		}
		out[k] = ratio(c.Counts[k][k], predicted)
	}
	return out
}

// Recall returns TP / (TP + FN) for every class.
func (c *Confusion) Recall() []float64 {
	out := make([]float64, len(c.Counts))
	for k, row := range c.Counts {
		actual := 0
		for _, v := range row {
			actual += v
		}
		out[k] = ratio(c.Counts[k][k], actual)
	}
	return out
}

// F1 returns the harmonic mean of precision and recall for every class.
func (c *Confusion) F1() []float64 {
	p, r := c.Precision(), c.Recall()
	out := make([]float64, len(p))
	for k := range out {
		if p[k]+r[k] > 0 {
			out[k] = 2 * p[k] * r[k] / (p[k] + r[k])
		}
	}
	return out
}

// Macro returns the unweighted mean of per-class values, such as
// Macro(c.F1()) for the macro-averaged F1 score: every class counts the
// same however rare it is, which is what one wants to see on imbalanced
// data. It panics on an empty slice.
func Macro(perClass []float64) float64 {
	if len(perClass) == 0 {
		nnkit.Panicf("metric: Macro: no per-class values")
	}
	s := 0.0
	for _, v := range perClass {
		s += v
	}
	return s / float64(len(perClass))
}

// String returns the table with true classes as rows and predicted classes
// as columns:
//
//	true\pred   0   1
//	        0   5   1
//	        1   2   4
func (c *Confusion) String() string {
	width := len(`true\pred`)
	for t, row := range c.Counts {
		width = max(width, len(strconv.Itoa(t)))
		for _, v := range row {
			width = max(width, len(strconv.Itoa(v)))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*s", width, `true\pred`)
	for p := range c.Counts {
		fmt.Fprintf(&b, " %*d", cellWidth(c, p), p)
	}
	for t, row := range c.Counts {
		fmt.Fprintf(&b, "\n%*d", width, t)
		for p, v := range row {
			fmt.Fprintf(&b, " %*d", cellWidth(c, p), v)
		}
	}
	return b.String()
}

// Report returns a per-class table of precision, recall, F1 and support
// (the number of true samples), followed by the macro, micro and
// support-weighted averages ([Macro], [Confusion.Micro], [Weighted]) and
// the accuracy, like scikit-learn's classification_report:
//
//	class     precision  recall      F1  support
//	0            0.7500  0.7500  0.7500        4
//	…
//	macro        0.6944  0.6944  0.6944       10
//	micro        0.7000  0.7000  0.7000       10
//	weighted     0.7000  0.7000  0.7000       10
//	accuracy                     0.7000       10
//
// classes names the classes; nil names them 0, 1, ….
func (c *Confusion) Report(classes []string) string {
	if classes != nil && len(classes) != len(c.Counts) {
		nnkit.Panicf("metric: Confusion.Report: %d class names for %d classes", len(classes), len(c.Counts))
	}
	name := func(k int) string {
		if classes == nil {
			return strconv.Itoa(k)
		}
		return classes[k]
	}
	width := len("accuracy")
	for k := range c.Counts {
		width = max(width, len(name(k)))
	}
	p, r, f, support := c.Precision(), c.Recall(), c.F1(), c.Support()
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  precision  recall      F1  support\n", width, "class")
	row := func(name string, p, r, f float64, n int) {
		fmt.Fprintf(&b, "%-*s     %6.4f  %6.4f  %6.4f  %7d\n", width, name, p, r, f, n)
	}
	for k := range c.Counts {
		row(name(k), p[k], r[k], f[k], support[k])
	}
	n := c.Total()
	row("macro", Macro(p), Macro(r), Macro(f), n)
	mp, mr, mf := c.Micro()
	row("micro", mp, mr, mf, n)
	if n > 0 {
		row("weighted", Weighted(p, support), Weighted(r, support), Weighted(f, support), n)
	}
	fmt.Fprintf(&b, "%-*s                     %6.4f  %7d", width, "accuracy", c.Accuracy(), n)
	return b.String()
}

// cellWidth is the width of column p: its widest count or label, at least 3.
func cellWidth(c *Confusion, p int) int {
	w := max(3, len(strconv.Itoa(p)))
	for _, row := range c.Counts {
		w = max(w, len(strconv.Itoa(row[p])))
	}
	return w
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
