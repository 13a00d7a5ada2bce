package loss

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// checkSame panics unless pred and target have the same shape.
func checkSame(name string, pred, target *mat.Dense) (n, k int) {
	n, k = pred.Dims()
	if tr, tc := target.Dims(); tr != n || tc != k {
		hint := ""
		if tc == 1 && k > 1 && tr == n {
			hint = fmt.Sprintf(" (class indices? one-hot encode them with data.OneHot(labels, %d))", k)
		}
		nnkit.Panicf("nnkit/loss: %s: prediction is %d×%d, target is %d×%d; they must have the same shape%s", name, n, k, tr, tc, hint)
	}
	return n, k
}
