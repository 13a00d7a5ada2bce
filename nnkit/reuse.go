package nnkit

import "gonum.org/v1/gonum/mat"

// Reuse returns a r×c matrix for a layer's output or gradient buffer, reusing
// m when it can: m itself when it already is r×c (its contents are left as
// they are), m's backing storage when it is large enough (the values are then
// zero), or a newly allocated matrix when m is nil or too small.
//
// Layers call it on every Forward and Backward so that steady-state training
// steps allocate no matrices:
//
//	l.y = nnkit.Reuse(l.y, n, out)
func Reuse(m *mat.Dense, r, c int) *mat.Dense {
	if m == nil {
		return mat.NewDense(r, c, nil)
	}
	if mr, mc := m.Dims(); mr == r && mc == c {
		return m
	}
	m.Reset()
	m.ReuseAs(r, c)
	return m
}
