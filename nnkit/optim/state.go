package optim

import "github.com/nnbook/nnbook/nnkit"

// checkShapes panics unless p.Value and p.Grad have the same shape.
func checkShapes(op string, p *nnkit.Param) {
	if p == nil || p.Value == nil || p.Grad == nil {
		nnkit.Panicf("nnkit/optim: %s: nil parameter, value or gradient", op)
	}
	r, c := p.Value.Dims()
	gr, gc := p.Grad.Dims()
	if r != gr || c != gc {
		nnkit.Panicf("nnkit/optim: %s: parameter %s is %d×%d but its gradient is %d×%d", op, p.Name, r, c, gr, gc)
	}
}

// eachRow calls fn with the elements of p.Value (theta) and p.Grad (g) in
// row-major order: once for the whole matrix when both are stored
// contiguously, otherwise once per row. off is the row-major index of
// theta[0], so per-element state s is indexed as s[off+i].
func eachRow(p *nnkit.Param, fn func(off int, theta, g []float64)) {
	r, c := p.Value.Dims()
	v, g := p.Value.RawMatrix(), p.Grad.RawMatrix()
	if v.Stride == c && g.Stride == c {
		fn(0, v.Data[:r*c], g.Data[:r*c])
		return
	}
	for i := range r {
		fn(i*c, v.Data[i*v.Stride:i*v.Stride+c], g.Data[i*g.Stride:i*g.Stride+c])
	}
}

// sized is per-parameter optimizer state; size is the number of elements of
// the parameter it was made for.
type sized interface{ size() int }

// stateOf returns the state of p in *states, creating the map and, on p's
// first step, the state itself with create(n), where n is the number of
// elements of p. It panics if p's value and gradient differ in shape, or if p
// has changed size since its state was created.
func stateOf[S sized](op string, states *map[*nnkit.Param]S, p *nnkit.Param, create func(n int) S) S {
	checkShapes(op, p)
	r, c := p.Value.Dims()
	if *states == nil {
		*states = make(map[*nnkit.Param]S)
	}
	s, ok := (*states)[p]
	if !ok {
		s = create(r * c)
		(*states)[p] = s
	} else if n := s.size(); n != r*c {
		nnkit.Panicf("nnkit/optim: %s: parameter %s changed shape to %d×%d since its first step (state holds %d elements)", op, p.Name, r, c, n)
	}
	return s
}
