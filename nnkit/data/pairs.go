package data

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Pairs draws n labelled pairs of samples for a Siamese network with
// loss.Contrastive. Row i of the result holds two samples side by side and
// its label says whether they share a class:
//
//	pairs[i] = [x_a | x_b]   (n×2d),   same[i] = 1 if y_a = y_b, else 0   (n×1)
//
// Each pair is similar with probability ½ (a fair coin per pair), so about
// half are similar whatever the class sizes. The anchor a is drawn
// uniformly from the samples of a class with at least two samples (similar)
// or from all samples (dissimilar), b uniformly from the other samples of
// a's class or from the samples of the other classes. All draws come from
// seed, so the same seed gives the same pairs. It returns an error when x
// and y disagree in length, a label is negative, n < 1, or no class has
// two samples or there are fewer than two classes.
func Pairs(x *mat.Dense, y []int, n int, seed uint64) (pairs, same *mat.Dense, err error) {
	s, err := newTupleSampler("Pairs", x, y, n)
	if err != nil {
		return nil, nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	_, d := x.Dims()
	pairs, same = mat.NewDense(n, 2*d, nil), mat.NewDense(n, 1, nil)
	for i := range n {
		var a, b int
		if rng.IntN(2) == 0 {
			a, b = s.similar(rng)
			same.Set(i, 0, 1)
		} else {
			a = rng.IntN(len(y))
			b = s.other(rng, y[a])
		}
		s.put(pairs.RawRowView(i), a, b)
	}
	return pairs, same, nil
}

// Triplets draws n triplets for a Triplet network with loss.Triplet:
//
//	triplets[i] = [x_a | x_p | x_n]   (n×3d),   y_p = y_a ≠ y_n
//
// the anchor a uniformly from the samples of the classes with at least two
// samples, the positive p from the other samples of a's class and the
// negative from the samples of all other classes. The second result is the
// n×1 zero target that loss.Triplet expects (a triplet carries its own
// labels). All draws come from seed. The errors are those of [Pairs].
func Triplets(x *mat.Dense, y []int, n int, seed uint64) (triplets, target *mat.Dense, err error) {
	s, err := newTupleSampler("Triplets", x, y, n)
	if err != nil {
		return nil, nil, err
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	_, d := x.Dims()
	triplets = mat.NewDense(n, 3*d, nil)
	for i := range n {
		a, p := s.similar(rng)
		s.put(triplets.RawRowView(i), a, p, s.other(rng, y[a]))
	}
	return triplets, mat.NewDense(n, 1, nil), nil
}

// tupleSampler draws indices of samples by class for Pairs and Triplets.
type tupleSampler struct {
	x       *mat.Dense
	y       []int
	byClass [][]int
	anchors []int // samples whose class has at least two samples
}

func newTupleSampler(name string, x *mat.Dense, y []int, n int) (*tupleSampler, error) {
	if x == nil {
		return nil, fmt.Errorf("data: %s: x is nil", name)
	}
	if r, c := x.Dims(); r != len(y) {
		return nil, fmt.Errorf("data: %s: x is %d×%d but y has %d labels; they need one label per row", name, r, c, len(y))
	}
	if n < 1 {
		return nil, fmt.Errorf("data: %s: n is %d, want at least 1", name, n)
	}
	byClass, err := classIndices(y)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", name, err)
	}
	s := &tupleSampler{x: x, y: y, byClass: byClass}
	classes := 0
	for _, idx := range byClass {
		if len(idx) > 0 {
			classes++
		}
		if len(idx) >= 2 {
			s.anchors = append(s.anchors, idx...)
		}
	}
	if classes < 2 || len(s.anchors) == 0 {
		return nil, fmt.Errorf("data: %s: need at least two classes and one class with two samples, got class counts %v", name, ClassCounts(y))
	}
	return s, nil
}

// similar returns an anchor and another sample of its class.
func (s *tupleSampler) similar(rng *rand.Rand) (a, b int) {
	a = s.anchors[rng.IntN(len(s.anchors))]
	idx := s.byClass[s.y[a]]
	b = idx[rng.IntN(len(idx)-1)]
	if b == a {
		b = idx[len(idx)-1] // the one index the draw above leaves out
	}
	return a, b
}

// other returns a sample whose class is not c.
func (s *tupleSampler) other(rng *rand.Rand, c int) int {
	k := rng.IntN(len(s.y) - len(s.byClass[c]))
	for class, idx := range s.byClass {
		if class == c {
			continue
		}
		if k < len(idx) {
			return idx[k]
		}
		k -= len(idx)
	}
	panic("unreachable")
}

// put copies the rows idx of x side by side into dst.
func (s *tupleSampler) put(dst []float64, idx ...int) {
	_, d := s.x.Dims()
	for k, i := range idx {
		copy(dst[k*d:(k+1)*d], s.x.RawRowView(i))
	}
}
