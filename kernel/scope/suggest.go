package scope

import (
	"cmp"
	"go/types"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxSuggestions is how many names a hint offers at most.
const maxSuggestions = 3

// Suggest returns the candidates that name may be a misspelling of: those
// closest to it in edit distance (optimal string alignment: insertions,
// deletions, substitutions and transpositions of adjacent runes, ignoring
// case, so a name equal but for case is closest), provided the distance
// is at most 1 for names of up to 4 runes, 2 up to 8 and 3 beyond, and
// never more than half the name. Candidates at the closest distance are
// ordered by their case-sensitive distance, then alphabetically; at most
// three are returned, never name itself.
func Suggest(name string, candidates []string) []string {
	n := utf8.RuneCountInString(name)
	limit := 1
	switch {
	case n > 8:
		limit = 3
	case n > 4:
		limit = 2
	}
	limit = min(limit, max(1, n/2))
	type scored struct {
		name     string
		d, exact int
	}
	var found []scored
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if c == name || c == "" || c == "_" {
			continue
		}
		d := distance(lower, strings.ToLower(c), limit)
		if d <= limit {
			found = append(found, scored{c, d, distance(name, c, limit+n)})
		}
	}
	slices.SortFunc(found, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.exact, b.exact), strings.Compare(a.name, b.name))
	})
	var out []string
	for _, f := range found {
		if f.d > found[0].d {
			break // only the closest: a near miss says more than a list
		}
		if !slices.Contains(out, f.name) {
			out = append(out, f.name)
		}
		if len(out) == maxSuggestions {
			break
		}
	}
	return out
}

// distance returns the optimal string alignment distance between a and
// b, or limit+1 when it exceeds limit.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Messages of go/types and of the compiler that name what was not found.
var (
	undefinedRE = regexp.MustCompile(`undefined: ([\pL_][\pL\pN_]*)(?:\.([\pL_][\pL\pN_]*))?$`)
	noMemberRE  = regexp.MustCompile(`^(.+)\.([\pL_][\pL\pN_]*) undefined \(type .* has no field or method ([\pL_][\pL\pN_]*)\)$`)
	noFieldRE   = regexp.MustCompile(`^unknown field ([\pL_][\pL\pN_]*) in struct literal of type (.+)$`)
	positionRE  = regexp.MustCompile(`^\S+:\d+(:\d+)?: `)
)

// Suggestions returns the names that the type-checker or compiler
// message msg, about the cell code, may have meant (see [Suggest]):
//
//   - for "undefined: x", the names in scope at the end of the cell;
//   - for "undefined: p.X", the members of the package p names;
//   - for "x.f undefined (type T has no field or method f)", the fields
//     and methods of x's type, when x can be typed;
//   - for "unknown field f in struct literal of type T", the fields of T.
//
// Messages that already suggest a name ("but does have field F") and
// other messages get none. A position before the message
// ("cell[3]:2:5: ") is ignored.
func (s *Snapshot) Suggestions(code, msg string) []string {
	msg = positionRE.ReplaceAllString(strings.TrimSpace(msg), "")
	if strings.Contains(msg, "but does have") {
		return nil
	}
	e := s.newEnv(code)
	if m := noMemberRE.FindStringSubmatch(msg); m != nil && m[2] == m[3] {
		tv, err := e.eval(m[1])
		if err != nil {
			return nil
		}
		var names []string
		for _, obj := range s.selectable(tv.Type, true, tv.IsType()) {
			names = append(names, obj.Name())
		}
		return Suggest(m[2], names)
	}
	if m := noFieldRE.FindStringSubmatch(msg); m != nil {
		// A check may qualify notebook types by the notebook's package.
		t, ok := e.typeOf(strings.TrimPrefix(m[2], s.path+"."))
		if !ok {
			return nil
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		var names []string
		for i := range st.NumFields() {
			names = append(names, st.Field(i).Name())
		}
		return Suggest(m[1], names)
	}
	m := undefinedRE.FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	if m[2] != "" {
		r := e.lookup(m[1], nil)
		if r.path == "" {
			return nil
		}
		var names []string
		for _, it := range s.packageItems(r.path, r.pkg, "") {
			names = append(names, it.Text)
		}
		return Suggest(m[2], names)
	}
	var names []string
	for _, it := range s.bareItems(e, "") {
		if it.Kind != Keyword {
			names = append(names, it.Text)
		}
	}
	return Suggest(m[1], names)
}

// DidYouMean returns the hint for the type-checker or compiler message
// msg about the cell code, such as `did you mean trainRate?` or `did you
// mean Fit or Fits?`; "" when there is no suggestion. Executors append it
// to the error they show. See [Snapshot.Suggestions].
func (s *Snapshot) DidYouMean(code, msg string) string {
	names := s.Suggestions(code, msg)
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "did you mean " + names[0] + "?"
	}
	return "did you mean " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "?"
}
