package model

import (
	"fmt"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/initializer"
	"github.com/nnbook/nnbook/nnkit/layer"
)

// Block is one stage of a network whose input width is filled in when the
// network is built: [Build] declares the input width once and hands every
// block the width the block before it gives, as Keras infers the input
// shape of each layer after keras.Input.
type Block interface {
	// Layers returns the block's layers for an input of in columns, drawing
	// any randomness from seeds derived from seed.
	Layers(in int, seed uint64) []nnkit.Layer
}

var (
	_ Block = DenseBlock{}
	_ Block = DropoutBlock{}
	_ Block = BatchNormBlock{}
)

// DenseBlock is a Dense layer with what usually follows it, in the order
// Keras and PyTorch examples use:
//
//	Dense(in→Units), [BatchNorm], [Activation], [Dropout(Dropout)]
//
// Batch normalisation comes between the weighted sum and the activation,
// as in Ioffe & Szegedy (2015).
type DenseBlock struct {
	// Units is the number of outputs. Must be positive.
	Units int
	// Activation makes the activation layer; nil for none (a linear
	// output, for example before loss.CrossEntropy, which applies the
	// softmax itself). Default: nil.
	Activation func() nnkit.Layer
	// Init fills the weights. Default: nil, which means
	// initializer.XavierNormal, as layer.NewDense (use initializer.HeNormal
	// with ReLU).
	Init initializer.Initializer
	// BatchNorm inserts batch normalisation after the Dense layer.
	// Default: false.
	BatchNorm bool
	// Dropout, when positive, adds a Dropout layer with that rate after
	// the activation. Default: 0, none.
	Dropout float64
}

// Dense returns a Dense layer of units outputs followed by the activation
// act makes, such as activation.NewReLU: the layer-with-activation
// shortcut, Keras's Dense(units, activation="relu"). For a Dense layer with
// no activation use [Linear]; for batch normalisation or dropout after it,
// write a DenseBlock. A constructor with arguments is wrapped in a
// function literal:
//
//	model.Dense(64, func() *activation.LeakyReLU { return activation.NewLeakyReLU(0.1) })
func Dense[A nnkit.Layer](units int, act func() A) DenseBlock {
	if act == nil {
		nnkit.Panicf("nnkit/model: Dense: nil activation; use model.Linear(%d) for a Dense layer without one", units)
	}
	return DenseBlock{Units: units, Activation: Act(act)}
}

// Act adapts an activation constructor such as activation.NewReLU to the
// Activation field of a [DenseBlock], so that a block is one expression:
//
//	model.DenseBlock{Units: 128, Activation: model.Act(activation.NewReLU), BatchNorm: true, Dropout: 0.2}
func Act[A nnkit.Layer](act func() A) func() nnkit.Layer {
	if act == nil {
		return nil
	}
	return func() nnkit.Layer { return act() }
}

// Linear returns a Dense layer of units outputs with no activation.
func Linear(units int) DenseBlock { return DenseBlock{Units: units} }

// Layers returns Dense(in→Units) and the layers that follow it. The Dense
// weights come from seed and the dropout masks from seed + 2³².
func (b DenseBlock) Layers(in int, seed uint64) []nnkit.Layer {
	init := b.Init
	if init == nil {
		init = initializer.XavierNormal{}
	}
	c := layer.DenseConfig{In: in, Out: b.Units, Init: init, Seed: seed}
	if err := c.Validate(); err != nil {
		nnkit.Panicf("%v", err)
	}
	ls := []nnkit.Layer{layer.NewDenseWith(c)}
	if b.BatchNorm {
		ls = append(ls, layer.NewBatchNorm(b.Units))
	}
	if b.Activation != nil {
		ls = append(ls, b.Activation())
	}
	if b.Dropout > 0 {
		ls = append(ls, DropoutBlock{Rate: b.Dropout}.Layers(b.Units, seed)...)
	}
	return ls
}

// DropoutBlock is a Dropout layer (layer.Dropout).
type DropoutBlock struct {
	// Rate is the drop probability, in [0, 1).
	Rate float64
}

// Dropout returns a Dropout layer with the given drop rate, Keras's
// Dropout(rate).
func Dropout(rate float64) DropoutBlock { return DropoutBlock{Rate: rate} }

// Layers returns the Dropout layer, its masks drawn from seed + 2³². It
// panics if Rate is outside [0, 1).
func (b DropoutBlock) Layers(_ int, seed uint64) []nnkit.Layer {
	d := layer.NewDropout(b.Rate, seed+1<<32)
	if err := d.Validate(); err != nil {
		nnkit.Panicf("%v", err)
	}
	return []nnkit.Layer{d}
}

// BatchNormBlock is batch normalisation over all the columns it receives
// (layer.BatchNorm).
type BatchNormBlock struct{}

// BatchNorm returns batch normalisation over the width it receives,
// Keras's BatchNormalization().
func BatchNorm() BatchNormBlock { return BatchNormBlock{} }

// Layers returns layer.NewBatchNorm(in).
func (BatchNormBlock) Layers(in int, _ uint64) []nnkit.Layer {
	return []nnkit.Layer{layer.NewBatchNorm(in)}
}

// BuildConfig configures [BuildWith].
type BuildConfig struct {
	// In is the number of input columns (features). Must be positive.
	In int
	// Seed seeds the blocks: block i (from 0) gets Seed + i. Default: 1
	// (set by Build), so that Build and NewMLP give the same weights for
	// the same widths.
	Seed uint64
}

// Build returns the network made of blocks for inputs of in columns,
// seeded from 1. Only the input width is given; every block gets the width
// the one before it gives:
//
//	net := model.Build(784,
//		model.Dense(128, activation.NewReLU),
//		model.Dropout(0.2),
//		model.Linear(10),
//	)
//
// is Sequential(Dense(784→128), ReLU, Dropout(p=0.2), Dense(128→10)). It
// panics with the block's index when a block cannot be built (a
// non-positive width, a bad rate) or when a block's layers do not say
// their output width (nnkit.Shaper), which the next block needs.
func Build(in int, blocks ...Block) *Sequential {
	return BuildWith(BuildConfig{In: in, Seed: 1}, blocks...)
}

// BuildWith is Build with a chosen seed.
func BuildWith(c BuildConfig, blocks ...Block) *Sequential {
	if c.In <= 0 {
		nnkit.Panicf("nnkit/model: Build: the input width is %d; give the number of input features", c.In)
	}
	var layers []nnkit.Layer
	w := c.In
	for i, b := range blocks {
		if b == nil {
			nnkit.Panicf("nnkit/model: Build: block %d is nil", i)
		}
		if w == 0 {
			nnkit.Panicf("nnkit/model: Build: block %d (%T) needs its input width, but block %d does not say what it outputs (its layers do not implement nnkit.Shaper)", i, b, i-1)
		}
		var ls []nnkit.Layer
		if err := nnkit.Maybe(func() { ls = b.Layers(w, c.Seed+uint64(i)) }); err != nil {
			nnkit.Panicf("nnkit/model: Build: block %d (%T) for %d inputs: %v", i, b, w, err)
		}
		for _, l := range ls {
			sh, ok := l.(nnkit.Shaper)
			if !ok {
				w = 0
				break
			}
			w = sh.OutputCols(w)
		}
		layers = append(layers, ls...)
	}
	return NewSequential(layers...)
}

// String returns e.g. "Dense(128, ReLU, dropout 0.2)".
func (b DenseBlock) String() string {
	s := fmt.Sprintf("Dense(%d", b.Units)
	if b.BatchNorm {
		s += ", batch norm"
	}
	if b.Activation != nil {
		s += ", " + layerName(b.Activation())
	}
	if b.Dropout > 0 {
		s += fmt.Sprintf(", dropout %g", b.Dropout)
	}
	return s + ")"
}
