package model

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/optim"
)

// Batch sizes with a name of their own.
const (
	// FullBatch uses every training sample in every step: batch gradient
	// descent, one step per epoch, no shuffling.
	FullBatch = 0
	// Online uses one sample per step, in a fresh random order every
	// epoch: online (stochastic) learning.
	Online = 1
)

// FitConfig configures [Fit].
type FitConfig struct {
	// Loss is the loss to minimise. Required.
	Loss nnkit.Loss
	// Optimizer updates the parameters after every step. Required.
	Optimizer nnkit.Optimizer
	// Epochs is the number of passes over the training data. 0 means no
	// limit; Iterations must then be set. Default: 1 (set by NewFitConfig).
	Epochs int
	// Iterations, when positive, ends training after that many optimizer
	// steps in total, in the middle of an epoch if need be. Default: 0.
	Iterations int
	// BatchSize is the number of samples per step: FullBatch (0) for all,
	// Online (1) for one at a time, or a mini-batch size. Mini-batches and
	// online samples are drawn in a new random order every epoch; the last
	// batch of an epoch holds the remainder. Default: 32 (set by
	// NewFitConfig).
	BatchSize int
	// Seed seeds the shuffling. Default: 1 (set by NewFitConfig).
	Seed uint64
	// ValidationX and ValidationY are held-out data, scored after every
	// epoch. Default: none.
	ValidationX, ValidationY *mat.Dense
	// ValidationSplit, when positive and no ValidationX is given, holds out
	// that fraction of the rows, taken from the end of x and y before any
	// shuffling (as Keras does). Default: 0.
	ValidationSplit float64
	// Metrics are recorded for training and validation data every epoch,
	// e.g. NewAccuracy(). Default: none.
	Metrics []Metric
	// Callbacks are called at every Event, in order.
	Callbacks []Callback
	// RecordGradNorms records the norm of every parameter's gradient at
	// every step in History.Steps, before any clipping. Default: false.
	RecordGradNorms bool
	// ClipNorm, when positive, rescales the gradients of all parameters
	// together after every backward pass so that their global norm is at
	// most ClipNorm (optim.ClipNorm; PyTorch's clip_grad_norm_, Keras's
	// global_clipnorm). Default: 0, no clipping.
	ClipNorm float64
	// ClipValue, when positive, clamps every gradient element to
	// [−ClipValue, ClipValue] after every backward pass (optim.ClipValue;
	// Keras's clipvalue), before ClipNorm when both are set. Default: 0.
	ClipValue float64
	// History, when set, is continued instead of starting a new one: Fit
	// appends to it, numbers epochs and iterations on from its last record
	// and returns it. Pass the History an earlier Fit returned to go on
	// training the same network: Epochs and Iterations count what this call
	// adds, a LearningRateScheduler carries on from the epoch (or
	// iteration) where the last call stopped, and plots of the History show
	// one run. Default: nil, a new History numbered from 1.
	History *History
	// Warnings receives warnings about the data that do not stop training,
	// such as inputs far outside the usual range. Default: nil, which
	// writes them to os.Stderr; io.Discard silences them.
	Warnings io.Writer
}

// NewFitConfig returns a configuration for training with loss and opt for 1
// epoch in mini-batches of 32, shuffled from seed 1, as Keras's defaults.
func NewFitConfig(loss nnkit.Loss, opt nnkit.Optimizer) FitConfig {
	return FitConfig{Loss: loss, Optimizer: opt, Epochs: 1, BatchSize: 32, Seed: 1}
}

// Validate checks the configuration and every component that has a Validate
// method.
func (c FitConfig) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("nnkit/model: Fit: "+format, args...))
	}
	if c.Loss == nil {
		add("no Loss; set one such as loss.NewMSE()")
	}
	if c.Optimizer == nil {
		add("no Optimizer; set one such as optim.NewSGD(0.1)")
	}
	if c.Epochs < 0 || c.Iterations < 0 || c.Epochs == 0 && c.Iterations == 0 {
		add("need Epochs > 0 or Iterations > 0 (neither negative), got Epochs=%d Iterations=%d", c.Epochs, c.Iterations)
	}
	if !(c.ClipNorm >= 0) || math.IsInf(c.ClipNorm, 0) || !(c.ClipValue >= 0) || math.IsInf(c.ClipValue, 0) {
		add("ClipNorm and ClipValue must be finite and ≥ 0 (0 turns clipping off), got ClipNorm=%v ClipValue=%v", c.ClipNorm, c.ClipValue)
	}
	if c.BatchSize < 0 {
		add("BatchSize is %d; use FullBatch (0), Online (1) or a mini-batch size", c.BatchSize)
	}
	if !(c.ValidationSplit >= 0 && c.ValidationSplit < 1) {
		add("ValidationSplit must be in [0, 1), got %v", c.ValidationSplit)
	}
	if (c.ValidationX == nil) != (c.ValidationY == nil) {
		add("set both ValidationX and ValidationY or neither")
	}
	if c.ValidationX != nil && c.ValidationSplit > 0 {
		add("set ValidationX/ValidationY or ValidationSplit, not both")
	}
	components := []any{c.Loss, c.Optimizer}
	for _, m := range c.Metrics {
		components = append(components, m)
	}
	for _, cb := range c.Callbacks {
		components = append(components, cb)
	}
	for _, x := range components {
		if v, ok := x.(nnkit.Validator); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// InterruptedError reports training stopped by a cancelled context or an
// interrupt (SIGINT, the notebook's stop button). The network keeps the
// parameters of every step completed, and Fit returns the history so far.
type InterruptedError struct {
	// Epoch and Step are the first step that did not run (from 1).
	Epoch, Step int
	// Err is the context's error: context.Canceled (also on SIGINT) or
	// context.DeadlineExceeded.
	Err error
	// Cause is context.Cause of the context, e.g. "interrupt signal
	// received".
	Cause error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("nnkit/model: training interrupted before epoch %d step %d (%v); the model keeps what it learned and the history so far is returned", e.Epoch, e.Step, e.Cause)
}

// Unwrap returns Err.
func (e *InterruptedError) Unwrap() error { return e.Err }

// Fit trains net on the rows of x with targets y (one row per sample), as
// configured by c, and returns the history. Every step is
//
//	ŷ = net.Forward(x_B, Train);  L = c.Loss.Loss(ŷ, y_B)
//	∇θ ← 0;  net.Backward(c.Loss.Grad(ŷ, y_B));  c.Optimizer.Step(θ)
//
// over a batch B of rows, in full-batch, mini-batch or online mode
// (c.BatchSize). Training stops after c.Epochs epochs or c.Iterations
// steps, when a callback sets Progress.Stop, when ctx is cancelled or the
// process receives SIGINT (the check comes before every step; the error is
// an *InterruptedError), or when the loss becomes NaN or ±Inf (a
// *nnkit.DivergenceError naming the epoch and step). In every case Fit
// returns the history recorded so far, and the network keeps its trained
// parameters. A configuration or data problem returns an error before
// training starts; misuse that only the layers catch (in networks whose
// layers do not implement nnkit.Shaper) panics with an nnkit.Error as they
// do.
//
// Before training, Fit checks the data against the network (for layers that
// implement nnkit.Shaper): x must have the columns the first layer takes,
// and the loss must accept y next to the network's output, so class indices
// given where one-hot rows are needed are reported with the fix
// (data.OneHot) before any step runs. Inputs far outside the usual range
// (|x| > 50 somewhere, e.g. raw pixels 0–255) are trained on, with a
// warning to c.Warnings that says how to scale them. An nnkit.Error panic
// of a layer or the loss during training is re-raised with the epoch and
// step in its message, and a callback's error is returned wrapped with the
// callback, the event, the epoch and the step.
//
// With c.History set, Fit continues that History: see FitConfig.History.
// A learning rate set by hand on the optimizer between two Fit calls holds
// unless a LearningRateScheduler is among the callbacks: the scheduler sets
// the rate before every epoch (or step) and so takes precedence. To continue
// at a new rate, leave the scheduler out or give it a new Schedule.
//
// Fit listens for SIGINT only while it runs (signal.NotifyContext, released
// on return).
func Fit(ctx context.Context, net nnkit.Layer, x, y *mat.Dense, c FitConfig) (*History, error) {
	if net == nil {
		return nil, fmt.Errorf("nnkit/model: Fit: nil network")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if v, ok := net.(nnkit.Validator); ok {
		if err := v.Validate(); err != nil {
			return nil, err
		}
	}
	t, err := newTrainer(net, x, y, c)
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	return t.run(ctx)
}

// trainer holds the state of one Fit call.
type trainer struct {
	c      FitConfig
	net    nnkit.Layer
	params []*nnkit.Param

	x, y   *mat.Dense // training rows
	xv, yv *mat.Dense // validation rows, nil without
	n      int        // training rows
	bs     int        // rows per step
	steps  int        // steps per epoch

	rng    *rand.Rand
	perm   []int
	xb, yb *mat.Dense // full-size batch buffers
	xr, yr *mat.Dense // remainder batch buffers

	hist  *History
	prog  *Progress
	start time.Time
	// epoch0 and iter0 are the last epoch and iteration of the History
	// continued (FitConfig.History), 0 for a new one.
	epoch0, iter0 int

	// Accumulators of the current epoch.
	epochLoss  float64
	epochRows  int
	epochSteps int
	metricSums []float64
}

func newTrainer(net nnkit.Layer, x, y *mat.Dense, c FitConfig) (*trainer, error) {
	if x == nil || y == nil {
		return nil, fmt.Errorf("nnkit/model: Fit: nil x or y")
	}
	n, xc := x.Dims()
	yn, yc := y.Dims()
	if yn != n {
		return nil, fmt.Errorf("nnkit/model: Fit: x has %d rows, y has %d; they need one row per sample (were they taken from different splits or shuffled separately?)", n, yn)
	}
	if err := checkData(net, c.Loss, x, y, "x", "y"); err != nil {
		return nil, fmt.Errorf("nnkit/model: Fit: %w", err)
	}
	t := &trainer{c: c, net: net, params: net.Params(), x: x, y: y, xv: c.ValidationX, yv: c.ValidationY}
	if t.xv != nil {
		vn, _ := t.xv.Dims()
		if vyn, _ := t.yv.Dims(); vyn != vn {
			return nil, fmt.Errorf("nnkit/model: Fit: ValidationX has %d rows, ValidationY has %d; they need one row per sample", vn, vyn)
		}
		if err := checkData(net, c.Loss, t.xv, t.yv, "ValidationX", "ValidationY"); err != nil {
			return nil, fmt.Errorf("nnkit/model: Fit: %w", err)
		}
	}
	if c.ValidationSplit > 0 {
		nTrain := int(float64(n) * (1 - c.ValidationSplit))
		if nTrain == 0 || nTrain == n {
			return nil, fmt.Errorf("nnkit/model: Fit: ValidationSplit %v of %d rows leaves %d for training and %d for validation; both need at least one", c.ValidationSplit, n, nTrain, n-nTrain)
		}
		t.x, t.xv = x.Slice(0, nTrain, 0, xc).(*mat.Dense), x.Slice(nTrain, n, 0, xc).(*mat.Dense)
		t.y, t.yv = y.Slice(0, nTrain, 0, yc).(*mat.Dense), y.Slice(nTrain, n, 0, yc).(*mat.Dense)
		n = nTrain
	}
	t.n = n
	t.bs = c.BatchSize
	if t.bs == FullBatch || t.bs > n {
		t.bs = n
	}
	t.steps = (n + t.bs - 1) / t.bs
	if t.bs < n {
		t.rng = rand.New(rand.NewPCG(c.Seed, c.Seed))
		t.perm = make([]int, n)
		for i := range t.perm {
			t.perm[i] = i
		}
		t.xb, t.yb = mat.NewDense(t.bs, xc, nil), mat.NewDense(t.bs, yc, nil)
		if rem := n % t.bs; rem != 0 {
			t.xr, t.yr = mat.NewDense(rem, xc, nil), mat.NewDense(rem, yc, nil)
		}
	}
	total := c.Iterations
	if total == 0 || c.Epochs > 0 && c.Epochs*t.steps < total {
		total = c.Epochs * t.steps
	}
	t.warnUnscaled()
	if c.History == nil {
		t.hist = &History{Steps: make([]StepRecord, 0, min(total, 1<<14))}
	} else {
		t.hist = c.History
		if k := len(t.hist.Epochs); k > 0 {
			t.epoch0 = t.hist.Epochs[k-1].Epoch
		}
		if k := len(t.hist.Steps); k > 0 {
			t.iter0 = t.hist.Steps[k-1].Iteration
		}
	}
	if c.RecordGradNorms && len(t.hist.ParamNames) == 0 {
		for _, p := range t.params {
			t.hist.ParamNames = append(t.hist.ParamNames, p.Name)
		}
	}
	t.metricSums = make([]float64, len(c.Metrics))
	t.prog = &Progress{
		Epochs: c.Epochs, Steps: t.steps, Iterations: c.Iterations, Iteration: t.iter0,
		ValLoss: math.NaN(), LearningRate: math.NaN(),
		Net: net, Params: t.params, Optimizer: c.Optimizer, History: t.hist,
	}
	if c.Epochs > 0 {
		t.prog.Epochs += t.epoch0
	}
	if c.Iterations > 0 {
		t.prog.Iterations += t.iter0
	}
	return t, nil
}

// unscaledLimit is the magnitude of an input beyond which Fit warns that
// the data look unscaled: standardised features stay within a few units,
// raw pixels reach 255.
const unscaledLimit = 50

// warnUnscaled writes a warning when the training inputs reach beyond
// ±unscaledLimit.
func (t *trainer) warnUnscaled() {
	big, col := 0.0, 0
	n, _ := t.x.Dims()
	for i := range n {
		for j, v := range t.x.RawRowView(i) {
			if math.Abs(v) > big {
				big, col = math.Abs(v), j
			}
		}
	}
	if !(big > unscaledLimit) {
		return
	}
	w := t.c.Warnings
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintf(w, "nnkit/model: Fit: warning: x holds values up to %.4g in magnitude (column %d); networks train best on inputs of order 1: scale them first, e.g. with data.NewStandardize() fitted on the training data, or divide pixels by 255\n", big, col)
}

// call runs every callback for event e.
func (t *trainer) call(e Event) error {
	t.prog.Elapsed = time.Since(t.start)
	for _, cb := range t.c.Callbacks {
		if err := cb.OnEvent(e, t.prog); err != nil {
			return t.where(e, cb, err)
		}
	}
	return nil
}

// where adds to the error of callback cb at event e the epoch and step at
// which it happened; errors before and after training stay as they are.
func (t *trainer) where(e Event, cb Callback, err error) error {
	name := fmt.Sprintf("%T", cb)
	if s, ok := cb.(fmt.Stringer); ok {
		name = s.String()
	}
	switch {
	case e == TrainBegin || e == TrainEnd:
		return err
	case t.prog.Step == 0 || e == EpochEnd:
		return fmt.Errorf("nnkit/model: Fit: callback %s at %v of epoch %d: %w", name, e, t.prog.Epoch, err)
	}
	return fmt.Errorf("nnkit/model: Fit: callback %s at %v of epoch %d step %d: %w", name, e, t.prog.Epoch, t.prog.Step, err)
}

func (t *trainer) run(ctx context.Context) (*History, error) {
	t.start = time.Now()
	err := t.train(ctx)
	t.prog.Err = err
	if endErr := t.call(TrainEnd); endErr != nil {
		err = errors.Join(err, endErr)
	}
	return t.hist, err
}

func (t *trainer) train(ctx context.Context) error {
	p := t.prog
	if err := t.call(TrainBegin); err != nil {
		return err
	}
	for epoch := t.epoch0 + 1; p.Epochs == 0 || epoch <= p.Epochs; epoch++ {
		p.Epoch, p.Step = epoch, 0
		t.epochLoss, t.epochRows, t.epochSteps = 0, 0, 0
		clear(t.metricSums)
		if t.rng != nil {
			t.rng.Shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		}
		if err := t.call(EpochBegin); err != nil {
			return err
		}
		for step := 1; step <= t.steps; step++ {
			if err := ctx.Err(); err != nil {
				t.endEpoch(false)
				return &InterruptedError{Epoch: epoch, Step: step, Err: err, Cause: context.Cause(ctx)}
			}
			p.Step = step
			if err := t.call(StepBegin); err != nil {
				return err
			}
			if err := t.step(); err != nil {
				t.endEpoch(false)
				return err
			}
			if err := t.call(StepEnd); err != nil {
				return err
			}
			if p.Stop || p.Iterations > 0 && p.Iteration >= p.Iterations {
				t.endEpoch(true)
				return t.call(EpochEnd)
			}
		}
		t.endEpoch(true)
		if err := t.call(EpochEnd); err != nil || p.Stop {
			return err
		}
	}
	return nil
}

// batch returns the rows of step p.Step (from 1) of the current epoch.
func (t *trainer) batch() (xb, yb *mat.Dense) {
	if t.rng == nil {
		return t.x, t.y
	}
	lo := (t.prog.Step - 1) * t.bs
	hi := min(lo+t.bs, t.n)
	xb, yb = t.xb, t.yb
	if hi-lo < t.bs {
		xb, yb = t.xr, t.yr
	}
	for i, r := range t.perm[lo:hi] {
		copy(xb.RawRowView(i), t.x.RawRowView(r))
		copy(yb.RawRowView(i), t.y.RawRowView(r))
	}
	return xb, yb
}

// step runs one forward pass, backward pass and optimizer step.
func (t *trainer) step() error {
	defer t.annotatePanic()
	p := t.prog
	xb, yb := t.batch()
	rows, _ := xb.Dims()
	pred := t.net.Forward(xb, nnkit.Train)
	loss := t.c.Loss.Loss(pred, yb)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return &nnkit.DivergenceError{Epoch: p.Epoch, Step: p.Step, Loss: loss}
	}
	for i, m := range t.c.Metrics {
		t.metricSums[i] += m.Score(pred, yb) * float64(rows)
	}
	grad := t.c.Loss.Grad(pred, yb)
	for _, prm := range t.params {
		prm.ZeroGrad()
	}
	if pb, ok := t.net.(nnkit.ParamBackwarder); ok {
		pb.BackwardParams(grad)
	} else {
		t.net.Backward(grad)
	}
	var norms []float64
	if t.c.RecordGradNorms {
		norms = make([]float64, len(t.params))
		for i, prm := range t.params {
			norms[i] = mat.Norm(prm.Grad, 2) // Frobenius norm
		}
	}
	if t.c.ClipValue > 0 {
		optim.ClipValue(t.params, t.c.ClipValue)
	}
	if t.c.ClipNorm > 0 {
		optim.ClipNorm(t.params, t.c.ClipNorm)
	}
	t.c.Optimizer.Step(t.params)
	p.Iteration++
	p.Loss = loss
	t.epochLoss += loss * float64(rows)
	t.epochRows += rows
	t.epochSteps++
	t.hist.Steps = append(t.hist.Steps, StepRecord{
		Epoch: p.Epoch, Step: p.Step, Iteration: p.Iteration,
		Loss: loss, LearningRate: p.LearningRate, GradNorms: norms,
	})
	return nil
}

// annotatePanic re-raises an nnkit.Error panic of a step with the epoch and
// step in its message; other panics go on unchanged.
func (t *trainer) annotatePanic() {
	r := recover()
	if r == nil {
		return
	}
	if e, ok := r.(nnkit.Error); ok {
		nnkit.Panicf("nnkit/model: Fit: epoch %d step %d: %v", t.prog.Epoch, t.prog.Step, e)
	}
	panic(r)
}

// endEpoch appends the record of the current epoch if it ran any step,
// scoring the validation data when validate is set, and fills in the
// epoch's fields of Progress.
func (t *trainer) endEpoch(validate bool) {
	if t.epochSteps == 0 {
		return
	}
	p := t.prog
	rec := EpochRecord{
		Epoch: p.Epoch, Steps: t.epochSteps,
		Loss:    t.epochLoss / float64(t.epochRows),
		Metrics: make(map[string]float64, len(t.c.Metrics)),
		ValLoss: math.NaN(), LearningRate: p.LearningRate,
	}
	for i, m := range t.c.Metrics {
		rec.Metrics[m.Name()] = t.metricSums[i] / float64(t.epochRows)
	}
	if validate && t.xv != nil {
		e := Evaluate(t.net, t.xv, t.yv, t.c.Loss, t.c.Metrics...)
		rec.ValLoss, rec.ValMetrics = e.Loss, e.Metrics
	}
	rec.Elapsed = time.Since(t.start)
	t.hist.Epochs = append(t.hist.Epochs, rec)
	p.Loss, p.Metrics, p.ValLoss, p.ValMetrics = rec.Loss, rec.Metrics, rec.ValLoss, rec.ValMetrics
}
