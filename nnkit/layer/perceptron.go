package layer

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var _ nnkit.Layer = (*Perceptron)(nil)

// Perceptron is Rosenblatt's (1958) simple perceptron unit: a weighted sum
// passed through the step function, trained by the perceptron learning rule
// rather than by gradients. For x: n×in, W: in×out, b: 1×out,
//
//	y = step(x·W + b),   step(z) = 1 if z ≥ 0, else 0
//
// Learn applies the rule one sample (row) at a time, with target t and
// learning rate η:
//
//	W ← W + η·xᵀ·(t − y)
//	b ← b + η·(t − y)
//
// A weight changes only when the unit is wrong, in the direction that makes
// it right. The rule converges whenever the data are linearly separable
// (AND, OR, NAND) and never for XOR. Because step′ = 0, Backward passes no
// gradient: it returns zeros and leaves the parameter gradients alone, which
// is why multilayer networks use differentiable activations. Weights and
// biases start at 0.
type Perceptron struct {
	// W holds the in×out weights, named "W".
	W *nnkit.Param
	// B holds the 1×out biases, named "b".
	B *nnkit.Param

	x, y, dx *mat.Dense
}

// NewPerceptron returns a perceptron with in inputs and out step units, all
// weights and biases zero. It panics if in or out is not positive.
func NewPerceptron(in, out int) *Perceptron {
	if in <= 0 || out <= 0 {
		nnkit.Panicf("nnkit/layer: NewPerceptron: need positive sizes, got in=%d out=%d", in, out)
	}
	return &Perceptron{
		W: nnkit.NewParam("W", mat.NewDense(in, out, nil)),
		B: nnkit.NewParam("b", mat.NewDense(1, out, nil)),
	}
}

// Forward returns step(x·W + b) (n×out) for x: n×in.
func (p *Perceptron) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense {
	n, in := x.Dims()
	win, out := p.W.Value.Dims()
	if in != win {
		nnkit.Panicf("nnkit/layer: Perceptron.Forward: input is %d×%d, unit expects %d columns (W is %d×%d)", n, in, win, win, out)
	}
	p.x = x
	p.y = nnkit.Reuse(p.y, n, out)
	p.y.Mul(x, p.W.Value)
	b := p.B.Value.RawRowView(0)
	for i := 0; i < n; i++ {
		row := p.y.RawRowView(i)
		for j := range row {
			if row[j]+b[j] >= 0 { // step(x·W + b)
				row[j] = 1
			} else {
				row[j] = 0
			}
		}
	}
	return p.y
}

// Backward returns ∂L/∂x = 0 (n×in): the step function has no gradient.
func (p *Perceptron) Backward(dOut *mat.Dense) *mat.Dense {
	if p.x == nil {
		nnkit.Panicf("nnkit/layer: Perceptron.Backward called before Forward")
	}
	n, in := p.x.Dims()
	_, out := p.W.Value.Dims()
	if r, c := dOut.Dims(); r != n || c != out {
		nnkit.Panicf("nnkit/layer: Perceptron.Backward: gradient is %d×%d, output of Forward was %d×%d", r, c, n, out)
	}
	p.dx = nnkit.Reuse(p.dx, n, in)
	p.dx.Zero()
	return p.dx
}

// Learn applies the perceptron learning rule to each row of x (n×in) in
// order, with targets t (n×out, entries 0 or 1) and learning rate lr, and
// returns how many samples the unit got wrong before its update.
func (p *Perceptron) Learn(x, t *mat.Dense, lr float64) (mistakes int) {
	n, in := x.Dims()
	win, out := p.W.Value.Dims()
	if tr, tc := t.Dims(); in != win || tr != n || tc != out {
		nnkit.Panicf("nnkit/layer: Perceptron.Learn: inputs %d×%d and targets %d×%d, unit is %d→%d", n, in, tr, tc, win, out)
	}
	w, b := p.W.Value, p.B.Value.RawRowView(0)
	for i := 0; i < n; i++ {
		xi, ti := x.RawRowView(i), t.RawRowView(i)
		wrong := false
		for j := 0; j < out; j++ {
			z := b[j]
			for k, xk := range xi {
				z += xk * w.At(k, j)
			}
			y := 0.0
			if z >= 0 {
				y = 1
			}
			e := ti[j] - y // t − y
			if e == 0 {
				continue
			}
			wrong = true
			for k, xk := range xi {
				w.Set(k, j, w.At(k, j)+lr*e*xk) // W ← W + η·(t − y)·x
			}
			b[j] += lr * e // b ← b + η·(t − y)
		}
		if wrong {
			mistakes++
		}
	}
	return mistakes
}

// Params returns W and b.
func (p *Perceptron) Params() []*nnkit.Param { return []*nnkit.Param{p.W, p.B} }

// String returns e.g. "Perceptron(2→1)".
func (p *Perceptron) String() string {
	in, out := p.W.Value.Dims()
	return fmt.Sprintf("Perceptron(%d→%d)", in, out)
}
