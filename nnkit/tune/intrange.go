package tune

import (
	"fmt"
	"math"
	"math/rand/v2"
)

var _ Dimension = IntRange{}

// IntRange is an integer hyperparameter in [Min, Max], both included, such
// as a layer count or a hidden width.
//
// On the Linear scale random search draws each of the n = Max − Min + 1
// integers with probability 1/n. On the Log scale it draws
//
//	v = ⌊exp(a + U·(b − a))⌋,  a = log Min,  b = log(Max + 1),  U ~ Uniform(0, 1)
//
// so P(v) = log((v+1)/v) / (b − a): 16…31 is as likely as 32…63. The grid
// visits every integer.
type IntRange struct {
	// Name is the key of the value in Params, which holds an int.
	Name string
	// Min and Max bound the range, both included; Min < Max, and Min ≥ 1 on
	// the Log scale.
	Min, Max int
	// Scale is Linear (the zero value) or Log.
	Scale Scale
}

// Validate reports a range with no name, bounds out of order or, on the
// log scale, Min < 1.
func (r IntRange) Validate() error {
	return checkRange("IntRange", r.Name, float64(r.Min), float64(r.Max), r.Scale)
}

// String describes the dimension, e.g. "layers ∈ {1, …, 4}".
func (r IntRange) String() string {
	s := fmt.Sprintf("%s ∈ {%d, …, %d}", r.Name, r.Min, r.Max)
	if r.Scale == Log {
		s += " log"
	}
	return s
}

func (r IntRange) key() string { return r.Name }

func (r IntRange) levels() int { return 0 }

func (r IntRange) sample(rnd *rand.Rand) any { return r.decode(rnd.Float64()) }

func (r IntRange) grid(int) []any {
	vs := make([]any, 0, r.Max-r.Min+1)
	for v := r.Min; v <= r.Max; v++ {
		vs = append(vs, v)
	}
	return vs
}

// bounds returns the ends a, b of the unit interval's image: integers v
// cover [v, v+1) on the linear scale and [log v, log(v+1)) on the log scale.
func (r IntRange) bounds() (a, b float64) {
	if r.Scale == Log {
		return math.Log(float64(r.Min)), math.Log(float64(r.Max) + 1)
	}
	return float64(r.Min), float64(r.Max) + 1
}

// encode maps v to the middle of its cell.
func (r IntRange) encode(v any) float64 {
	a, b := r.bounds()
	x := float64(v.(int)) + 0.5
	if r.Scale == Log {
		x = math.Log(x)
	}
	return clamp01((x - a) / (b - a))
}

func (r IntRange) decode(u float64) any {
	a, b := r.bounds()
	x := a + u*(b-a)
	if r.Scale == Log {
		x = math.Exp(x)
	}
	return min(max(int(math.Floor(x)), r.Min), r.Max)
}
