package tune

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nnbook/nnbook/nnkit"
)

// Params is one trial's hyperparameters: a value per name of the [Space].
// A [FloatRange] gives a float64, an [IntRange] an int and a [Choice] one
// of its Values as given. The typed getters panic with an [nnkit.Error] when
// the name is missing or the value has another type, as a misspelt name is
// a bug in the objective.
type Params map[string]any

// Float returns the value of name as a float64; an int value is converted.
func (p Params) Float(name string) float64 {
	switch v := p.get("Float", name).(type) {
	case float64:
		return v
	case int:
		return float64(v)
	}
	nnkit.Panicf("nnkit/tune: Params.Float(%q): value %v is a %T, not a number", name, p[name], p[name])
	return 0
}

// Int returns the value of name as an int.
func (p Params) Int(name string) int {
	v, ok := p.get("Int", name).(int)
	if !ok {
		nnkit.Panicf("nnkit/tune: Params.Int(%q): value %v is a %T, not an int", name, p[name], p[name])
	}
	return v
}

// Str returns the value of name as a string (String is taken by the
// printing method).
func (p Params) Str(name string) string {
	v, ok := p.get("Str", name).(string)
	if !ok {
		nnkit.Panicf("nnkit/tune: Params.Str(%q): value %v is a %T, not a string", name, p[name], p[name])
	}
	return v
}

// Value returns the value of name, whatever its type.
func (p Params) Value(name string) any { return p.get("Value", name) }

func (p Params) get(method, name string) any {
	v, ok := p[name]
	if !ok {
		nnkit.Panicf("nnkit/tune: Params.%s(%q): no such hyperparameter; have %s", method, name, strings.Join(p.names(), ", "))
	}
	return v
}

// names returns the names in sorted order.
func (p Params) names() []string {
	names := make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// String prints the values sorted by name, floats to 4 significant digits,
// e.g. "act=relu layers=2 lr=0.001".
func (p Params) String() string {
	parts := make([]string, 0, len(p))
	for _, k := range p.names() {
		parts = append(parts, k+"="+formatValue(p[k]))
	}
	return strings.Join(parts, " ")
}

// formatValue prints floats to 4 significant digits and anything else as %v.
func formatValue(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%.4g", f)
	}
	return fmt.Sprint(v)
}
