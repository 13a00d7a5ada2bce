package layer

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/initializer"
)

var (
	_ nnkit.Layer           = (*Dense)(nil)
	_ nnkit.ParamBackwarder = (*Dense)(nil)
	_ nnkit.Validator       = DenseConfig{}
)

// DenseConfig configures a [Dense] layer.
type DenseConfig struct {
	// In is the number of input features (the fan-in n).
	In int
	// Out is the number of output features (units).
	Out int
	// Init fills the weights W. Default: initializer.XavierNormal (set by
	// NewDense), the lecture's N(0, 1/n); use initializer.HeNormal before
	// ReLU. The biases always start at 0.
	Init initializer.Initializer
	// Seed seeds the generator Init draws from. Default: 1 (set by NewDense).
	Seed uint64
}

// Validate reports non-positive sizes and a missing initializer.
func (c DenseConfig) Validate() error {
	if c.In <= 0 || c.Out <= 0 {
		return fmt.Errorf("nnkit/layer: Dense needs positive In and Out, got In=%d Out=%d", c.In, c.Out)
	}
	if c.Init == nil {
		return fmt.Errorf("nnkit/layer: Dense(%d→%d) has no Init; set one such as initializer.XavierNormal{}", c.In, c.Out)
	}
	if v, ok := c.Init.(nnkit.Validator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("nnkit/layer: Dense(%d→%d): %w", c.In, c.Out, err)
		}
	}
	return nil
}

// Dense is a fully connected layer:
//
//	y = x·W + b                 x: n×in, W: in×out, b: 1×out (added to every row), y: n×out
//	∂L/∂W = xᵀ·∂L/∂y            in×out
//	∂L/∂b = Σᵢ (∂L/∂y)ᵢ         1×out, the column sums
//	∂L/∂x = ∂L/∂y·Wᵀ            n×in
//
// Each output unit j computes Σₖ xₖ·Wₖⱼ + bⱼ, the weighted sum of the
// lecture's perceptron before its activation. The three products run on
// gonum's BLAS (mat.Dense.Mul forward, blas64.Gemm backward), so a faster
// BLAS installed with blas64.Use speeds Dense up without code changes.
type Dense struct {
	// W holds the in×out weights, named "W".
	W *nnkit.Param
	// B holds the 1×out biases, named "b".
	B *nnkit.Param

	cfg   DenseConfig
	x     *mat.Dense // input of the last Forward
	y, dx *mat.Dense // reused buffers
}

// NewDense returns a Dense layer from in to out features with weights drawn
// from N(0, 1/in) (Xavier, as in the lecture) with seed 1 and zero biases.
// It panics if in or out is not positive.
func NewDense(in, out int) *Dense {
	return NewDenseWith(DenseConfig{In: in, Out: out, Init: initializer.XavierNormal{}, Seed: 1})
}

// NewDenseWith returns a Dense layer configured by c. It panics with the
// message of c.Validate if c is not valid.
func NewDenseWith(c DenseConfig) *Dense {
	if err := c.Validate(); err != nil {
		nnkit.Panicf("%v", err)
	}
	w := mat.NewDense(c.In, c.Out, nil)
	c.Init.Fill(w, rand.New(rand.NewPCG(c.Seed, c.Seed)))
	return &Dense{
		W:   nnkit.NewParam("W", w),
		B:   nnkit.NewParam("b", mat.NewDense(1, c.Out, nil)),
		cfg: c,
	}
}

// Config returns the configuration the layer was made with.
func (d *Dense) Config() DenseConfig { return d.cfg }

// Forward returns y = x·W + b (n×out) for x: n×in, and keeps x for Backward.
// It panics if x does not have In columns.
func (d *Dense) Forward(x *mat.Dense, _ nnkit.Mode) *mat.Dense {
	n, in := x.Dims()
	if in != d.cfg.In {
		nnkit.Panicf("nnkit/layer: Dense.Forward: input is %d×%d, layer expects %d columns (W is %d×%d)", n, in, d.cfg.In, d.cfg.In, d.cfg.Out)
	}
	d.x = x
	d.y = nnkit.Reuse(d.y, n, d.cfg.Out)
	d.y.Mul(x, d.W.Value) // x·W
	b := d.B.Value.RawRowView(0)
	ys := d.y.RawMatrix()
	for i := 0; i < n; i++ {
		floats.Add(ys.Data[i*ys.Stride:i*ys.Stride+ys.Cols], b) // + b (vectorised, same sums)
	}
	return d.y
}

// Backward adds ∂L/∂W and ∂L/∂b to the gradients and returns ∂L/∂x (n×in).
func (d *Dense) Backward(dOut *mat.Dense) *mat.Dense {
	d.BackwardParams(dOut)
	n, _ := dOut.Dims()
	d.dx = nnkit.Reuse(d.dx, n, d.cfg.In)
	// ∂L/∂x = ∂L/∂y·Wᵀ (blas64.Gemm with the transpose flag; W.T() would
	// allocate an interface value on every step).
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, dOut.RawMatrix(), d.W.Value.RawMatrix(), 0, d.dx.RawMatrix())
	return d.dx
}

// BackwardParams adds ∂L/∂W and ∂L/∂b to the gradients without computing
// ∂L/∂x (see nnkit.ParamBackwarder).
func (d *Dense) BackwardParams(dOut *mat.Dense) {
	if d.x == nil {
		nnkit.Panicf("nnkit/layer: Dense.Backward called before Forward")
	}
	n, _ := d.x.Dims()
	if r, c := dOut.Dims(); r != n || c != d.cfg.Out {
		nnkit.Panicf("nnkit/layer: Dense.Backward: gradient is %d×%d, output of Forward was %d×%d", r, c, n, d.cfg.Out)
	}
	// ∂L/∂W += xᵀ·∂L/∂y, accumulated in place by the BLAS (β = 1).
	blas64.Gemm(blas.Trans, blas.NoTrans, 1, d.x.RawMatrix(), dOut.RawMatrix(), 1, d.W.Grad.RawMatrix())
	// ∂L/∂b += column sums of ∂L/∂y.
	db := d.B.Grad.RawRowView(0)
	ds := dOut.RawMatrix()
	for i := 0; i < n; i++ {
		floats.Add(db, ds.Data[i*ds.Stride:i*ds.Stride+ds.Cols]) // row by row, as the sums are defined
	}
}

// Params returns W and b.
func (d *Dense) Params() []*nnkit.Param { return []*nnkit.Param{d.W, d.B} }

// String returns e.g. "Dense(4→8)".
func (d *Dense) String() string { return fmt.Sprintf("Dense(%d→%d)", d.cfg.In, d.cfg.Out) }
