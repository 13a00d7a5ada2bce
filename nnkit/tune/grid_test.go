package tune_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/nnbook/nnbook/nnkit/tune"
)

func TestGridVisitsEveryCombination(t *testing.T) {
	space := tune.Space{
		tune.Choice{Name: "act", Values: []any{"relu", "tanh", "sigmoid"}},
		tune.IntRange{Name: "layers", Min: 1, Max: 4},
		tune.FloatRange{Name: "lr", Min: 1e-4, Max: 1, Scale: tune.Log},
		tune.FloatRange{Name: "dropout", Min: 0, Max: 0.5},
	}
	const points = 5
	want := 3 * 4 * points * points
	for _, g := range []tune.Grid{{Points: points}, {Points: points, Shuffle: true}} {
		seen := map[string]int{}
		r, err := g.Search(context.Background(), space, func(_ context.Context, p tune.Params) (float64, error) {
			return 0, nil
		}, tune.Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Trials) != want {
			t.Errorf("%v: %d trials, want 3·4·5·5 = %d", g, len(r.Trials), want)
		}
		for _, tr := range r.Trials {
			seen[tr.Params.String()]++
		}
		if len(seen) != want {
			t.Errorf("%v: %d distinct combinations, want %d", g, len(seen), want)
		}
		lrs, drops := map[float64]bool{}, map[float64]bool{}
		for _, tr := range r.Trials {
			lrs[tr.Params.Float("lr")] = true
			drops[tr.Params.Float("dropout")] = true
		}
		const tol = 1e-14                                         // relative
		for _, lr := range []float64{1e-4, 1e-3, 1e-2, 1e-1, 1} { // equal factors on the log scale
			found := false
			for got := range lrs {
				found = found || math.Abs(got-lr) <= tol*lr
			}
			if !found {
				t.Errorf("%v: learning rate %g not on the grid %v", g, lr, lrs)
			}
		}
		for _, d := range []float64{0, 0.125, 0.25, 0.375, 0.5} {
			if !drops[d] {
				t.Errorf("%v: dropout %g not on the grid %v", g, d, drops)
			}
		}
	}
}

// The unshuffled grid varies the last dimension fastest.
func TestGridOrder(t *testing.T) {
	space := tune.Space{
		tune.Choice{Name: "a", Values: []any{"x", "y"}},
		tune.IntRange{Name: "b", Min: 1, Max: 3},
	}
	r, err := tune.NewGrid(1).Search(context.Background(), space, func(context.Context, tune.Params) (float64, error) { return 0, nil }, tune.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tr := range r.Trials {
		got = append(got, fmt.Sprintf("%v%v", tr.Params.Value("a"), tr.Params.Int("b")))
	}
	if want := []string{"x1", "x2", "x3", "y1", "y2", "y3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
