package activation

import "github.com/nnbook/nnbook/nnkit"

// Every activation applies to each element (Softmax to each row), so it
// accepts any width and keeps it.
var (
	_ nnkit.Shaper = (*Identity)(nil)
	_ nnkit.Shaper = (*LeakyReLU)(nil)
	_ nnkit.Shaper = (*PReLU)(nil)
	_ nnkit.Shaper = (*ReLU)(nil)
	_ nnkit.Shaper = (*RReLU)(nil)
	_ nnkit.Shaper = (*Sigmoid)(nil)
	_ nnkit.Shaper = (*Softmax)(nil)
	_ nnkit.Shaper = (*Step)(nil)
	_ nnkit.Shaper = (*Tanh)(nil)
)

// InputCols returns 0: any width.
func (*Identity) InputCols() int { return 0 }

// OutputCols returns in.
func (*Identity) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*LeakyReLU) InputCols() int { return 0 }

// OutputCols returns in.
func (*LeakyReLU) OutputCols(in int) int { return in }

// InputCols returns 0: any width (α is shared by all features).
func (*PReLU) InputCols() int { return 0 }

// OutputCols returns in.
func (*PReLU) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*ReLU) InputCols() int { return 0 }

// OutputCols returns in.
func (*ReLU) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*RReLU) InputCols() int { return 0 }

// OutputCols returns in.
func (*RReLU) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*Sigmoid) InputCols() int { return 0 }

// OutputCols returns in.
func (*Sigmoid) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*Softmax) InputCols() int { return 0 }

// OutputCols returns in.
func (*Softmax) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*Step) InputCols() int { return 0 }

// OutputCols returns in.
func (*Step) OutputCols(in int) int { return in }

// InputCols returns 0: any width.
func (*Tanh) InputCols() int { return 0 }

// OutputCols returns in.
func (*Tanh) OutputCols(in int) int { return in }
