package nnplot

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is anything that draws itself on a canvas: a *plot.Plot or a *Grid.
type Figure interface {
	Draw(c draw.Canvas)
}

// Sizer is implemented by figures that have a natural size, such as a [Grid]
// of images; a [Renderer] with zero Width and Height uses it.
type Sizer interface {
	Size() (width, height vg.Length)
}

// Default size and resolution of rendered figures: 640×420 pixels, close to
// what matplotlib shows inline.
const (
	DefaultWidth  = 6.4 * vg.Inch
	DefaultHeight = 4.2 * vg.Inch
	DefaultDPI    = 100
)

// Renderer turns figures into PNG or SVG images of a given size.
// The zero value renders at the figure's natural size (see [Sizer]), or else
// at DefaultWidth×DefaultHeight, and at DefaultDPI.
type Renderer struct {
	// Width and Height of the image. Zero means the figure's own size, or the
	// default size for a *plot.Plot. When only one is zero it is derived from
	// the other with the figure's (or the default) aspect ratio.
	Width, Height vg.Length
	// DPI is the resolution of PNG images in dots per inch. Zero means
	// DefaultDPI. Show asks the notebook to display the image as large as at
	// DefaultDPI whatever the DPI, so 200 gives sharp figures on
	// high-resolution screens.
	DPI int
}

// size returns the width and height to draw f at.
func (r Renderer) size(f Figure) (w, h vg.Length) {
	dw, dh := DefaultWidth, DefaultHeight
	if s, ok := f.(Sizer); ok {
		dw, dh = s.Size()
	}
	switch {
	case r.Width == 0 && r.Height == 0:
		return dw, dh
	case r.Width == 0:
		return r.Height * dw / dh, r.Height
	case r.Height == 0:
		return r.Width, r.Width * dh / dw
	}
	return r.Width, r.Height
}

func (r Renderer) dpi() int {
	if r.DPI == 0 {
		return DefaultDPI
	}
	return r.DPI
}

// WritePNG draws f and writes it to w as a PNG image.
func (r Renderer) WritePNG(w io.Writer, f Figure) error {
	if r.DPI < 0 {
		return fmt.Errorf("nnplot: DPI is %d, want a positive number (or 0 for %d)", r.DPI, DefaultDPI)
	}
	width, height := r.size(f)
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(r.dpi()))
	f.Draw(draw.New(c))
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("nnplot: write PNG: %w", err)
	}
	return nil
}

// WriteSVG draws f and writes it to w as an SVG document.
func (r Renderer) WriteSVG(w io.Writer, f Figure) error {
	width, height := r.size(f)
	c := vgsvg.New(width, height)
	f.Draw(draw.New(c))
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("nnplot: write SVG: %w", err)
	}
	return nil
}

// PNG returns f as a PNG image.
func (r Renderer) PNG(f Figure) ([]byte, error) {
	var b bytes.Buffer
	err := r.WritePNG(&b, f)
	return b.Bytes(), err
}

// SVG returns f as an SVG document.
func (r Renderer) SVG(f Figure) ([]byte, error) {
	var b bytes.Buffer
	err := r.WriteSVG(&b, f)
	return b.Bytes(), err
}

// Save writes f to the named file as PNG or SVG, chosen by the extension
// (.png or .svg).
func (r Renderer) Save(name string, f Figure) (err error) {
	var write func(io.Writer, Figure) error
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".png":
		write = r.WritePNG
	case ".svg":
		write = r.WriteSVG
	default:
		return fmt.Errorf("nnplot: save %s: extension %q is not .png or .svg", name, ext)
	}
	file, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("nnplot: save: %w", err)
	}
	defer func() {
		if cerr := file.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("nnplot: save: %w", cerr)
		}
	}()
	return write(file, f)
}

// Show displays f as a PNG image in the notebook running the cell, and
// returns once the kernel has it, so that what the cell prints afterwards
// shows after the figure. Outside a notebook it prints one line naming the
// figure to standard output instead.
func (r Renderer) Show(f Figure) error {
	if !gonbui.IsNotebook {
		return r.describe(f)
	}
	b, err := r.PNG(f)
	if err != nil {
		return err
	}
	w, h := r.size(f)
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMEImagePNG:  b,
			protocol.MIMETextPlain: r.line(f),
		},
		// The notebook shows the image as large as at DefaultDPI whatever
		// its DPI, as matplotlib's "retina" figures: more pixels, same size.
		Metadata: map[string]any{
			string(protocol.MIMEImagePNG): map[string]int{
				"width":  int(float64(w/vg.Inch)*DefaultDPI + 0.5),
				"height": int(float64(h/vg.Inch)*DefaultDPI + 0.5),
			},
		},
	})
	gonbui.Sync() // the kernel has the figure before the cell prints on
	return gonbui.Error()
}

// ShowSVG displays f as an SVG image in the notebook running the cell, and
// returns once the kernel has it, as [Renderer.Show] does. Outside a
// notebook it prints one line naming the figure instead.
func (r Renderer) ShowSVG(f Figure) error {
	if !gonbui.IsNotebook {
		return r.describe(f)
	}
	b, err := r.SVG(f)
	if err != nil {
		return err
	}
	gonbui.DisplaySvg(string(b))
	gonbui.Sync() // the kernel has the figure before the cell prints on
	return gonbui.Error()
}

// line is the text stand-in of f: its title and size.
func (r Renderer) line(f Figure) string {
	w, h := r.size(f)
	title := "figure"
	if t := Title(f); t != "" {
		title = fmt.Sprintf("figure %q", t)
	}
	return fmt.Sprintf("[%s, %.1f×%.1f in]", title, float64(w/vg.Inch), float64(h/vg.Inch))
}

func (r Renderer) describe(f Figure) error {
	_, err := fmt.Println(r.line(f) + " (not in a notebook: use nnplot.Save to write it to a file)")
	return err
}

// Title returns the title of a *plot.Plot or a *Grid, or "" for other
// figures.
func Title(f Figure) string {
	switch f := f.(type) {
	case *plot.Plot:
		return f.Title.Text
	case *Grid:
		return f.Title
	}
	return ""
}

// PNG renders f with the zero [Renderer]: at its natural or the default size,
// at DefaultDPI.
func PNG(f Figure) ([]byte, error) { return Renderer{}.PNG(f) }

// SVG renders f as SVG with the zero [Renderer].
func SVG(f Figure) ([]byte, error) { return Renderer{}.SVG(f) }

// Save writes f to a .png or .svg file with the zero [Renderer].
func Save(name string, f Figure) error { return Renderer{}.Save(name, f) }

// Show displays f in the notebook with the zero [Renderer].
func Show(f Figure) error { return Renderer{}.Show(f) }

// ShowSVG displays f as SVG in the notebook with the zero [Renderer].
func ShowSVG(f Figure) error { return Renderer{}.ShowSVG(f) }
