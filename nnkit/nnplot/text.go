package nnplot

import (
	"math"
	"strings"
	"sync"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// fallbackText is the text handler of every figure (and, once nnplot is
// imported, gonum/plot's DefaultTextHandler): it draws each character in the
// requested font when that font has a glyph for it, and otherwise in the
// first fallback font that has one. gonum/plot's own text.Plain draws a
// string in a single face, so a character the face lacks disappears
// ("損失 (loss)" in Liberation Sans draws as " (loss)"); IPAex Gothic in turn
// lacks subscripts such as x₁ and symbols such as ≤, which Liberation Sans
// has.
type fallbackText struct {
	fonts    *font.Cache
	fallback []font.Font // tried in order after the requested font
}

// mixedText is the handler nnplot installs: requested font, then Gothic,
// then Liberation Sans.
var mixedText = fallbackText{
	fonts:    font.DefaultCache,
	fallback: []font.Font{Gothic, {Typeface: "Liberation", Variant: "Sans"}},
}

var _ text.Handler = fallbackText{}

// run is a piece of one line drawn in one face.
type run struct {
	face font.Face
	s    string
}

// Cache returns the font cache the handler draws from.
func (h fallbackText) Cache() *font.Cache { return h.fonts }

// Extents returns the extents of the requested font, with the descent
// deep enough for the font's Latin descenders and brackets. IPAex Gothic
// declares a descent of 0.12 em, the bottom of its kanji, while its g, p, y
// and parentheses reach 0.18 em below the baseline: gonum/plot, which
// places an axis label one descent above the bottom of the figure, cut
// them off.
func (h fallbackText) Extents(fnt font.Font) font.Extents {
	face := h.fonts.Lookup(fnt, fnt.Size)
	e := face.Extents()
	if face.Face != nil {
		e.Descent = max(e.Descent, vg.Length(descenderDepth(face.Face))*fnt.Size)
	}
	return e
}

// descenders are the characters whose depth below the baseline text needs
// room for.
const descenders = "gjpqy()[]{}|"

// depths caches descenderDepth by face.
var depths sync.Map // *sfnt.Font → float64

// descenderDepth returns how far below the baseline the deepest of the
// descenders the face has reaches, in em.
func descenderDepth(f *sfnt.Font) float64 {
	if d, ok := depths.Load(f); ok {
		return d.(float64)
	}
	var buf sfnt.Buffer
	ppem := fixed.I(int(f.UnitsPerEm()))
	depth := 0.0
	for _, r := range descenders {
		i, err := f.GlyphIndex(&buf, r)
		if err != nil || i == 0 {
			continue
		}
		b, _, err := f.GlyphBounds(&buf, i, ppem, xfont.HintingNone)
		if err == nil {
			depth = max(depth, float64(b.Max.Y)/float64(ppem)) // y grows downwards
		}
	}
	depths.Store(f, depth)
	return depth
}

// Lines splits txt at newlines, dropping trailing ones.
func (h fallbackText) Lines(txt string) []string {
	return strings.Split(strings.TrimRight(txt, "\n"), "\n")
}

// Box returns the width of one line of text and the ascent and descent of
// the requested font.
func (h fallbackText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	for _, r := range h.runs(txt, fnt) {
		width += r.face.Width(r.s)
	}
	e := h.Extents(fnt)
	return width, e.Ascent, e.Descent
}

// Draw draws txt at pt, aligned and rotated as sty says, every line on the
// baseline of the requested font.
func (h fallbackText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if txt == "" {
		return
	}
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		defer c.Pop()
		c.Rotate(sty.Rotation)
		// pt in the rotated frame: rotate it by -Rotation.
		sin, cos := math.Sincos(sty.Rotation)
		pt = vg.Point{
			X: pt.X*vg.Length(cos) + pt.Y*vg.Length(sin),
			Y: pt.Y*vg.Length(cos) - pt.X*vg.Length(sin),
		}
	}
	e := h.Extents(sty.Font)
	lines := h.Lines(txt)
	// Top of the block, then one line height (the font size) per line.
	top := pt.Y + sty.Height(txt)*vg.Length(sty.YAlign) - e.Ascent + vg.Length(len(lines))*sty.Font.Size
	if sty.YAlign <= text.YTop {
		// gonum/plot draws a plot's title at the top of the figure plus
		// the descent, which suits Liberation's metrics (ascent + descent
		// is 1.12 em) but put the tops of kana and kanji outside the
		// figure with IPAex Gothic's (1 em): top-aligned text starts one
		// descent lower.
		top -= e.Descent
	}
	for i, line := range lines {
		width, _, _ := h.Box(line, sty.Font)
		p := vg.Point{X: pt.X + vg.Length(sty.XAlign)*width, Y: top - vg.Length(i)*sty.Font.Size}
		for _, r := range h.runs(line, sty.Font) {
			c.FillString(r.face, p, r.s)
			p.X += r.face.Width(r.s)
		}
	}
}

// runs splits one line into maximal pieces drawn in the same face.
func (h fallbackText) runs(line string, fnt font.Font) []run {
	faces := []font.Face{h.fonts.Lookup(fnt, fnt.Size)}
	for _, f := range h.fallback {
		f.Weight, f.Style = fnt.Weight, fnt.Style
		faces = append(faces, h.fonts.Lookup(f, fnt.Size))
	}
	var buf sfnt.Buffer
	var runs []run
	start, cur := 0, -1
	for i, r := range line {
		k := 0 // the requested face, also when no face has the glyph
		for j, f := range faces {
			if f.Face == nil {
				continue
			}
			if g, err := f.Face.GlyphIndex(&buf, r); err == nil && g != 0 {
				k = j
				break
			}
		}
		if k != cur && i > start {
			runs = append(runs, run{faces[cur], line[start:i]})
			start = i
		}
		cur = k
	}
	if start < len(line) {
		runs = append(runs, run{faces[cur], line[start:]})
	}
	return runs
}
