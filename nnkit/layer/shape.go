package layer

import "github.com/nnbook/nnbook/nnkit"

var (
	_ nnkit.Shaper = (*Dense)(nil)
	_ nnkit.Shaper = (*Perceptron)(nil)
	_ nnkit.Shaper = (*BatchNorm)(nil)
	_ nnkit.Shaper = (*Dropout)(nil)
)

// InputCols returns in, the rows of W.
func (d *Dense) InputCols() int { r, _ := d.W.Value.Dims(); return r }

// OutputCols returns out, the columns of W.
func (d *Dense) OutputCols(int) int { _, c := d.W.Value.Dims(); return c }

// InputCols returns in, the rows of W.
func (p *Perceptron) InputCols() int { r, _ := p.W.Value.Dims(); return r }

// OutputCols returns out, the columns of W.
func (p *Perceptron) OutputCols(int) int { _, c := p.W.Value.Dims(); return c }

// InputCols returns d, the number of features normalised.
func (b *BatchNorm) InputCols() int { _, c := b.Gamma.Value.Dims(); return c }

// OutputCols returns d.
func (b *BatchNorm) OutputCols(int) int { _, c := b.Gamma.Value.Dims(); return c }

// InputCols returns 0: any width.
func (*Dropout) InputCols() int { return 0 }

// OutputCols returns in.
func (*Dropout) OutputCols(in int) int { return in }
