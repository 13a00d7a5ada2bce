package notebook

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel/program"
)

// sessionCells is a notebook for the real executor: text, a gonum/plot PNG
// shown through gonbui, an HTML progress line updated in place, input
// through gonbui.RequestInput and through a plain read of stdin, and a
// failing cell, after which nothing runs.
var sessionCells = []string{
	`fmt.Println("hello")`,
	`import (
	"bytes"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

p := plot.New()
p.Title.Text = "squares"
line, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 2, Y: 4}})
if err != nil {
	panic(err)
}
p.Add(line)
w, err := p.WriterTo(4*vg.Inch, 3*vg.Inch, "png")
if err != nil {
	panic(err)
}
var buf bytes.Buffer
if _, err := w.WriteTo(&buf); err != nil {
	panic(err)
}
gonbui.DisplayPng(buf.Bytes())
gonbui.Sync()`,
	`for i := 1; i <= 3; i++ {
	gonbui.UpdateHTML("progress", fmt.Sprintf("step %d/3", i))
}
gonbui.DisplayHTML("<b>done</b>")
gonbui.Sync()`,
	`gonbui.RequestInput("name? ", false)
var name string
fmt.Scanln(&name)
fmt.Println("hi", name)`,
	`var answer string
fmt.Scanln(&answer)
fmt.Println("got", answer)`,
	`var broken int = "text"`,
	`fmt.Println("not reached")`,
}

// TestRunSession runs sessionCells through program.Session: real programs
// talking to the kernel through gonbui's pipes.
func TestRunSession(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cell programs; skipped with -short")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files [2][]byte
	for run := range files {
		nb := &Notebook{Cells: []*Cell{{Type: "markdown", Source: "# Session"}}}
		for _, src := range sessionCells {
			nb.Cells = append(nb.Cells, &Cell{Type: "code", Source: src})
		}
		sess, err := program.NewSession(program.Config{ProjectDir: root})
		if err != nil {
			t.Fatal(err)
		}
		answers := []string{"Ada", "Bob"}
		var prompts []string
		r := &Runner{Executor: sess, Input: func(_ context.Context, prompt string, _ bool) (string, error) {
			prompts = append(prompts, prompt)
			a := answers[0]
			answers = answers[1:]
			return a, nil
		}}
		runErr := r.Run(context.Background(), nb)
		if err := sess.Close(); err != nil {
			t.Error(err)
		}
		var ce *CellError
		if !errors.As(runErr, &ce) || ce.Index != 6 || ce.Err.Name != "CompileError" {
			t.Fatalf("Run = %v, want a CompileError in cell 6", runErr)
		}
		if want := []string{"name? ", ""}; !reflect.DeepEqual(prompts, want) {
			t.Errorf("input prompts %q, want %q", prompts, want)
		}
		checkSessionOutputs(t, nb)
		path := filepath.Join(dir, "session.ipynb")
		if err := WriteFile(path, nb); err != nil {
			t.Fatal(err)
		}
		if files[run], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			if got := jupyterWrite(t, path); got != string(files[run]) {
				t.Errorf("nbformat writes the executed notebook differently:\n%s\n--- ours\n%s", got, files[run])
			}
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("two runs wrote different files:\n%s\n---\n%s", files[0], files[1])
	}
}

func checkSessionOutputs(t *testing.T, nb *Notebook) {
	t.Helper()
	outs := func(i int) []Output { return nb.Cells[i].Outputs }
	if got, want := outs(1), []Output{stream("stdout", "hello\n")}; !reflect.DeepEqual(got, want) {
		t.Errorf("text cell: %+v, want %+v", got, want)
	}
	if o := outs(2); len(o) != 1 || o[0].Type != "display_data" {
		t.Errorf("plot cell: %+v, want one display_data", o)
	} else {
		b, err := base64.StdEncoding.DecodeString(o[0].Data["image/png"].(string))
		if err != nil {
			t.Fatalf("plot cell: image/png is not base64: %v", err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		// gonum/plot renders PNG at 96 dpi: 4×3 inches are 384×288 pixels.
		if err != nil || cfg.Width != 384 || cfg.Height != 288 {
			t.Errorf("plot cell: PNG %dx%d (%v), want 384x288", cfg.Width, cfg.Height, err)
		}
	}
	if got, want := outs(3), []Output{html("step 3/3"), html("<b>done</b>")}; !reflect.DeepEqual(got, want) {
		t.Errorf("progress cell: %+v, want %+v", got, want)
	}
	if got, want := outs(4), []Output{stream("stdout", "hi Ada\n")}; !reflect.DeepEqual(got, want) {
		t.Errorf("RequestInput cell: %+v, want %+v", got, want)
	}
	if got, want := outs(5), []Output{stream("stdout", "got Bob\n")}; !reflect.DeepEqual(got, want) {
		t.Errorf("stdin cell: %+v, want %+v", got, want)
	}
	if o := outs(6); len(o) != 1 || o[0].Type != "error" || !strings.Contains(o[0].EValue, "cannot use") {
		t.Errorf("failing cell: %+v, want one CompileError output", o)
	}
	if c := nb.Cells[7]; c.ExecutionCount != 0 || len(c.Outputs) != 0 {
		t.Errorf("cell after the error ran: %+v", c)
	}
}
