package metric

import "github.com/nnbook/nnbook/nnkit"

// Support returns the number of true samples of every class (the row sums
// of Counts): the "support" column of a classification report and the
// weights of [Weighted].
func (c *Confusion) Support() []int {
	out := make([]int, len(c.Counts))
	for k, row := range c.Counts {
		for _, v := range row {
			out[k] += v
		}
	}
	return out
}

// Micro returns the micro-averaged precision, recall and F1: the counts of
// all classes are pooled before the ratios are taken,
//
//	precision_micro = Σ_c TP_c / Σ_c (TP_c + FP_c)
//	recall_micro    = Σ_c TP_c / Σ_c (TP_c + FN_c)
//	F1_micro        = 2·P·R / (P + R)
//
// so every sample counts the same and large classes dominate. When every
// sample belongs to exactly one class, as here, each of the three equals
// the accuracy (scikit-learn's average="micro").
func (c *Confusion) Micro() (precision, recall, f1 float64) {
	tp, predicted, actual := 0, 0, 0
	for t, row := range c.Counts {
		tp += row[t]
		for p, v := range row {
			actual += v
			if p < len(c.Counts) {
				predicted += v
			}
		}
	}
	precision, recall = ratio(tp, predicted), ratio(tp, actual)
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return precision, recall, f1
}

// Weighted returns the mean of per-class values weighted by each class's
// support (its number of true samples, [Confusion.Support]):
//
//	weighted = Σ_c n_c·v_c / Σ_c n_c
//
// scikit-learn's average="weighted". It lies between [Macro] (every class
// the same) and the micro average (every sample the same), and hides a poor
// minority class as the micro average does. It panics when the slices differ
// in length or are empty, or when the supports sum to 0 or one is negative.
func Weighted(perClass []float64, support []int) float64 {
	if len(perClass) == 0 || len(perClass) != len(support) {
		nnkit.Panicf("metric: Weighted: %d per-class values and %d supports, want the same non-zero number", len(perClass), len(support))
	}
	var s float64
	n := 0
	for k, v := range perClass {
		if support[k] < 0 {
			nnkit.Panicf("metric: Weighted: support of class %d is %d, want ≥ 0", k, support[k])
		}
		s += float64(support[k]) * v
		n += support[k]
	}
	if n == 0 {
		nnkit.Panicf("metric: Weighted: the supports sum to 0")
	}
	return s / float64(n)
}
