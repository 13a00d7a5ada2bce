package loss_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit/loss"
)

// The mean squared error of a regression.
func ExampleMSE() {
	pred := mat.NewDense(3, 1, []float64{2.5, 0.0, 2.1})
	target := mat.NewDense(3, 1, []float64{3.0, -0.5, 2.0})
	mse := loss.NewMSE()
	fmt.Printf("L = %.4f\n", mse.Loss(pred, target))
	fmt.Printf("∂L/∂pred = %.4f\n", mat.Formatted(mse.Grad(pred, target).T()))
	// Output:
	// L = 0.1700
	// ∂L/∂pred = [-0.3333   0.3333   0.0667]
}

// Binary cross-entropy on sigmoid probabilities.
func ExampleBinaryCrossEntropy() {
	pred := mat.NewDense(4, 1, []float64{0.9, 0.2, 0.6, 0.01})
	target := mat.NewDense(4, 1, []float64{1, 0, 0, 1})
	fmt.Printf("%.4f\n", loss.NewBinaryCrossEntropy().Loss(pred, target))
	// Output:
	// 1.4625
}

// Cross-entropy takes raw scores; the softmax is inside, so huge scores are
// fine and the gradient is softmax minus target.
func ExampleCrossEntropy() {
	scores := mat.NewDense(2, 3, []float64{
		2, 1, 0.1, // probably class 0
		1000, 0, -1000, // certainly class 0, but the target says class 1
	})
	target := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 1, 0})
	ce := loss.NewCrossEntropy()
	fmt.Printf("L = %.4f\n", ce.Loss(scores, target))
	fmt.Printf("∂L/∂z =\n%.4f\n", mat.Formatted(ce.Grad(scores, target)))
	// Output:
	// L = 500.2085
	// ∂L/∂z =
	// ⎡-0.1705   0.1212   0.0493⎤
	// ⎣ 0.5000  -0.5000   0.0000⎦
}

// The contrastive loss of two pairs of 2-D embeddings [a | b]: a similar
// pair 0.5 apart and a dissimilar pair 0.6 apart, inside the margin 1.
func ExampleContrastive() {
	pairs := mat.NewDense(2, 4, []float64{
		0, 0, 0.3, 0.4,
		1, 1, 1, 1.6,
	})
	similar := mat.NewDense(2, 1, []float64{1, 0})
	c := loss.NewContrastive()
	fmt.Println(c)
	fmt.Printf("L = %.4f\n", c.Loss(pairs, similar))
	// Output:
	// Contrastive(margin=1)
	// L = 0.1025
}

// The triplet loss of one triplet [anchor | positive | negative]: the
// negative is closer to the anchor than the positive, so the loss is large.
func ExampleTriplet() {
	triplet := mat.NewDense(1, 6, []float64{0, 0, 1, 0, 0.5, 0})
	tl := loss.NewTriplet()
	fmt.Println(tl)
	fmt.Printf("L = %.4f\n", tl.Loss(triplet, mat.NewDense(1, 1, nil)))
	fmt.Printf("∂L/∂[a|p|n] = %.4f\n", mat.Formatted(tl.Grad(triplet, mat.NewDense(1, 1, nil))))
	// Output:
	// Triplet(margin=1)
	// L = 1.7500
	// ∂L/∂[a|p|n] = [-1.0000   0.0000   2.0000   0.0000  -1.0000   0.0000]
}

// The same triplet under PyTorch's convention (nn.TripletMarginLoss):
// distances are not squared, so L = max(0, ‖a−p‖ − ‖a−n‖ + α) = 1 − 0.5 + 1.
func ExampleConvention() {
	triplet := mat.NewDense(1, 6, []float64{0, 0, 1, 0, 0.5, 0})
	for _, conv := range []loss.Convention{loss.Paper, loss.PyTorch} {
		tl := &loss.Triplet{Margin: 1, Convention: conv}
		fmt.Printf("%v: L = %.4f\n", tl, tl.Loss(triplet, mat.NewDense(1, 1, nil)))
	}
	pairs := mat.NewDense(1, 4, []float64{0, 0, 3, 4}) // a similar pair at distance 5
	for _, conv := range []loss.Convention{loss.Paper, loss.PyTorch} {
		c := &loss.Contrastive{Margin: 1, Convention: conv}
		fmt.Printf("%v: L = %.4f\n", c, c.Loss(pairs, mat.NewDense(1, 1, []float64{1})))
	}
	// Output:
	// Triplet(margin=1): L = 1.7500
	// Triplet(margin=1, pytorch): L = 1.5000
	// Contrastive(margin=1): L = 12.5000
	// Contrastive(margin=1, pytorch): L = 25.0000
}

func ExampleConvention_String() {
	fmt.Println(loss.Paper, loss.PyTorch)
	// Output:
	// paper pytorch
}
