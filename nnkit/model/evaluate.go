package model

import (
	"fmt"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// Evaluation is a network's loss and metrics on a data set.
type Evaluation struct {
	// Loss is the mean loss.
	Loss float64
	// Metrics maps each metric's name to its score.
	Metrics map[string]float64
}

// String returns e.g. "loss 0.0123, accuracy 0.9800", metrics sorted by name.
func (e Evaluation) String() string {
	parts := []string{fmt.Sprintf("loss %.4f", e.Loss)}
	names := make([]string, 0, len(e.Metrics))
	for name := range e.Metrics {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		parts = append(parts, fmt.Sprintf("%s %.4f", name, e.Metrics[name]))
	}
	return strings.Join(parts, ", ")
}

// Evaluate runs net on x in Eval mode and scores the output against y with
// loss and each metric. It panics if a component is nil or the shapes do
// not fit.
func Evaluate(net nnkit.Layer, x, y *mat.Dense, loss nnkit.Loss, metrics ...Metric) Evaluation {
	if net == nil || loss == nil {
		nnkit.Panicf("nnkit/model: Evaluate: nil network or loss")
	}
	pred := net.Forward(x, nnkit.Eval)
	e := Evaluation{Loss: loss.Loss(pred, y), Metrics: make(map[string]float64, len(metrics))}
	for _, m := range metrics {
		e.Metrics[m.Name()] = m.Score(pred, y)
	}
	return e
}
