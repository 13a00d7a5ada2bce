package model

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
)

// MLPConfig configures the Dense layers of a multilayer perceptron built by
// [NewMLPWith].
type MLPConfig struct {
	// Sizes are the layer widths, input first: {2, 8, 1} is 2 inputs, one
	// hidden layer of 8 units and 1 output. At least two.
	Sizes []int
	// Init fills the weights. Default: initializer.XavierNormal (set by
	// NewMLP); use initializer.HeNormal with ReLU.
	Init initializer.Initializer
	// Seed seeds the weights; Dense layer i (from 0) uses Seed + i. Default:
	// 1 (set by NewMLP).
	Seed uint64
}

// Validate reports fewer than two sizes, a non-positive size or a missing
// initializer.
func (c MLPConfig) Validate() error {
	if len(c.Sizes) < 2 {
		return fmt.Errorf("nnkit/model: MLP needs at least an input and an output size, got %v", c.Sizes)
	}
	for i, s := range c.Sizes {
		if s <= 0 {
			return fmt.Errorf("nnkit/model: MLP size %d is %d; sizes must be positive", i, s)
		}
	}
	if c.Init == nil {
		return fmt.Errorf("nnkit/model: MLP has no Init; set one such as initializer.XavierNormal{}")
	}
	return nil
}

// NewMLP returns a multilayer perceptron: Dense layers of the given widths
// with a hidden activation after every hidden layer and the output
// activation after the last,
//
//	Dense(s₀→s₁), hidden, Dense(s₁→s₂), hidden, …, Dense(sₖ₋₁→sₖ), output
//
// with Xavier-normal weights from seed 1. hidden and output are activation
// constructors such as activation.NewReLU; each layer gets its own instance.
// For classification with loss.CrossEntropy use activation.NewIdentity as
// output (the loss applies the softmax). It panics if sizes is invalid.
func NewMLP[H, O nnkit.Layer](sizes []int, hidden func() H, output func() O) *Sequential {
	return NewMLPWith(MLPConfig{Sizes: sizes, Init: initializer.XavierNormal{}, Seed: 1}, hidden, output)
}

// NewMLPWith is NewMLP with a chosen initializer and seed. It panics with
// the message of c.Validate if c is not valid.
func NewMLPWith[H, O nnkit.Layer](c MLPConfig, hidden func() H, output func() O) *Sequential {
	if err := c.Validate(); err != nil {
		nnkit.Panicf("%v", err)
	}
	var layers []nnkit.Layer
	for i := 0; i+1 < len(c.Sizes); i++ {
		layers = append(layers, layer.NewDenseWith(layer.DenseConfig{
			In: c.Sizes[i], Out: c.Sizes[i+1], Init: c.Init, Seed: c.Seed + uint64(i),
		}))
		if i+2 < len(c.Sizes) {
			layers = append(layers, hidden())
		} else {
			layers = append(layers, output())
		}
	}
	return NewSequential(layers...)
}
