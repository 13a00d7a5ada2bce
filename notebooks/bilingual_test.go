package notebooks_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	ipynb "github.com/nnbook/nnbook/kernel/notebook"
)

// The chapters are bilingual: every explanation in Japanese first, in the
// polite style (です/ます), and then in English with the same content.
// These limits were calibrated on chapters written that way, whose
// markdown cells have 1.8 to 3.3 Japanese characters per English word; cells
// whose English carried content the Japanese lacked had 0 to 1.27.
const (
	// substantialEnglish is the number of English words from which a cell
	// needs a Japanese counterpart.
	substantialEnglish = 12
	// minJapanesePerWord is the fewest Japanese characters per English word
	// a cell with substantial English must have.
	minJapanesePerWord = 1.3
	// englishParagraph is the number of English words that makes a
	// paragraph without Japanese an English paragraph.
	englishParagraph = 5
)

var (
	fenced      = regexp.MustCompile("(?s)```.*?```")
	displayMath = regexp.MustCompile(`(?s)\$\$.*?\$\$`)
	inlineMath  = regexp.MustCompile(`\$[^$\n]*\$`)
	inlineCode  = regexp.MustCompile("`[^`\n]*`")
	linkTarget  = regexp.MustCompile(`\]\([^)]*\)`)
	latinWord   = regexp.MustCompile(`[A-Za-z]{2,}`)
	// plainStyle matches sentence endings of the plain style (である調).
	plainStyle = regexp.MustCompile(`(である|のだ|[^でま]す?る|[^でま]した?|ない|った)。`)
	// slideArrow matches the lecture slides' "→" notes: an arrow that
	// follows a Japanese sentence instead of prose.
	slideArrow = regexp.MustCompile(`[。）]\s*→|^\s*→`)
)

// prose returns the markdown text without code, mathematics and link
// targets: what is read as language.
func prose(md string) string {
	for _, re := range []*regexp.Regexp{fenced, displayMath, inlineMath, inlineCode, linkTarget} {
		md = re.ReplaceAllString(md, " ")
	}
	return md
}

func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー'
}

func japaneseCount(s string) int {
	n := 0
	for _, r := range s {
		if isJapanese(r) {
			n++
		}
	}
	return n
}

// checkBilingual returns what is wrong with one markdown cell, or nil.
func checkBilingual(md string) []string {
	var problems []string
	text := prose(md)
	english, japanese := 0, japaneseCount(text)
	seenJapanese := false
	for _, para := range strings.Split(text, "\n\n") {
		words := 0
		for _, line := range strings.Split(para, "\n") {
			if japaneseCount(line) == 0 {
				words += len(latinWord.FindAllString(line, -1))
			}
		}
		english += words
		if japaneseCount(para) > 0 {
			seenJapanese = true
		} else if words >= englishParagraph && !seenJapanese {
			problems = append(problems, fmt.Sprintf("English comes before the Japanese: %.60q", strings.TrimSpace(para)))
		}
	}
	if english >= substantialEnglish && float64(japanese) < minJapanesePerWord*float64(english) {
		problems = append(problems, fmt.Sprintf("%d English words but only %d Japanese characters (want ≥ %.1f per word): the Japanese lacks content the English has",
			english, japanese, minJapanesePerWord))
	}
	for _, line := range strings.Split(text, "\n") {
		if japaneseCount(line) == 0 {
			continue
		}
		if m := plainStyle.FindString(line); m != "" {
			problems = append(problems, fmt.Sprintf("plain style %q: write です/ます", m))
		}
		if slideArrow.MatchString(line) {
			problems = append(problems, fmt.Sprintf("slide arrow in %.50q: write the note as a sentence", line))
		}
	}
	return problems
}

// TestBilingual checks every markdown cell of every chapter.
func TestBilingual(t *testing.T) {
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		if path == skipped {
			continue
		}
		nb, err := ipynb.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range nb.Cells {
			if c.Type != "markdown" {
				continue
			}
			for _, p := range checkBilingual(c.Source) {
				t.Errorf("%s cell %d (%s): %s", path, i, c.ID, p)
			}
		}
	}
}

// TestCheckBilingual checks the checker on cells it must accept and cells it
// must reject.
func TestCheckBilingual(t *testing.T) {
	for _, tc := range []struct {
		md   string
		okay bool
	}{
		{"## 勾配 / The gradient\n\n微分した値を勾配といいます。勾配がゼロになるところを探します。\n\nThe derivatives are called the gradient. We look for where it is zero.", true},
		{"# 第1章 / Chapter 1", true},
		{"$$E = \\frac{1}{n}\\sum_i (y_i - t_i)^2$$", true},
		{"With two variables the gradient is a vector, and every step moves against it: across the contour lines, downhill.", false},
		{"勾配です。\n\nWith two variables the gradient is a vector, and every step moves against it: across the contour lines, downhill, to the minimum at the origin.", false},
		{"The derivatives are called the gradient.\n\n微分した値を勾配といいます。勾配がゼロになるところを探します。", false},
		{"微分した値を勾配という。勾配がゼロになるところを探すのである。\n\nThe derivatives are called the gradient.", false},
		{"学習時に勾配を使用するために発生する問題。→ 勾配とは傾きのことです。\n\nThe gradient is a slope.", false},
		{"MLP 64 → 32 → 2 が各画像を 1 点に写します。\n\nAn MLP 64 → 32 → 2 maps each image to a point.", true},
	} {
		if got := checkBilingual(tc.md); (len(got) == 0) != tc.okay {
			t.Errorf("checkBilingual(%.40q) = %q, want okay=%v", tc.md, got, tc.okay)
		}
	}
}
