package program_test

import "testing"

// TestProfileCells runs the cells of the shared benchmark profile
// (bench/jupyter/profiles/nnbook.json) that this executor supports.
func TestProfileCells(t *testing.T) {
	s := newSession(t)
	tests := []struct{ name, code, stdout string }{
		{"hello", "import \"fmt\"\nfmt.Println(\"hello\")", "hello\n"},
		{"matmul", "import \"fmt\"\nimport \"gonum.org/v1/gonum/mat\"\n\na := mat.NewDense(100, 100, nil)\nb := mat.NewDense(100, 100, nil)\nfor i := 0; i < 100; i++ {\n\tfor j := 0; j < 100; j++ {\n\t\ta.Set(i, j, float64(i+j))\n\t\tb.Set(i, j, float64(i-j))\n\t}\n}\nvar c mat.Dense\nc.Mul(a, b)\nfmt.Println(\"c[99,99] =\", c.At(99, 99))", "c[99,99] = -651750\n"},
		{"plot", "import \"github.com/janpfeifer/gonb/gonbui\"\nimport (\n\t\"bytes\"\n\t\"math\"\n)\nimport (\n\t\"gonum.org/v1/plot\"\n\t\"gonum.org/v1/plot/plotter\"\n\t\"gonum.org/v1/plot/vg\"\n)\n\np := plot.New()\np.Title.Text = \"sin(x)\"\npts := make(plotter.XYs, 200)\nfor i := range pts {\n\tx := float64(i) / 20\n\tpts[i].X, pts[i].Y = x, math.Sin(x)\n}\nline, err := plotter.NewLine(pts)\nif err != nil {\n\tpanic(err)\n}\np.Add(line)\nw, err := p.WriterTo(4*vg.Inch, 3*vg.Inch, \"png\")\nif err != nil {\n\tpanic(err)\n}\nvar buf bytes.Buffer\nif _, err := w.WriteTo(&buf); err != nil {\n\tpanic(err)\n}\ngonbui.DisplayPNG(buf.Bytes())", ""},
	}
	for i, tt := range tests {
		res, rec := execute(t, s, i+1, tt.code)
		if res.Err != nil {
			t.Errorf("%s: %v\n%s", tt.name, res.Err, traceback(res.Err))
		}
		if got := rec.Stdout(); got != tt.stdout {
			t.Errorf("%s: stdout = %q, want %q", tt.name, got, tt.stdout)
		}
	}
}
