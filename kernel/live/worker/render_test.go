package main

import (
	"encoding/base64"
	"errors"
	"testing"
)

// dense is a row-major matrix with the method set of gonum's mat.Matrix.
type dense struct {
	r, c int
	data []float64
}

func (d dense) Dims() (r, c int)    { return d.r, d.c }
func (d dense) At(i, j int) float64 { return d.data[i*d.c+j] }
func (d dense) String() string      { return "dense" }
func seq(r, c int) dense {
	d := dense{r, c, make([]float64, r*c)}
	for i := range d.data {
		d.data[i] = float64(i)
	}
	return d
}

type rich struct{}

func (rich) HTML() string     { return "<b>rich</b>" }
func (rich) Markdown() string { return "**rich**" }
func (rich) PNG() []byte      { return []byte{0x89, 'P', 'N', 'G'} }
func (rich) SVG() string      { return "<svg/>" }

func TestRender(t *testing.T) {
	var nilRich *rich
	tests := []struct {
		name string
		v    any
		want map[string]any
	}{
		{"int", 42, map[string]any{"text/plain": "42"}},
		{"string quoted", "a\tb", map[string]any{"text/plain": `"a\tb"`}},
		{"error", errors.New("no data"), map[string]any{"text/plain": "error: no data"}},
		{"nil interface", nil, nil},
		{"nil pointer with methods", nilRich, map[string]any{"text/plain": "<nil>"}},
		{"rich", rich{}, map[string]any{
			"text/plain":    "{}",
			"text/html":     "<b>rich</b>",
			"text/markdown": "**rich**",
			"image/png":     base64.StdEncoding.EncodeToString([]byte{0x89, 'P', 'N', 'G'}),
			"image/svg+xml": "<svg/>",
		}},
		{"row", seq(1, 3), map[string]any{
			"text/plain": "1×3\n[0  1  2]",
			"text/html":  "<table><caption>1×3</caption>\n<tr><td>0</td><td>1</td><td>2</td></tr>\n</table>",
		}},
		{"matrix", seq(3, 2), map[string]any{
			"text/plain": "3×2\n⎡0  1⎤\n⎢2  3⎥\n⎣4  5⎦",
			"text/html": "<table><caption>3×2</caption>\n<tr><td>0</td><td>1</td></tr>\n" +
				"<tr><td>2</td><td>3</td></tr>\n<tr><td>4</td><td>5</td></tr>\n</table>",
		}},
	}
	for _, tt := range tests {
		got := render(tt.v)
		if (got == nil) != (tt.want == nil) || len(got) != len(tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s: %s: got %q, want %q", tt.name, k, got[k], v)
			}
		}
	}
}

// TestRenderLargeMatrix checks that a 60 000 × 784 matrix shows its
// corners with the middle elided.
func TestRenderLargeMatrix(t *testing.T) {
	m := dense{60000, 784, make([]float64, 60000*784)}
	m.data[0], m.data[len(m.data)-1] = 1.5, -2
	text, _ := matrixText(m)
	want := "60000×784\n" +
		"⎡1.5  0  0  0  ⋯  0  0  0   0⎤\n" +
		"⎢  0  0  0  0  ⋯  0  0  0   0⎥\n" +
		"⎢  0  0  0  0  ⋯  0  0  0   0⎥\n" +
		"⎢  0  0  0  0  ⋯  0  0  0   0⎥\n" +
		"⎢  ⋮  ⋮  ⋮  ⋮  ⋮  ⋮  ⋮  ⋮   ⋮⎥\n" +
		"⎢  0  0  0  0  ⋯  0  0  0   0⎥\n" +
		"⎢  0  0  0  0  ⋯  0  0  0   0⎥\n" +
		"⎢  0  0  0  0  ⋯  0  0  0   0⎥\n" +
		"⎣  0  0  0  0  ⋯  0  0  0  -2⎦"
	if text != want {
		t.Errorf("got\n%s\nwant\n%s", text, want)
	}
}
