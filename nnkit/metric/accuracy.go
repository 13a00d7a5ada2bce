package metric

import "github.com/nnbook/nnbook/nnkit"

// Accuracy returns the fraction of predictions equal to the truth:
//
//	accuracy = (1/n) Σᵢ [ŷᵢ = yᵢ]
//
// It panics when the slices differ in length or are empty.
func Accuracy(yTrue, yPred []int) float64 {
	checkLabels("Accuracy", yTrue, yPred)
	hit := 0
	for i, y := range yTrue {
		if yPred[i] == y {
			hit++
		}
	}
	return float64(hit) / float64(len(yTrue))
}

func checkLabels(name string, yTrue, yPred []int) {
	if len(yTrue) != len(yPred) || len(yTrue) == 0 {
		nnkit.Panicf("metric: %s: %d true labels and %d predictions, want the same non-zero number", name, len(yTrue), len(yPred))
	}
}
