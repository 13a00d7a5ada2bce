package loss

import "fmt"

// Convention chooses between two published forms of a metric-learning loss
// that differ by a constant factor or by squaring the distance, so that
// numbers can be compared with a paper or with PyTorch code.
//
//	                Paper (the zero value)                  PyTorch
//	Contrastive     ½·y·D² + ½·(1−y)·max(0, m−D)²           y·D² + (1−y)·max(0, m−D)²
//	Triplet         max(0, ‖a−p‖² − ‖a−n‖² + α)              max(0, ‖a−p‖ − ‖a−n‖ + α)
//
// The contrastive forms differ by a factor 2, which only rescales the
// learning rate. The triplet forms differ in kind: squared distances
// (FaceNet) penalise far positives more and need a margin on the squared
// scale; PyTorch's TripletMarginLoss uses the distances themselves.
// PyTorch adds its eps = 1e-6 to every difference before taking the norm
// (torch.pairwise_distance); nnkit does not, so results agree with PyTorch
// called with eps=0 and differ by O(1e-6) otherwise.
type Convention int

const (
	// Paper is the form of the paper each loss cites: contrastive with ½
	// (Hadsell et al., 2006), triplet with squared distances (Schroff et
	// al., 2015).
	Paper Convention = iota
	// PyTorch is the form of PyTorch code: contrastive without ½ (PyTorch
	// has no built-in contrastive loss; this is the form of its metric-
	// learning examples), triplet with unsquared distances, as
	// nn.TripletMarginLoss(margin, p=2).
	PyTorch
)

// String returns "paper" or "pytorch".
func (c Convention) String() string {
	switch c {
	case Paper:
		return "paper"
	case PyTorch:
		return "pytorch"
	}
	return fmt.Sprintf("Convention(%d)", int(c))
}

// validate reports an unknown convention.
func (c Convention) validate(loss string) error {
	if c != Paper && c != PyTorch {
		return fmt.Errorf("nnkit/loss: %s: unknown %v; use loss.Paper or loss.PyTorch", loss, c)
	}
	return nil
}

// suffix is what String adds for a convention other than Paper.
func (c Convention) suffix() string {
	if c == Paper {
		return ""
	}
	return ", " + c.String()
}
