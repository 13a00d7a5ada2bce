package loss_test

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/nntest"
)

func TestConformance(t *testing.T) {
	probs := mat.NewDense(3, 2, []float64{0.2, 0.9, 0.7, 0.4, 0.55, 0.1})
	binary := mat.NewDense(3, 2, []float64{0, 1, 1, 0, 1, 1})
	logits := mat.NewDense(3, 4, []float64{1.2, -0.3, 0.8, 2.1, -1.5, 0.4, 0.3, -0.2, 3.0, 2.9, -4, 0.1})
	oneHot := mat.NewDense(3, 4, []float64{0, 0, 0, 1, 0, 1, 0, 0, 0.5, 0.5, 0, 0})
	// Pairs [a | b] with d = 2: a similar pair, a dissimilar pair inside the
	// margin, a dissimilar pair outside it.
	pairs := mat.NewDense(3, 4, []float64{0.1, 0.2, 0.4, -0.3, 0.3, 0.1, -0.2, 0.4, 1.5, 0, -1, 0.2})
	same := mat.NewDense(3, 1, []float64{1, 0, 0})
	// Triplets [a | p | n] with d = 2: hinge active, active, inactive.
	triplets := mat.NewDense(3, 6, []float64{
		0.1, 0.2, 0.5, -0.1, 0.3, 0.3,
		-0.4, 0.8, 0.2, 0.1, -0.1, 0.5,
		0, 0, 0.1, 0, 2, 1,
	})
	for _, tc := range []struct {
		name         string
		loss         nnkit.Loss
		pred, target *mat.Dense
	}{
		{"MSE", loss.NewMSE(), probs, binary},
		{"BinaryCrossEntropy", loss.NewBinaryCrossEntropy(), probs, binary},
		{"CrossEntropy", loss.NewCrossEntropy(), logits, oneHot},
		{"Contrastive", loss.NewContrastive(), pairs, same},
		{"Triplet", loss.NewTriplet(), triplets, mat.NewDense(3, 1, nil)},
	} {
		t.Run(tc.name, func(t *testing.T) { nntest.TestLoss(t, tc.loss, tc.pred, tc.target) })
	}
}

// TestValues checks losses worked out by hand.
func TestValues(t *testing.T) {
	const tol = 1e-12
	for _, tc := range []struct {
		name         string
		loss         nnkit.Loss
		pred, target *mat.Dense
		want         float64
	}{
		// ((1−0)² + (2−4)²)/2 = 2.5
		{"MSE", loss.NewMSE(), mat.NewDense(2, 1, []float64{1, 2}), mat.NewDense(2, 1, []float64{0, 4}), 2.5},
		// −(log 0.8 + log(1−0.4))/2
		{"BCE", loss.NewBinaryCrossEntropy(), mat.NewDense(1, 2, []float64{0.8, 0.4}), mat.NewDense(1, 2, []float64{1, 0}),
			-(math.Log(0.8) + math.Log(0.6)) / 2},
		// Equal scores over 4 classes: log 4.
		{"CE uniform", loss.NewCrossEntropy(), mat.NewDense(1, 4, []float64{7, 7, 7, 7}), mat.NewDense(1, 4, []float64{0, 1, 0, 0}), math.Log(4)},
		// Huge logits: softmax of [1000, 0] at class 1 is e⁻¹⁰⁰⁰, so L = 1000 + log(1+e⁻¹⁰⁰⁰) = 1000.
		{"CE large", loss.NewCrossEntropy(), mat.NewDense(1, 2, []float64{1000, 0}), mat.NewDense(1, 2, []float64{0, 1}), 1000},
		{"CE large right", loss.NewCrossEntropy(), mat.NewDense(1, 2, []float64{-1000, 1000}), mat.NewDense(1, 2, []float64{0, 1}), 0},
		// Similar pair at distance 5: ½·25; dissimilar at distance 0.5, m=1: ½·0.25.
		{"Contrastive", loss.NewContrastive(), mat.NewDense(2, 4, []float64{0, 0, 3, 4, 0, 0, 0.3, 0.4}), mat.NewDense(2, 1, []float64{1, 0}),
			(12.5 + 0.125) / 2},
		// ‖a−p‖² = 1, ‖a−n‖² = 0.25, α = 1: 1.75; second triplet inactive.
		{"Triplet", loss.NewTriplet(), mat.NewDense(2, 3, []float64{0, 1, 0.5, 0, 0.1, 5}), mat.NewDense(2, 1, nil), 1.75 / 2},
	} {
		if got := tc.loss.Loss(tc.pred, tc.target); math.Abs(got-tc.want) > tol {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCrossEntropyLargeLogitsGrad(t *testing.T) {
	g := loss.NewCrossEntropy().Grad(mat.NewDense(1, 3, []float64{1000, 0, -1000}), mat.NewDense(1, 3, []float64{0, 1, 0}))
	want := mat.NewDense(1, 3, []float64{1, -1, 0})
	if !mat.EqualApprox(g, want, 1e-15) {
		t.Errorf("grad = %v, want %v", mat.Formatted(g), mat.Formatted(want))
	}
}

func TestBinaryCrossEntropySaturated(t *testing.T) {
	b := loss.NewBinaryCrossEntropy()
	got := b.Loss(mat.NewDense(1, 1, []float64{0}), mat.NewDense(1, 1, []float64{1}))
	if want := -math.Log(1e-12); math.Abs(got-want) > 1e-9 {
		t.Errorf("loss of a certain wrong answer = %v, want −log ε = %v", got, want)
	}
	b.Epsilon = 0
	if b.Validate() == nil {
		t.Error("Validate accepted ε = 0")
	}
}

func TestValidateMargins(t *testing.T) {
	for _, v := range []nnkit.Validator{&loss.Contrastive{Margin: -1}, &loss.Triplet{Margin: math.Inf(1)}} {
		if v.Validate() == nil {
			t.Errorf("%v: Validate accepted a bad margin", v)
		}
	}
}

func TestClassIndexHint(t *testing.T) {
	err := nnkit.Maybe(func() {
		loss.NewCrossEntropy().Loss(mat.NewDense(2, 10, nil), mat.NewDense(2, 1, []float64{3, 7}))
	})
	if err == nil || !strings.Contains(err.Error(), "prediction is 2×10, target is 2×1") || !strings.Contains(err.Error(), "data.OneHot(labels, 10)") {
		t.Errorf("class indices given to CrossEntropy: %v", err)
	}
}
