package activation

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Function is a scalar activation function f with its derivative f′.
type Function interface {
	// Apply returns f(x).
	Apply(x float64) float64
	// Deriv returns f′(x).
	Deriv(x float64) float64
}

// elementwise holds the buffers of a layer that applies a Function to every
// element: the input seen by the last Forward and the output and input
// gradient matrices, reused from call to call.
type elementwise struct {
	x, y, dx *mat.Dense
}

// forward sets y = f(x) element by element and remembers x for backward.
func (e *elementwise) forward(f Function, x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	e.x = x
	e.y = nnkit.Reuse(e.y, r, c)
	xs, ys := x.RawMatrix(), e.y.RawMatrix()
	for i := 0; i < r; i++ {
		xr, yr := xs.Data[i*xs.Stride:i*xs.Stride+c], ys.Data[i*ys.Stride:i*ys.Stride+c]
		for j, v := range xr {
			yr[j] = f.Apply(v)
		}
	}
	return e.y
}

// backward returns ∂L/∂x = ∂L/∂y ⊙ f′(x) for the x of the last forward.
func (e *elementwise) backward(name string, f Function, dOut *mat.Dense) *mat.Dense {
	r, c := e.check(name, dOut)
	e.dx = nnkit.Reuse(e.dx, r, c)
	xs, ds, dxs := e.x.RawMatrix(), dOut.RawMatrix(), e.dx.RawMatrix()
	for i := 0; i < r; i++ {
		xr := xs.Data[i*xs.Stride : i*xs.Stride+c]
		dr := ds.Data[i*ds.Stride : i*ds.Stride+c]
		dxr := dxs.Data[i*dxs.Stride : i*dxs.Stride+c]
		for j, v := range xr {
			dxr[j] = dr[j] * f.Deriv(v)
		}
	}
	return e.dx
}

// check panics unless Forward has run and dOut has the shape of its output,
// and returns that shape.
func (e *elementwise) check(name string, dOut *mat.Dense) (r, c int) {
	return checkBackward(name, e.x, dOut)
}

// checkBackward panics unless x (the cached input) is set and dOut has its
// shape, and returns that shape.
func checkBackward(name string, x, dOut *mat.Dense) (r, c int) {
	if x == nil {
		nnkit.Panicf("nnkit/activation: %s.Backward called before Forward", name)
	}
	r, c = x.Dims()
	if dr, dc := dOut.Dims(); dr != r || dc != c {
		nnkit.Panicf("nnkit/activation: %s.Backward: gradient is %d×%d, output of Forward was %d×%d", name, dr, dc, r, c)
	}
	return r, c
}
