package model

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/initializer"
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
	// Seed seeds the weights; Dense layer i (from 0) uses Seed + i, and
	// the Dropout after it Seed + i + 2³². Default: 1 (set by NewMLP).
	Seed uint64
	// Dropout is the drop rate of a Dropout layer after every hidden
	// activation: one rate for all hidden layers, or one per hidden layer
	// (0 leaves that layer without). Default: nil, no dropout.
	Dropout []float64
	// BatchNorm inserts batch normalisation between every hidden Dense
	// layer and its activation. Default: false.
	BatchNorm bool
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
	if hidden := len(c.Sizes) - 2; len(c.Dropout) > 1 && len(c.Dropout) != hidden {
		return fmt.Errorf("nnkit/model: MLP has %d hidden layers but %d dropout rates; give one rate for all or one per hidden layer", hidden, len(c.Dropout))
	}
	for i, r := range c.Dropout {
		if !(r >= 0 && r < 1) {
			return fmt.Errorf("nnkit/model: MLP dropout rate %d is %v; rates must be in [0, 1)", i, r)
		}
	}
	return nil
}

// dropout returns the drop rate after hidden layer i.
func (c MLPConfig) dropout(i int) float64 {
	switch len(c.Dropout) {
	case 0:
		return 0
	case 1:
		return c.Dropout[0]
	}
	return c.Dropout[i]
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

// NewMLPWith is NewMLP with a chosen initializer and seed, and dropout and
// batch normalisation in the hidden layers if c asks for them:
//
//	Dense(s₀→s₁), [BatchNorm], hidden, [Dropout], …, Dense(sₖ₋₁→sₖ), output
//
// In one expression:
//
//	model.NewMLPWith(model.MLPConfig{Sizes: []int{784, 256, 128, 10},
//		Init: initializer.HeNormal{}, Seed: 1, Dropout: []float64{0.2}, BatchNorm: true},
//		activation.NewReLU, activation.NewIdentity)
//
// It panics with the message of c.Validate if c is not valid.
func NewMLPWith[H, O nnkit.Layer](c MLPConfig, hidden func() H, output func() O) *Sequential {
	if err := c.Validate(); err != nil {
		nnkit.Panicf("%v", err)
	}
	blocks := make([]Block, 0, len(c.Sizes)-1)
	for i, units := range c.Sizes[1:] {
		b := DenseBlock{Units: units, Init: c.Init, Activation: Act(output)}
		if i+2 < len(c.Sizes) {
			b.Activation = Act(hidden)
			b.BatchNorm, b.Dropout = c.BatchNorm, c.dropout(i)
		}
		blocks = append(blocks, b)
	}
	return BuildWith(BuildConfig{In: c.Sizes[0], Seed: c.Seed}, blocks...)
}
