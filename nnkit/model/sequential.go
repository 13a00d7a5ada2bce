package model

import (
	"errors"
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Layer           = (*Sequential)(nil)
	_ nnkit.ParamBackwarder = (*Sequential)(nil)
	_ nnkit.Validator       = (*Sequential)(nil)
)

// Sequential applies its layers one after another:
//
//	y = fₖ(… f₂(f₁(x)))
//	∂L/∂x = J₁ᵀ·J₂ᵀ·…·Jₖᵀ·∂L/∂y      (Backward runs the layers in reverse: backpropagation)
//
// It is itself a Layer, so networks nest. NewSequential names every
// parameter after its layer's position, "0.W", "0.b", "2.W", … (as PyTorch's
// nn.Sequential does); Save and Load check these names.
type Sequential struct {
	// Layers are applied in order.
	Layers []nnkit.Layer
}

// NewSequential returns the layers chained in order and names their
// parameters by position: "i.name" for a layer at index i, "i.j.name" for
// layer j of a Sequential nested at index i. It panics if a layer is nil,
// or if a layer does not accept the width the layer before it gives (for
// the layers that say, see nnkit.Shaper), naming both layers and widths.
func NewSequential(layers ...nnkit.Layer) *Sequential {
	for i, l := range layers {
		if l == nil {
			nnkit.Panicf("nnkit/model: NewSequential: layer %d is nil", i)
		}
	}
	s := &Sequential{Layers: layers}
	if err := s.checkCols(0, ""); err != nil {
		nnkit.Panicf("nnkit/model: NewSequential: %v", err)
	}
	nameParams("", s)
	return s
}

// nameParams prefixes the parameter names of l with its position.
func nameParams(prefix string, l nnkit.Layer) {
	switch l := l.(type) {
	case *Sequential:
		for i, inner := range l.Layers {
			nameParams(fmt.Sprintf("%s%d.", prefix, i), inner)
		}
	case *Siamese:
		nameParams(prefix, l.Net)
	default:
		for _, p := range l.Params() {
			p.Name = prefix + baseName(p.Name)
		}
	}
}

// baseName strips the position prefixes "i." given by earlier calls of
// NewSequential, so that the same layers can be chained again.
func baseName(name string) string {
	for {
		i := strings.IndexByte(name, '.')
		if i <= 0 || strings.Trim(name[:i], "0123456789") != "" {
			return name
		}
		name = name[i+1:]
	}
}

// Forward runs x (n×in) through every layer and returns the last output.
func (s *Sequential) Forward(x *mat.Dense, mode nnkit.Mode) *mat.Dense {
	for _, l := range s.Layers {
		x = l.Forward(x, mode)
	}
	return x
}

// Backward runs ∂L/∂y back through the layers in reverse order, accumulating
// every parameter gradient, and returns ∂L/∂x.
func (s *Sequential) Backward(dOut *mat.Dense) *mat.Dense {
	for i := len(s.Layers) - 1; i >= 0; i-- {
		dOut = s.Layers[i].Backward(dOut)
	}
	return dOut
}

// BackwardParams is Backward without ∂L/∂x: the first layer only
// accumulates its parameter gradients (see nnkit.ParamBackwarder), and
// leading layers without parameters are skipped.
func (s *Sequential) BackwardParams(dOut *mat.Dense) {
	first := 0
	for ; first < len(s.Layers); first++ {
		if _, ok := s.Layers[first].(nnkit.ParamBackwarder); ok || len(s.Layers[first].Params()) > 0 {
			break
		}
	}
	for i := len(s.Layers) - 1; i > first; i-- {
		dOut = s.Layers[i].Backward(dOut)
	}
	if first == len(s.Layers) {
		return
	}
	if pb, ok := s.Layers[first].(nnkit.ParamBackwarder); ok {
		pb.BackwardParams(dOut)
	} else {
		s.Layers[first].Backward(dOut)
	}
}

// Params returns the parameters of all layers, in layer order.
func (s *Sequential) Params() []*nnkit.Param {
	var ps []*nnkit.Param
	for _, l := range s.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// Buffers returns the learned state of all layers that is not trained by
// gradients, such as BatchNorm's running statistics, in layer order.
func (s *Sequential) Buffers() []*mat.Dense {
	var bs []*mat.Dense
	for _, l := range s.Layers {
		if b, ok := l.(Bufferer); ok {
			bs = append(bs, b.Buffers()...)
		}
	}
	return bs
}

// Predict returns the network's output for x in Eval mode, as a new matrix
// the caller may keep.
func (s *Sequential) Predict(x *mat.Dense) *mat.Dense {
	return mat.DenseCopyOf(s.Forward(x, nnkit.Eval))
}

// ParamCount returns the number of learned numbers.
func (s *Sequential) ParamCount() int { return paramCount(s.Params()) }

func paramCount(ps []*nnkit.Param) int {
	n := 0
	for _, p := range ps {
		r, c := p.Value.Dims()
		n += r * c
	}
	return n
}

// Validate validates every layer that has a Validate method.
func (s *Sequential) Validate() error {
	var errs []error
	for i, l := range s.Layers {
		if v, ok := l.(nnkit.Validator); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("layer %d: %w", i, err))
			}
		}
	}
	return errors.Join(errs...)
}

// String returns the layers in one line, e.g.
// "Sequential(Dense(2→8), Tanh, Dense(8→1), Sigmoid)".
func (s *Sequential) String() string {
	names := make([]string, len(s.Layers))
	for i, l := range s.Layers {
		names[i] = layerName(l)
	}
	return "Sequential(" + strings.Join(names, ", ") + ")"
}

func layerName(l nnkit.Layer) string {
	if s, ok := l.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", l)
}

// Bufferer is implemented by layers with learned state that is not a
// parameter (BatchNorm's running mean and variance). Save and Load include
// it.
type Bufferer interface {
	Buffers() []*mat.Dense
}
