package metric

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// MSE returns the mean squared error over all n×m entries:
//
//	MSE = (1/(n·m)) Σᵢⱼ (ŷᵢⱼ − yᵢⱼ)²
//
// It panics when the shapes differ.
func MSE(yTrue, yPred mat.Matrix) float64 {
	n, m := checkShapes("MSE", yTrue, yPred)
	s := 0.0
	for i := range n {
		for j := range m {
			d := yPred.At(i, j) - yTrue.At(i, j)
			s += d * d
		}
	}
	return s / float64(n*m)
}

// MAE returns the mean absolute error over all n×m entries:
//
//	MAE = (1/(n·m)) Σᵢⱼ |ŷᵢⱼ − yᵢⱼ|
//
// It panics when the shapes differ.
func MAE(yTrue, yPred mat.Matrix) float64 {
	n, m := checkShapes("MAE", yTrue, yPred)
	s := 0.0
	for i := range n {
		for j := range m {
			s += math.Abs(yPred.At(i, j) - yTrue.At(i, j))
		}
	}
	return s / float64(n*m)
}

// R2 returns the coefficient of determination, per output column j,
// averaged over the m columns (scikit-learn's r2_score with
// multioutput="uniform_average"):
//
//	R²ⱼ = 1 − Σᵢ (yᵢⱼ − ŷᵢⱼ)² / Σᵢ (yᵢⱼ − ȳⱼ)²
//
// 1 is a perfect fit, 0 is as good as predicting the mean, and it is
// negative for worse. A column whose truth is constant scores 1 when predicted
// exactly and 0 otherwise, as in scikit-learn. It panics when the shapes
// differ.
func R2(yTrue, yPred mat.Matrix) float64 {
	n, m := checkShapes("R2", yTrue, yPred)
	total := 0.0
	for j := range m {
		mean := 0.0
		for i := range n {
			mean += yTrue.At(i, j)
		}
		mean /= float64(n)
		var ssRes, ssTot float64
		for i := range n {
			d := yTrue.At(i, j) - yPred.At(i, j)
			ssRes += d * d
			e := yTrue.At(i, j) - mean
			ssTot += e * e
		}
		switch {
		case ssTot != 0:
			total += 1 - ssRes/ssTot
		case ssRes == 0:
			total++
		}
	}
	return total / float64(m)
}

func checkShapes(name string, a, b mat.Matrix) (int, int) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		nnkit.Panicf("metric: %s: truth is %d×%d, prediction is %d×%d", name, ar, ac, br, bc)
	}
	return ar, ac
}
