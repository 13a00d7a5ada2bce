package tune_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/nnkit"
	"github.com/nnbook/nnbook/nnkit/tune"
)

// TestSampleDistributions checks each dimension's sampling distribution by
// the frequencies of 40 000 draws, against a tolerance of about five
// standard errors.
func TestSampleDistributions(t *testing.T) {
	const n = 40000
	rnd := rand.New(rand.NewPCG(1, 1))
	space := tune.Space{
		tune.FloatRange{Name: "lin", Min: -1, Max: 3},
		tune.FloatRange{Name: "log", Min: 1e-4, Max: 1, Scale: tune.Log},
		tune.IntRange{Name: "int", Min: 2, Max: 5},
		tune.IntRange{Name: "ilog", Min: 1, Max: 7, Scale: tune.Log},
		tune.Choice{Name: "c", Values: []any{"a", 2, 3.5}},
	}
	counts := map[string]map[any]int{}
	add := func(dim string, key any) {
		if counts[dim] == nil {
			counts[dim] = map[any]int{}
		}
		counts[dim][key]++
	}
	for range n {
		p := space.Sample(rnd)
		lin, lg := p.Float("lin"), p.Float("log")
		if lin < -1 || lin > 3 || lg < 1e-4 || lg > 1 {
			t.Fatalf("sample %v out of range", p)
		}
		add("lin", int(lin+1))                       // 4 unit bins
		add("log", int(math.Floor(-math.Log10(lg)))) // 4 decades
		add("int", p.Int("int"))
		add("ilog", p.Int("ilog"))
		add("c", p.Value("c"))
	}
	check := func(dim string, key any, want float64) {
		got := float64(counts[dim][key]) / n
		if se := math.Sqrt(want * (1 - want) / n); math.Abs(got-want) > 5*se {
			t.Errorf("%s: P(%v) = %.4f, want %.4f", dim, key, got, want)
		}
	}
	for k := range 4 {
		check("lin", k, 0.25)
		check("log", k, 0.25)
		check("int", k+2, 0.25)
	}
	// Log-scale integers: P(v) = log((v+1)/v) / log 8 on 1…7.
	for v := 1; v <= 7; v++ {
		check("ilog", v, math.Log(float64(v+1)/float64(v))/math.Log(8))
	}
	for _, v := range []any{"a", 2, 3.5} {
		check("c", v, 1.0/3)
	}
}

func TestParams(t *testing.T) {
	p := tune.Params{"lr": 0.001, "layers": 3, "act": "relu", "w": []int{1}}
	if got := p.Float("lr"); got != 0.001 {
		t.Errorf("Float(lr) = %v", got)
	}
	if got := p.Float("layers"); got != 3 {
		t.Errorf("Float(layers) = %v, want the int converted", got)
	}
	if got := p.Int("layers"); got != 3 {
		t.Errorf("Int(layers) = %v", got)
	}
	if got := p.Str("act"); got != "relu" {
		t.Errorf("Str(act) = %v", got)
	}
	if got, want := p.String(), "act=relu layers=3 lr=0.001 w=[1]"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		name string
		fn   func()
		want string
	}{
		{"missing", func() { p.Float("rate") }, `Params.Float("rate"): no such hyperparameter; have act, layers, lr, w`},
		{"float as int", func() { p.Int("lr") }, `Params.Int("lr"): value 0.001 is a float64, not an int`},
		{"string as float", func() { p.Float("act") }, `Params.Float("act"): value relu is a string, not a number`},
		{"int as string", func() { p.Str("layers") }, `Params.Str("layers"): value 3 is a int, not a string`},
	} {
		err := nnkit.Maybe(tc.fn)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: panic %v, want an nnkit.Error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestDimensionStrings(t *testing.T) {
	space := tune.Space{
		tune.FloatRange{Name: "lr", Min: 1e-4, Max: 0.1, Scale: tune.Log},
		tune.IntRange{Name: "layers", Min: 1, Max: 4},
		tune.Choice{Name: "act", Values: []any{"relu", "tanh"}},
	}
	want := "lr ∈ [0.0001, 0.1] log\nlayers ∈ {1, …, 4}\nact ∈ {relu, tanh}"
	if got := space.String(); got != want {
		t.Errorf("String:\n%s\nwant\n%s", got, want)
	}
}
