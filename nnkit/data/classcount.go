package data

import "github.com/nnbook/nnbook/nnkit"

// ClassCounts returns how many samples each class 0, 1, …, C−1 has, C being
// one more than the largest label: the first thing to look at before
// deciding whether a data set needs rebalancing (PyTorch users write
// torch.bincount(y), NumPy users np.bincount(y)). A class between 0 and the
// largest label with no samples counts 0. It panics on a negative label.
func ClassCounts(y []int) []int {
	var counts []int
	for i, c := range y {
		if c < 0 {
			nnkit.Panicf("data: ClassCounts: label %d of sample %d is negative; labels must be 0, 1, …, C−1", c, i)
		}
		for c >= len(counts) {
			counts = append(counts, 0)
		}
		counts[c]++
	}
	return counts
}
