package loss_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/loss"
	"github.com/nnbook/nnbook/nnkit/nntest"
)

// torchRef is testdata/torch.json, written by testdata/torch_ref.py.
type torchRef struct {
	Triplets         [][]float64
	Pairs            [][]float64
	Similar          []float64
	TripletMargin1   torchLoss `json:"triplet_margin_1"`
	TripletMargin0_2 torchLoss `json:"triplet_margin_0.2"`
	Contrastive      struct {
		Margin float64
		torchLoss
	}
}

type torchLoss struct {
	Loss float64
	Grad [][]float64
}

func rows(r [][]float64) *mat.Dense {
	m := mat.NewDense(len(r), len(r[0]), nil)
	for i, row := range r {
		m.SetRow(i, row)
	}
	return m
}

// checkTorch compares l's value and gradient with PyTorch's autograd.
func checkTorch(t *testing.T, name string, l nnkit.Loss, pred, target *mat.Dense, want torchLoss) {
	t.Helper()
	const tol = 1e-12
	if got := l.Loss(pred, target); math.Abs(got-want.Loss) > tol {
		t.Errorf("%s: loss %v, PyTorch %v", name, got, want.Loss)
	}
	if g := l.Grad(pred, target); !mat.EqualApprox(g, rows(want.Grad), tol) {
		t.Errorf("%s: gradient\n%v\nPyTorch\n%v", name, mat.Formatted(g), mat.Formatted(rows(want.Grad)))
	}
}

// TestPyTorchConvention compares the PyTorch convention of Triplet with
// nn.TripletMarginLoss(eps=0) and of Contrastive with the form of PyTorch
// code, values and autograd gradients, and checks both against finite
// differences.
func TestPyTorchConvention(t *testing.T) {
	b, err := os.ReadFile("testdata/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref torchRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	triplets, pairs := rows(ref.Triplets), rows(ref.Pairs)
	n, _ := triplets.Dims()
	zero, similar := mat.NewDense(n, 1, nil), mat.NewDense(n, 1, ref.Similar)
	for _, c := range []struct {
		margin float64
		want   torchLoss
	}{{1, ref.TripletMargin1}, {0.2, ref.TripletMargin0_2}} {
		l := &loss.Triplet{Margin: c.margin, Convention: loss.PyTorch}
		checkTorch(t, l.String(), l, triplets, zero, c.want)
		nntest.TestLoss(t, l, triplets, zero)
	}
	c := &loss.Contrastive{Margin: ref.Contrastive.Margin, Convention: loss.PyTorch}
	checkTorch(t, c.String(), c, pairs, similar, ref.Contrastive.torchLoss)
	nntest.TestLoss(t, c, pairs, similar)

	// The paper's contrastive loss is half of PyTorch's, gradient included.
	paper := &loss.Contrastive{Margin: ref.Contrastive.Margin}
	if got := 2 * paper.Loss(pairs, similar); math.Abs(got-ref.Contrastive.Loss) > 1e-12 {
		t.Errorf("2 × paper contrastive = %v, PyTorch %v", got, ref.Contrastive.Loss)
	}
}

func TestConventionValidate(t *testing.T) {
	for _, v := range []nnkit.Validator{&loss.Contrastive{Convention: 7}, &loss.Triplet{Convention: -1}} {
		if v.Validate() == nil {
			t.Errorf("%v: Validate accepted an unknown convention", v)
		}
	}
}
