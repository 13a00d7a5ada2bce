package data_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/data"
	"github.com/nnbook/nnbook/nnkit/data/dataset"
)

func ExampleTrainTest() {
	x, y := dataset.Iris()
	s, err := data.TrainTest(len(y), 0.2, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	xTrain, yTrain := data.Rows(x, s.Train), data.Pick(y, s.Train)
	xTest, yTest := data.Rows(x, s.Test), data.Pick(y, s.Test)
	fmt.Println(xTrain.Dims())
	fmt.Println(xTest.Dims())
	fmt.Println(len(yTrain), len(yTest))
	// Output:
	// 120 4
	// 30 4
	// 120 30
}

func ExampleStratifiedTrainTest() {
	_, y := dataset.Imbalanced(100, 0.1, 1)
	s, err := data.StratifiedTrainTest(y, 0.3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	count := func(idx []int) [2]int {
		var c [2]int
		for _, i := range idx {
			c[y[i]]++
		}
		return c
	}
	fmt.Println("train:", count(s.Train), "test:", count(s.Test))
	// Output:
	// train: [63 7] test: [27 3]
}

func ExampleKFold() {
	folds, err := data.KFold(10, 3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, f := range folds {
		fmt.Printf("fold %d: test %v, %d for training\n", i, f.Test, len(f.Train))
	}
	// Output:
	// fold 0: test [2 3 5 8], 6 for training
	// fold 1: test [1 6 7], 7 for training
	// fold 2: test [0 4 9], 7 for training
}

func ExampleStratifiedKFold() {
	y := []int{0, 0, 0, 0, 0, 0, 1, 1, 1}
	folds, err := data.StratifiedKFold(y, 3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, f := range folds {
		fmt.Printf("fold %d: test labels %v\n", i, data.Pick(y, f.Test))
	}
	// Output:
	// fold 0: test labels [0 0 1]
	// fold 1: test labels [0 0 1]
	// fold 2: test labels [0 0 1]
}

func ExampleShuffle() {
	rng := rand.New(rand.NewPCG(1, 1))
	fmt.Println(data.Shuffle(6, rng))
	// Output:
	// [3 1 2 4 0 5]
}

func ExampleBatches() {
	x, y := dataset.XOR()
	n, _ := x.Dims()
	rng := rand.New(rand.NewPCG(7, 7))
	for epoch := range 3 {
		for idx := range data.Batches(n, 3, rng) {
			xb, yb := data.Rows(x, idx), data.Pick(y, idx)
			r, _ := xb.Dims()
			fmt.Printf("epoch %d: rows %v, %d×2 batch, labels %v\n", epoch, idx, r, yb)
		}
	}
	// Output:
	// epoch 0: rows [3 1 0], 3×2 batch, labels [0 1 0]
	// epoch 0: rows [2], 1×2 batch, labels [1]
	// epoch 1: rows [1 2 0], 3×2 batch, labels [1 1 0]
	// epoch 1: rows [3], 1×2 batch, labels [0]
	// epoch 2: rows [2 3 0], 3×2 batch, labels [1 0 0]
	// epoch 2: rows [1], 1×2 batch, labels [1]
}

func ExampleRows() {
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	fmt.Println(mat.Formatted(data.Rows(x, []int{2, 0})))
	fmt.Println(data.Pick([]string{"a", "b", "c"}, []int{2, 0}))
	// Output:
	// ⎡5  6⎤
	// ⎣1  2⎦
	// [c a]
}

func ExampleOneHot() {
	t := data.OneHot([]int{2, 0, 1}, 3)
	fmt.Println(mat.Formatted(t))
	fmt.Println(data.Argmax(t))
	// Output:
	// ⎡0  0  1⎤
	// ⎢1  0  0⎥
	// ⎣0  1  0⎦
	// [2 0 1]
}

func ExampleArgmax() {
	probs := mat.NewDense(2, 3, []float64{
		0.1, 0.7, 0.2,
		0.5, 0.2, 0.3,
	})
	fmt.Println(data.Argmax(probs))
	// Output:
	// [1 0]
}

// The lecture's example: ages up to 80 and salaries up to 20 000 000,
// person A aged 40 earning 5 000 000.
func ExampleMaxAbs() {
	x := mat.NewDense(3, 2, []float64{
		40, 5_000_000, // person A
		80, 20_000_000,
		20, 8_000_000,
	})
	s := data.NewMaxAbs()
	if err := s.Fit(x); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.2f\n", mat.Formatted(s.Transform(x)))
	// Output:
	// ⎡0.50  0.25⎤
	// ⎢1.00  1.00⎥
	// ⎣0.25  0.40⎦
}

func ExampleMinMax() {
	xTrain := mat.NewDense(3, 2, []float64{
		20, 3_000_000,
		40, 5_000_000,
		80, 20_000_000,
	})
	s := data.NewMinMax()
	if err := s.Fit(xTrain); err != nil { // fit on training data only
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	fmt.Printf("%.3f\n", mat.Formatted(s.Transform(xTrain)))
	xTest := mat.NewDense(1, 2, []float64{50, 1_000_000})
	fmt.Printf("%.3f\n", mat.Formatted(s.Transform(xTest))) // may leave [0, 1]
	// Output:
	// MinMax(range=[0, 1], features=2)
	// ⎡0.000  0.000⎤
	// ⎢0.333  0.118⎥
	// ⎣1.000  1.000⎦
	// [ 0.500  -0.118]
}

func ExampleStandardize() {
	x := mat.NewDense(4, 2, []float64{
		1, 100,
		2, 200,
		3, 300,
		4, 800,
	})
	s := data.NewStandardize()
	if err := s.Fit(x); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("μ = %.2f, σ = %.4f\n", s.Mean, s.Scale)
	z := s.Transform(x)
	fmt.Printf("%.4f\n", mat.Formatted(z))
	fmt.Printf("%.0f\n", mat.Formatted(s.InverseTransform(z)))
	// Output:
	// μ = [2.50 350.00], σ = [1.1180 269.2582]
	// ⎡-1.3416  -0.9285⎤
	// ⎢-0.4472  -0.5571⎥
	// ⎢ 0.4472  -0.1857⎥
	// ⎣ 1.3416   1.6713⎦
	// ⎡  1  100⎤
	// ⎢  2  200⎥
	// ⎢  3  300⎥
	// ⎣  4  800⎦
}

// covariance returns the population covariance of the columns of z.
func covariance(z *mat.Dense) *mat.Dense {
	n, d := z.Dims()
	var c mat.SymDense
	mean := make([]float64, d)
	for j := range d {
		mean[j] = mat.Sum(z.ColView(j)) / float64(n)
	}
	zc := mat.NewDense(n, d, nil)
	zc.Apply(func(_, j int, v float64) float64 { return v - mean[j] }, z)
	c.SymOuterK(1/float64(n), zc.T())
	// Round to 4 decimals so that round-off never prints as -0.0000.
	out := mat.DenseCopyOf(&c)
	out.Apply(func(_, _ int, v float64) float64 { return math.Round(v*1e4)/1e4 + 0 }, out)
	return out
}

func ExamplePCAWhiten() {
	x, _ := dataset.Iris()
	w := &data.PCAWhiten{Epsilon: 0} // ε = 0: exact identity covariance
	if err := w.Fit(x); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("λ = %.4f\n", w.Variances)
	fmt.Printf("%.4f\n", mat.Formatted(covariance(w.Transform(x))))
	// Output:
	// λ = [4.2001 0.2411 0.0777 0.0237]
	// ⎡1.0000  0.0000  0.0000  0.0000⎤
	// ⎢0.0000  1.0000  0.0000  0.0000⎥
	// ⎢0.0000  0.0000  1.0000  0.0000⎥
	// ⎣0.0000  0.0000  0.0000  1.0000⎦
}

func ExampleZCAWhiten() {
	x, _ := dataset.Iris()
	w := data.NewZCAWhiten() // ε = 1e-5
	if err := w.Fit(x); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w)
	// ε shrinks the variance of the direction with the smallest λ (0.0237)
	// by the factor λ/(λ+ε) ≈ 0.9996, hence the small off-diagonal terms.
	fmt.Printf("%.4f\n", mat.Formatted(covariance(w.Transform(x))))
	// Output:
	// ZCAWhiten(ε=1e-05, features=4)
	// ⎡ 0.9999   0.0001   0.0001  -0.0001⎤
	// ⎢ 0.0001   0.9999  -0.0001   0.0001⎥
	// ⎢ 0.0001  -0.0001   0.9999   0.0001⎥
	// ⎣-0.0001   0.0001   0.0001   0.9997⎦
}

func countClasses(y []int) []int {
	c := make([]int, 2)
	for _, v := range y {
		c[v]++
	}
	return c
}

func ExampleRandomOversample() {
	x, y := dataset.Imbalanced(100, 0.1, 1)
	o := data.NewRandomOversample(1)
	xr, yr, err := o.Resample(x, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := xr.Dims()
	fmt.Println(o, countClasses(y), "→", countClasses(yr), r, "rows")
	// Output:
	// RandomOversample(ratio=1, seed=1) [90 10] → [90 90] 180 rows
}

func ExampleRandomUndersample() {
	x, y := dataset.Imbalanced(100, 0.1, 1)
	u := &data.RandomUndersample{Ratio: 0.5, Seed: 1}
	_, yr, err := u.Resample(x, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u, countClasses(y), "→", countClasses(yr))
	// Output:
	// RandomUndersample(ratio=0.5, seed=1) [90 10] → [20 10]
}

func ExampleSMOTE() {
	x, y := dataset.Imbalanced(100, 0.1, 1)
	s := data.NewSMOTE(1) // K = 5, Ratio = 1
	xr, yr, err := s.Resample(x, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s, countClasses(y), "→", countClasses(yr))
	fmt.Printf("first synthetic point: %.4f\n", xr.RawRowView(100))
	// Output:
	// SMOTE(k=5, ratio=1, seed=1) [90 10] → [90 90]
	// first synthetic point: [1.3636 1.2205]
}

func ExampleSMOTE_tooFewSamples() {
	x, y := dataset.Imbalanced(40, 0.1, 1) // 4 minority samples
	_, _, err := data.NewSMOTE(1).Resample(x, y)
	fmt.Println(err)
	// Output:
	// data: SMOTE: class 1 has 4 samples, too few for K = 5 neighbours; set K ≤ 3 or use RandomOversample
}

// Fit every scaler on the training rows only, then transform both parts.
func ExampleScaler() {
	xTrain := mat.NewDense(4, 2, []float64{1, 10, 2, 20, 3, 30, 4, 80})
	xTest := mat.NewDense(1, 2, []float64{5, 40})
	for _, s := range []data.Scaler{data.NewMinMax(), data.NewMaxAbs(), data.NewStandardize()} {
		if err := s.Fit(xTrain); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-18T test row → %.4f\n", s, s.Transform(xTest).RawRowView(0))
	}
	// Output:
	// *data.MinMax       test row → [1.3333 0.4286]
	// *data.MaxAbs       test row → [1.2500 0.5000]
	// *data.Standardize  test row → [2.2361 0.1857]
}

func ExampleSampler() {
	x, y := dataset.Imbalanced(200, 0.1, 1)
	for _, s := range []data.Sampler{data.NewRandomOversample(1), data.NewRandomUndersample(1), data.NewSMOTE(1)} {
		xr, yr, err := s.Resample(x, y)
		if err != nil {
			fmt.Println(err)
			return
		}
		r, _ := xr.Dims()
		fmt.Printf("%-36v %v → %v, %d rows\n", s, countClasses(y), countClasses(yr), r)
	}
	// Output:
	// RandomOversample(ratio=1, seed=1)    [180 20] → [180 180], 360 rows
	// RandomUndersample(ratio=1, seed=1)   [180 20] → [20 20], 40 rows
	// SMOTE(k=5, ratio=1, seed=1)          [180 20] → [180 180], 360 rows
}

func ExampleClassCounts() {
	y := []int{0, 0, 0, 0, 0, 0, 0, 0, 1, 1}
	fmt.Println(data.ClassCounts(y))
	// Output:
	// [8 2]
}

// Pairs feeds a Siamese network trained with loss.Contrastive: each row
// holds two samples side by side and the label is 1 when they share a class.
func ExamplePairs() {
	x := mat.NewDense(4, 1, []float64{10, 11, 20, 21})
	y := []int{0, 0, 1, 1}
	pairs, same, err := data.Pairs(x, y, 6, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range 6 {
		fmt.Println(pairs.RawRowView(i), same.At(i, 0))
	}
	// Output:
	// [20 10] 0
	// [11 20] 0
	// [21 20] 1
	// [21 20] 1
	// [10 11] 1
	// [11 10] 1
}

// Triplets feeds a Triplet network trained with loss.Triplet: anchor,
// positive (same class) and negative (another class) side by side.
func ExampleTriplets() {
	x := mat.NewDense(4, 1, []float64{10, 11, 20, 21})
	y := []int{0, 0, 1, 1}
	triplets, _, err := data.Triplets(x, y, 3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v\n", mat.Formatted(triplets))
	// Output:
	// ⎡10  11  20⎤
	// ⎢10  11  20⎥
	// ⎣20  21  11⎦
}

// With Sample set PCAWhiten divides by n − 1, as scikit-learn's
// PCA(whiten=True); the explained-variance ratio says how much of the
// variance each principal component carries.
func ExamplePCAWhiten_ExplainedVarianceRatio() {
	// Two strongly correlated features and a weak third one.
	x := mat.NewDense(6, 3, []float64{
		1, 2.1, 0.3,
		2, 3.9, -0.2,
		3, 6.2, 0.1,
		4, 8.1, 0.4,
		5, 9.8, -0.3,
		6, 12.0, 0.0,
	})
	p := data.NewPCAWhiten()
	p.Sample = true
	if err := p.Fit(x); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	fmt.Printf("variances %.4f\n", p.Variances)
	fmt.Printf("explained variance ratio %.4f\n", p.ExplainedVarianceRatio())
	// Output:
	// PCAWhiten(ε=1e-05, sample covariance, features=3)
	// variances [17.1632 0.0721 0.0014]
	// explained variance ratio [0.9957 0.0042 0.0001]
}

// Column makes the n×1 target of a single sigmoid output.
func ExampleColumn() {
	fmt.Println(mat.Formatted(data.Column([]int{0, 1, 1}).T()))
	// Output:
	// [0  1  1]
}
