package model

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

var (
	_ nnkit.Shaper = (*Sequential)(nil)
	_ nnkit.Shaper = (*Siamese)(nil)
)

// InputCols returns the number of columns the first layer that fixes one
// accepts (activations and Dropout before it accept any), or 0 when no
// layer says.
func (s *Sequential) InputCols() int {
	for _, l := range s.Layers {
		sh, ok := l.(nnkit.Shaper)
		if !ok {
			return 0
		}
		if in := sh.InputCols(); in != 0 {
			return in
		}
	}
	return 0
}

// OutputCols returns the number of columns the last layer gives for an
// input of in columns, or 0 when a layer does not say.
func (s *Sequential) OutputCols(in int) int {
	w := in
	for _, l := range s.Layers {
		sh, ok := l.(nnkit.Shaper)
		if !ok {
			return 0
		}
		w = sh.OutputCols(w)
	}
	return w
}

// checkCols follows the width of the data through the layers, starting
// from in columns described by from (in = 0: unknown), and returns an error
// naming the first layer that does not accept what the layer before it
// gives, with both widths.
func (s *Sequential) checkCols(in int, from string) error {
	w := in
	for i, l := range s.Layers {
		sh, ok := l.(nnkit.Shaper)
		if !ok {
			w = 0 // unknown from here on, until a layer fixes it
			continue
		}
		if acc := sh.InputCols(); acc != 0 && w != 0 && acc != w {
			return fmt.Errorf("layer %d %s expects %d input columns, but %s", i, layerName(l), acc, from)
		}
		out := sh.OutputCols(w)
		if out != w || sh.InputCols() != 0 {
			from = fmt.Sprintf("layer %d %s gives %d", i, layerName(l), out)
		}
		w = out
	}
	return nil
}

// InputCols returns Branches times the columns Net accepts, 0 when Net
// does not say.
func (s *Siamese) InputCols() int {
	if sh, ok := s.Net.(nnkit.Shaper); ok {
		return s.Branches * sh.InputCols()
	}
	return 0
}

// OutputCols returns Branches times the columns Net gives for one branch
// of in/Branches columns, 0 when Net does not say.
func (s *Siamese) OutputCols(in int) int {
	if sh, ok := s.Net.(nnkit.Shaper); ok {
		return s.Branches * sh.OutputCols(in/s.Branches)
	}
	return 0
}

// checkData returns an error that says what to do when x or y (named xName
// and yName) cannot be fed to net with loss: x with a number of columns the
// first layer does not accept, or a y that the loss cannot compare with the
// network's output, such as class indices where the loss wants one-hot
// rows. It relies on nnkit.Shaper and says nothing about networks that do
// not implement it.
func checkData(net nnkit.Layer, loss nnkit.Loss, x, y *mat.Dense, xName, yName string) error {
	sh, ok := net.(nnkit.Shaper)
	if !ok {
		return nil
	}
	_, xc := x.Dims()
	from := fmt.Sprintf("%s has %d", xName, xc)
	if s, ok := net.(*Sequential); ok {
		if err := s.checkCols(xc, from); err != nil {
			return fmt.Errorf("%w; give %s one column per input feature or change the layer", err, xName)
		}
	} else if acc := sh.InputCols(); acc != 0 && acc != xc {
		return fmt.Errorf("%s expects %d input columns, but %s; give %s one column per input feature or change the network", layerName(net), acc, from, xName)
	}
	k := sh.OutputCols(xc)
	n, yc := y.Dims()
	if k == 0 || n == 0 {
		return nil
	}
	// Let the loss itself say whether it can compare an output row with a
	// target row: some losses take targets of another width (pair labels).
	err := nnkit.Maybe(func() {
		loss.Loss(mat.NewDense(1, k, nil), y.Slice(0, 1, 0, yc).(*mat.Dense))
	})
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf("the network outputs %d columns per sample and %s has %d, which %v cannot compare (%v)", k, yName, yc, loss, err)
	if yc == 1 && k > 1 && classIndices(y, k) {
		msg += fmt.Sprintf("; %s holds class indices: one-hot encode them with data.OneHot(labels, %d)", yName, k)
	} else {
		msg += fmt.Sprintf("; give %s %d columns or change the last layer to %d units", yName, k, yc)
	}
	return fmt.Errorf("%s", msg)
}

// classIndices reports whether the single column of y holds whole numbers
// in [0, k).
func classIndices(y *mat.Dense, k int) bool {
	n, _ := y.Dims()
	for i := range n {
		v := y.At(i, 0)
		if v < 0 || v >= float64(k) || v != math.Trunc(v) {
			return false
		}
	}
	return true
}
