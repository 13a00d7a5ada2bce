package metric

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/nnbook/nnbook/nnkit"
)

// ROC is a receiver operating characteristic curve: predicting class 1 when
// the score is ≥ Thresholds[i] gives the false-positive rate FPR[i] and the
// true-positive rate TPR[i]:
//
//	TPR = TP / P        recall of class 1
//	FPR = FP / N        fraction of class 0 wrongly called 1
//
// The points run from (0, 0), with the threshold +Inf, to (1, 1), one point
// per distinct score, as scikit-learn's roc_curve(drop_intermediate=False).
type ROC struct {
	FPR, TPR, Thresholds []float64
}

// NewROC computes the ROC curve of binary labels yTrue ∈ {0, 1} and scores
// (higher means more likely class 1: a probability, a logit or a distance to
// the decision boundary). It returns an error when a label is not 0 or 1,
// a score is NaN, or only one class is present; it panics when the slices
// differ in length or are empty.
func NewROC(yTrue []int, score []float64) (*ROC, error) {
	if len(yTrue) != len(score) || len(yTrue) == 0 {
		nnkit.Panicf("metric: NewROC: %d labels and %d scores, want the same non-zero number", len(yTrue), len(score))
	}
	var pos, neg int
	for i, y := range yTrue {
		switch y {
		case 0:
			neg++
		case 1:
			pos++
		default:
			return nil, fmt.Errorf("metric: NewROC: label %d of sample %d is not 0 or 1", y, i)
		}
		if math.IsNaN(score[i]) {
			return nil, fmt.Errorf("metric: NewROC: score of sample %d is NaN", i)
		}
	}
	if pos == 0 || neg == 0 {
		return nil, fmt.Errorf("metric: NewROC: only one class present (%d positive, %d negative); ROC needs both", pos, neg)
	}
	order := make([]int, len(score))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	r := &ROC{FPR: []float64{0}, TPR: []float64{0}, Thresholds: []float64{math.Inf(1)}}
	var tp, fp int
	for k, i := range order {
		if yTrue[i] == 1 {
			tp++
		} else {
			fp++
		}
		// One point per distinct score, after all samples with that score.
		if k+1 < len(order) && score[order[k+1]] == score[i] {
			continue
		}
		r.FPR = append(r.FPR, float64(fp)/float64(neg))
		r.TPR = append(r.TPR, float64(tp)/float64(pos))
		r.Thresholds = append(r.Thresholds, score[i])
	}
	return r, nil
}

// AUC returns the area under the curve by the trapezoidal rule. It equals the
// probability that a random sample of class 1 scores higher than a random
// sample of class 0, ties counting one half (the Mann–Whitney U statistic
// divided by P·N).
func (r *ROC) AUC() float64 {
	a := 0.0
	for i := 1; i < len(r.FPR); i++ {
		a += (r.FPR[i] - r.FPR[i-1]) * (r.TPR[i] + r.TPR[i-1]) / 2
	}
	return a
}

// ROCAUC returns the area under the ROC curve of binary labels and scores,
// [NewROC] followed by [ROC.AUC], like scikit-learn's roc_auc_score.
func ROCAUC(yTrue []int, score []float64) (float64, error) {
	r, err := NewROC(yTrue, score)
	if err != nil {
		return 0, err
	}
	return r.AUC(), nil
}
