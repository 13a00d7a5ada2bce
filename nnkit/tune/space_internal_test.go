package tune

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestEncodeDecode checks that every value a dimension can take maps into
// [0, 1] and back to itself, that decode covers the ends, and that
// encode∘decode is idempotent (the Bayesian searcher snaps points with it).
func TestEncodeDecode(t *testing.T) {
	const tol = 1e-12 // relative, for floats
	dims := []Dimension{
		Choice{Name: "c", Values: []any{"a", 2, 3.5}},
		IntRange{Name: "i", Min: -3, Max: 4},
		IntRange{Name: "il", Min: 1, Max: 1000, Scale: Log},
		FloatRange{Name: "f", Min: -2, Max: 5},
		FloatRange{Name: "fl", Min: 1e-5, Max: 10, Scale: Log},
	}
	rnd := rand.New(rand.NewPCG(1, 1))
	same := func(a, b any) bool {
		fa, okA := a.(float64)
		fb, okB := b.(float64)
		if okA && okB {
			return math.Abs(fa-fb) <= tol*math.Max(1, math.Abs(fa))
		}
		return a == b
	}
	for _, d := range dims {
		values := d.grid(7)
		for range 200 {
			values = append(values, d.sample(rnd))
		}
		for _, v := range values {
			u := d.encode(v)
			if u < 0 || u > 1 {
				t.Errorf("%v: encode(%v) = %v, outside [0, 1]", d, v, u)
			}
			if got := d.decode(u); !same(got, v) {
				t.Errorf("%v: decode(encode(%v)) = %v", d, v, got)
			}
		}
		for _, u := range []float64{0, 0.3, 0.999, 1} {
			once := d.encode(d.decode(u))
			if twice := d.encode(d.decode(once)); math.Abs(twice-once) > tol {
				t.Errorf("%v: snapping %v gives %v, then %v", d, u, once, twice)
			}
		}
	}
	ends := []struct {
		d      Dimension
		lo, hi any
	}{
		{dims[0], "a", 3.5},
		{dims[1], -3, 4},
		{dims[2], 1, 1000},
		{dims[3], -2.0, 5.0},
		{dims[4], 1e-5, 10.0},
	}
	for _, e := range ends {
		if lo, hi := e.d.decode(0), e.d.decode(1); !same(lo, e.lo) || !same(hi, e.hi) {
			t.Errorf("%v: decode(0), decode(1) = %v, %v; want %v, %v", e.d, lo, hi, e.lo, e.hi)
		}
	}
}
