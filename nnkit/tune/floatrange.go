package tune

import (
	"fmt"
	"math"
	"math/rand/v2"
)

var _ Dimension = FloatRange{}

// FloatRange is a real hyperparameter in [Min, Max], such as a learning
// rate or a dropout rate.
//
// Random search draws
//
//	v = Min + U·(Max − Min)                         (Linear: uniform)
//	v = exp(log Min + U·(log Max − log Min))        (Log: log-uniform)
//
// with U ~ Uniform(0, 1). A grid of n points includes both ends and spaces
// the points equally on the range's scale.
type FloatRange struct {
	// Name is the key of the value in Params, which holds a float64.
	Name string
	// Min and Max bound the range; Min < Max, and Min > 0 on the Log scale.
	Min, Max float64
	// Scale is Linear (the zero value) or Log.
	Scale Scale
}

// Validate reports a range with no name, bounds out of order or, on the
// log scale, a bound that is not positive.
func (r FloatRange) Validate() error {
	return checkRange("FloatRange", r.Name, r.Min, r.Max, r.Scale)
}

// String describes the dimension, e.g. "lr ∈ [0.0001, 0.1] log".
func (r FloatRange) String() string {
	s := fmt.Sprintf("%s ∈ [%g, %g]", r.Name, r.Min, r.Max)
	if r.Scale == Log {
		s += " log"
	}
	return s
}

func (r FloatRange) key() string { return r.Name }

func (r FloatRange) levels() int { return 0 }

func (r FloatRange) sample(rnd *rand.Rand) any { return r.decode(rnd.Float64()) }

func (r FloatRange) grid(points int) []any {
	if points == 1 {
		return []any{r.decode(0.5)}
	}
	vs := make([]any, points)
	for i := range vs {
		vs[i] = r.decode(float64(i) / float64(points-1))
	}
	return vs
}

func (r FloatRange) encode(v any) float64 {
	x, lo, hi := v.(float64), r.Min, r.Max
	if r.Scale == Log {
		x, lo, hi = math.Log(x), math.Log(lo), math.Log(hi)
	}
	return clamp01((x - lo) / (hi - lo))
}

// decode returns Min at u = 0 and Max at u = 1 exactly.
func (r FloatRange) decode(u float64) any {
	switch u {
	case 0:
		return r.Min
	case 1:
		return r.Max
	}
	if r.Scale == Log {
		return r.Min * math.Pow(r.Max/r.Min, u) // exp(log Min + u·(log Max − log Min))
	}
	return r.Min + u*(r.Max-r.Min)
}
