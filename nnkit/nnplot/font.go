package nnplot

import (
	_ "embed"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"

	"github.com/nnbook/nnbook/nnkit"
)

// gothicTTF is nnbook Gothic, a subset of IPAex Gothic (IPA Font License
// v1.0; see fonts/README.md): Japanese kana and the JIS X 0208 kanji
// alongside Latin, Greek and mathematical symbols, so one face draws mixed
// Japanese and English text. gonum/plot draws a string in a single face,
// with no fallback, which is why the Latin glyphs come from the same font.
//
//go:embed fonts/nnbookgothic.ttf
var gothicTTF []byte

// Gothic is the font of all nnplot text. Importing nnplot adds it to
// gonum/plot's font cache (font.DefaultCache), makes it plot.DefaultFont
// and makes plot.DefaultTextHandler a handler that draws a character missing
// from the requested font in Gothic or else Liberation Sans (subscripts such
// as x₁), so plots made with plain gonum/plot after the import can be
// labelled in Japanese too.
var Gothic = font.Font{Typeface: "nnbook", Variant: "Gothic"}

// sans is the typeface of all nnplot text: Gothic unless [UseFont] chose
// another.
var sans = Gothic

func init() {
	face, err := opentype.Parse(gothicTTF)
	if err != nil {
		// The font is embedded: a parse error means a broken build.
		panic("nnplot: embedded font: " + err.Error())
	}
	font.DefaultCache.Add(font.Collection{{Font: Gothic, Face: face}})
	plot.DefaultFont = Gothic
	plot.DefaultTextHandler = mixedText
}

// UseFont makes f, which must be in font.DefaultCache, the font of all
// figures made afterwards, nnplot's and plain gonum/plot's: use it for
// another face, such as the original IPAex Gothic (fonts/README.md shows
// how) or a font with glyphs the embedded subset lacks.
func UseFont(f font.Font) {
	if !font.DefaultCache.Has(f) {
		nnkit.Panicf("nnplot: UseFont: font %q is not in font.DefaultCache; add it with font.DefaultCache.Add first", f.Name())
	}
	f.Size = 0
	sans = f
	plot.DefaultFont = f
}
