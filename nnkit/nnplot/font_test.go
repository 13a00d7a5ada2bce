package nnplot_test

import (
	"image/color"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/nnbook/nnbook/nnkit/nnplot"
)

// ink renders s alone with the title style of a plain gonum/plot plot,
// using fnt, and counts the pixels darker than mid-grey.
func ink(t *testing.T, fnt font.Font, s string) int {
	t.Helper()
	p := plot.New() // plain gonum/plot: its style comes from the defaults
	return inkWith(p.Title.TextStyle, fnt, s)
}

// inkWith is ink with the text style sty.
func inkWith(sty text.Style, fnt font.Font, s string) int {
	sty.Font = font.From(fnt, 24)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c := vgimg.NewWith(vgimg.UseWH(4*vg.Inch, vg.Inch), vgimg.UseDPI(100))
	dc := draw.New(c)
	dc.FillText(sty, dc.Center(), s)
	img := c.Image()
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if a > 0x8000 && (r+g+bl)/3 < 0x8000 {
				n++
			}
		}
	}
	return n
}

// TestJapaneseTitleDrawsGlyphs checks that importing nnplot lets plain
// gonum/plot draw Japanese: every character of a Japanese title puts ink on
// the canvas in the default font, where the Liberation font gonum/plot
// ships draws nothing for the same characters.
func TestJapaneseTitleDrawsGlyphs(t *testing.T) {
	if plot.DefaultFont != nnplot.Gothic {
		t.Fatalf("plot.DefaultFont = %v, want nnplot.Gothic", plot.DefaultFont)
	}
	liberation := font.Font{Typeface: "Liberation", Variant: "Sans"}
	for _, r := range "損失曲線日本語タイトルのはがを学習率" {
		s := string(r)
		if n := ink(t, plot.DefaultFont, s); n < 20 {
			t.Errorf("%q draws %d dark pixels in the default font, want a glyph (≥ 20)", s, n)
		}
		plain := text.Style{Color: color.Black, Handler: text.Plain{Fonts: font.DefaultCache}}
		if n := inkWith(plain, liberation, s); n != 0 {
			t.Errorf("control: %q draws %d dark pixels with gonum/plot's text.Plain in Liberation Sans, which has no such glyph", s, n)
		}
	}
	// A mixed title draws more ink than its Latin part alone.
	mixed, latin := ink(t, plot.DefaultFont, "損失曲線 (loss)"), ink(t, plot.DefaultFont, " (loss)")
	if mixed < latin+100 {
		t.Errorf("mixed title draws %d dark pixels, its Latin part %d: the Japanese part is missing", mixed, latin)
	}
}

// TestGothicCoverage checks the embedded subset against its rule: kana, the
// JIS X 0208 kanji of the chapters, Latin-1, Greek and the symbols the
// figures use all have glyphs.
func TestGothicCoverage(t *testing.T) {
	face := font.DefaultCache.Lookup(nnplot.Gothic, 12).Face
	if face == nil {
		t.Fatal("nnplot.Gothic is not in font.DefaultCache")
	}
	var buf sfnt.Buffer
	for _, s := range []string{
		"あいうえおがぱゃっー", "アイウエオヴャッー", // kana
		"損失勾配降下学習率過学習汎化正則化活性化関数重初期化畳込", // kanji of the chapters
		"ABCxyz0123456789()[]{}.,:;%+-=/", "éüßñ×÷±°·", // ASCII, Latin-1
		"αβγδεηθλμσΣ∇∂√∞≈≠∈→←↔¹²³‖", // Greek and symbols
		"「」、。・（）：％～①②③",             // Japanese punctuation
	} {
		for _, r := range s {
			i, err := face.GlyphIndex(&buf, r)
			if err != nil || i == 0 {
				t.Errorf("%q (U+%04X) has no glyph in nnbook Gothic", r, r)
			}
		}
	}
	// Outside the subset rule: a kanji not in JIS X 0208 is absent.
	if i, _ := face.GlyphIndex(&buf, '𠮷'); i != 0 {
		t.Errorf("U+20BB7 has glyph %d: the subset should keep only JIS X 0208 kanji", i)
	}
}

// TestUseFont checks that UseFont refuses a font missing from the cache.
func TestUseFont(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("UseFont of an unknown font did not panic")
		}
	}()
	nnplot.UseFont(font.Font{Typeface: "NoSuchFont"})
}

// TestFallbackGlyphs checks that characters IPAex Gothic lacks, such as the
// subscript of x₁ and ≤, are drawn from Liberation Sans when Gothic is the
// requested font, where gonum/plot's text.Plain draws nothing for them.
func TestFallbackGlyphs(t *testing.T) {
	plain := text.Style{Color: color.Black, Handler: text.Plain{Fonts: font.DefaultCache}}
	for _, s := range []string{"₁₁₁", "₂₂₂", "≤≤≤", "µµµ"} {
		if n := ink(t, nnplot.Gothic, s); n < 20 {
			t.Errorf("%q draws %d dark pixels in Gothic with the default handler, want glyphs from the fallback", s, n)
		}
		if n := inkWith(plain, nnplot.Gothic, s); n != 0 {
			t.Errorf("control: %q draws %d dark pixels with text.Plain in Gothic, which has no such glyph", s, n)
		}
	}
}

// TestTextNotClipped checks that a Japanese title and an x label with
// descenders keep their tops and bottoms in a plain gonum/plot plot: the
// first and the last row of the image stay white.
func TestTextNotClipped(t *testing.T) {
	p := plot.New()
	p.Title.Text = "ソフトマックス損失国「勾配」(Loss)"
	p.Title.TextStyle.Font.Size = 14
	p.X.Label.Text = "花弁の長さ (cm) gjpqy"
	c := vgimg.NewWith(vgimg.UseWH(4*vg.Inch, 3*vg.Inch), vgimg.UseDPI(100))
	p.Draw(draw.New(c))
	img := c.Image()
	b := img.Bounds()
	inked := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return (r+g+bl)/3 < 0xe000
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		for _, y := range []int{b.Min.Y, b.Max.Y - 1} {
			if inked(x, y) {
				t.Fatalf("pixel (%d, %d) on the top or bottom edge is inked: text is cut off", x, y)
			}
		}
	}
}
