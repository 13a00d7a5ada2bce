package tune

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var _ Dimension = Choice{}

// Choice is a hyperparameter that takes one of a list of values of any type:
// strings ("relu", "tanh"), ints (batch sizes), floats, or whole configs.
//
// Random search draws each value with probability 1/k for k values. The
// grid visits every value. In the unit cube, value i of k sits at
// (i + ½)/k: the Bayesian searcher treats the list as ordered, so order
// numeric values by size.
type Choice struct {
	// Name is the key of the value in Params.
	Name string
	// Values are the k ≥ 1 values to choose from. Params holds them as given.
	Values []any
}

// Validate reports a Choice with no name or no values.
func (c Choice) Validate() error {
	switch {
	case c.Name == "":
		return fmt.Errorf("nnkit/tune: Choice has no Name")
	case len(c.Values) == 0:
		return fmt.Errorf("nnkit/tune: Choice %q has no Values", c.Name)
	}
	return nil
}

// String describes the dimension, e.g. "act ∈ {relu, tanh}".
func (c Choice) String() string {
	vs := make([]string, len(c.Values))
	for i, v := range c.Values {
		vs[i] = formatValue(v)
	}
	return fmt.Sprintf("%s ∈ {%s}", c.Name, strings.Join(vs, ", "))
}

func (c Choice) key() string { return c.Name }

func (c Choice) levels() int { return len(c.Values) }

func (c Choice) sample(r *rand.Rand) any { return c.Values[r.IntN(len(c.Values))] }

func (c Choice) grid(int) []any { return append([]any(nil), c.Values...) }

// encode finds v among the values (by ==, so comparable values only; an
// unknown value maps to the first).
func (c Choice) encode(v any) float64 {
	k := len(c.Values)
	for i, w := range c.Values {
		if equal(v, w) {
			return (float64(i) + 0.5) / float64(k)
		}
	}
	return 0.5 / float64(k)
}

func (c Choice) decode(u float64) any {
	k := len(c.Values)
	return c.Values[min(int(u*float64(k)), k-1)]
}

// equal compares two values with ==, treating incomparable ones as unequal.
func equal(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}
