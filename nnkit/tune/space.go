package tune

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Scale says how a range is spread: evenly, or evenly in the logarithm.
type Scale int

const (
	// Linear spreads values evenly between Min and Max: random search
	// samples them uniformly and the grid spaces them equally.
	Linear Scale = iota
	// Log spreads values evenly in log(value): random search samples them
	// log-uniformly, so 1e-4…1e-3 is as likely as 1e-2…1e-1, and the grid
	// spaces them by equal factors. Min must be positive. Learning rates and
	// weight decays are searched on this scale.
	Log
)

// String returns "linear" or "log".
func (s Scale) String() string {
	switch s {
	case Linear:
		return "linear"
	case Log:
		return "log"
	}
	return fmt.Sprintf("Scale(%d)", int(s))
}

// Dimension is one named hyperparameter and the values it may take:
// a [Choice], an [IntRange] or a [FloatRange].
//
// Every dimension maps its values to the unit interval [0, 1] and back (on
// the log scale for Log ranges, by index for a Choice); the Bayesian and
// genetic searchers work in that unit cube.
type Dimension interface {
	// Validate reports a badly formed dimension.
	Validate() error
	// String describes the dimension, e.g. "lr ∈ [0.0001, 0.1] log".
	String() string

	// key returns the name.
	key() string
	// levels returns the number of distinct values of a discrete dimension
	// with no order (a Choice), 0 otherwise.
	levels() int
	// sample draws a value from the dimension's distribution.
	sample(r *rand.Rand) any
	// grid returns the values a grid search visits; points is the number
	// of grid points for a continuous range.
	grid(points int) []any
	// encode maps a value of the dimension into [0, 1].
	encode(v any) float64
	// decode maps u in [0, 1] to a value of the dimension.
	decode(u float64) any
}

// Space is the set of hyperparameters a search explores, in the order
// tables print them.
type Space []Dimension

// Validate reports an empty space, a repeated or empty name, or a badly
// formed dimension.
func (s Space) Validate() error {
	if len(s) == 0 {
		return errors.New("nnkit/tune: empty search space; add a Choice, IntRange or FloatRange")
	}
	var errs []error
	seen := map[string]bool{}
	for i, d := range s {
		if d == nil {
			errs = append(errs, fmt.Errorf("nnkit/tune: dimension %d of the space is nil", i))
			continue
		}
		if err := d.Validate(); err != nil {
			errs = append(errs, err)
		}
		if seen[d.key()] {
			errs = append(errs, fmt.Errorf("nnkit/tune: hyperparameter %q appears twice in the space; give each a unique name", d.key()))
		}
		seen[d.key()] = true
	}
	return errors.Join(errs...)
}

// Names returns the hyperparameter names in order.
func (s Space) Names() []string {
	names := make([]string, len(s))
	for i, d := range s {
		names[i] = d.key()
	}
	return names
}

// Sample draws one parameter set, each value from its dimension's
// distribution.
func (s Space) Sample(r *rand.Rand) Params {
	p := make(Params, len(s))
	for _, d := range s {
		p[d.key()] = d.sample(r)
	}
	return p
}

// String lists the dimensions, one per line.
func (s Space) String() string {
	lines := make([]string, len(s))
	for i, d := range s {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// encode maps p into the unit cube, one coordinate per dimension.
func (s Space) encode(p Params) []float64 {
	u := make([]float64, len(s))
	for i, d := range s {
		u[i] = d.encode(p[d.key()])
	}
	return u
}

// decode maps a point of the unit cube to a parameter set; coordinates
// outside [0, 1] are clamped.
func (s Space) decode(u []float64) Params {
	p := make(Params, len(s))
	for i, d := range s {
		p[d.key()] = d.decode(clamp01(u[i]))
	}
	return p
}

// clamp01 returns u limited to [0, 1].
func clamp01(u float64) float64 { return math.Min(1, math.Max(0, u)) }

// checkRange reports a range whose bounds are out of order or, on the log
// scale, not positive.
func checkRange(kind, name string, lo, hi float64, scale Scale) error {
	switch {
	case name == "":
		return fmt.Errorf("nnkit/tune: %s has no Name", kind)
	case !(lo < hi):
		return fmt.Errorf("nnkit/tune: %s %q: Min must be less than Max, got [%v, %v]", kind, name, lo, hi)
	case scale != Linear && scale != Log:
		return fmt.Errorf("nnkit/tune: %s %q: unknown %v; use Linear or Log", kind, name, scale)
	case scale == Log && lo <= 0:
		return fmt.Errorf("nnkit/tune: %s %q: a Log range needs Min > 0, got %v", kind, name, lo)
	}
	return nil
}
