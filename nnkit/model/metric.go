package model

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Metric is a score of a prediction against a target that Fit records next
// to the loss, averaged over the samples.
type Metric interface {
	// Name is the key in the History, e.g. "accuracy".
	Name() string
	// Score returns the mean score of the rows of pred against target.
	Score(pred, target *mat.Dense) float64
}

var _ Metric = Accuracy{}

// Accuracy is the fraction of samples classified correctly. With several
// output columns the predicted class is the column with the largest value
// (so raw scores and probabilities give the same answer) and the true class
// the largest column of the one-hot target:
//
//	accuracy = (1/n) Σᵢ [argmaxⱼ predᵢⱼ = argmaxⱼ targetᵢⱼ]
//
// With one output column the prediction is class 1 when pred ≥ Threshold
// and the target when target ≥ 0.5.
type Accuracy struct {
	// Threshold separates the two classes of a single-column output: 0.5
	// for sigmoid probabilities, 0 for raw scores or tanh. Default: 0.5
	// (set by NewAccuracy).
	Threshold float64
}

// NewAccuracy returns the accuracy metric with threshold 0.5.
func NewAccuracy() Accuracy { return Accuracy{Threshold: 0.5} }

// Name returns "accuracy".
func (Accuracy) Name() string { return "accuracy" }

// Score returns the fraction of rows classified correctly.
func (a Accuracy) Score(pred, target *mat.Dense) float64 {
	n, k := pred.Dims()
	if tr, tc := target.Dims(); tr != n || tc != k {
		nnkit.Panicf("nnkit/model: Accuracy: prediction is %d×%d, target is %d×%d", n, k, tr, tc)
	}
	right := 0
	for i := 0; i < n; i++ {
		p, t := pred.RawRowView(i), target.RawRowView(i)
		if k == 1 {
			if (p[0] >= a.Threshold) == (t[0] >= 0.5) {
				right++
			}
			continue
		}
		if argmax(p) == argmax(t) {
			right++
		}
	}
	return float64(right) / float64(n)
}

// argmax returns the index of the first largest element.
func argmax(v []float64) int {
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}
