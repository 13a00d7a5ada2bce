package kernel

import (
	"fmt"
	"regexp"
	"strings"
)

// historySession is the session number the kernel's history reports for the
// running session; the history lives in memory, so no other session has any.
const historySession = 1

// history is the in-memory input history of the session, oldest first.
type history struct {
	session int
	entries []historyEntry
}

// historyEntry is one executed cell.
type historyEntry struct {
	line   int    // the execution count
	input  string // the cell's code
	output any    // text/plain of the execute_result, or nil
}

// historyQuery is the content of a history_request.
type historyQuery struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// add records one executed cell.
func (h *history) add(line int, input string, output any) {
	h.entries = append(h.entries, historyEntry{line: line, input: input, output: output})
}

// query answers q with [session, line, input] triples, or [session, line,
// [input, output]] when q.Output is set, as IPython's history manager does:
//
//   - "tail": the last N entries.
//   - "range": entries of q.Session (0 or negative counts back from the
//     running session, which alone has entries) with Start ≤ line < Stop;
//     Stop ≤ 0 means no upper bound.
//   - "search": entries whose whole input matches the glob q.Pattern ('*',
//     '?', '[…]'), the last N of them when N > 0, and only the last of
//     equal inputs when Unique.
func (h *history) query(q historyQuery) ([][]any, error) {
	var picked []historyEntry
	switch q.HistAccessType {
	case "tail":
		picked = lastN(h.entries, q.N)
	case "range":
		session := q.Session
		if session <= 0 {
			session += h.session
		}
		if session != h.session {
			break
		}
		for _, e := range h.entries {
			if e.line >= q.Start && (q.Stop <= 0 || e.line < q.Stop) {
				picked = append(picked, e)
			}
		}
	case "search":
		re, err := globRegexp(q.Pattern)
		if err != nil {
			return nil, err
		}
		for _, e := range h.entries {
			if re.MatchString(e.input) {
				picked = append(picked, e)
			}
		}
		if q.Unique {
			picked = lastOfEqualInputs(picked)
		}
		picked = lastN(picked, q.N)
	}
	out := make([][]any, 0, len(picked))
	for _, e := range picked {
		var v any = e.input
		if q.Output {
			v = []any{e.input, e.output}
		}
		out = append(out, []any{h.session, e.line, v})
	}
	return out, nil
}

// lastN returns the last n entries, or all when n ≤ 0 or n exceeds them.
func lastN(entries []historyEntry, n int) []historyEntry {
	if n <= 0 || n >= len(entries) {
		return entries
	}
	return entries[len(entries)-n:]
}

// lastOfEqualInputs keeps, for each distinct input, only its last entry, in
// the order of those last entries.
func lastOfEqualInputs(entries []historyEntry) []historyEntry {
	last := make(map[string]int, len(entries))
	for i, e := range entries {
		last[e.input] = i
	}
	var out []historyEntry
	for i, e := range entries {
		if last[e.input] == i {
			out = append(out, e)
		}
	}
	return out
}

// globRegexp compiles a glob ('*' any run, '?' one character, '[…]' a class,
// '[!…]' or '[^…]' a negated class) into a regexp that matches whole strings,
// newlines included. An empty pattern matches everything.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			end := classEnd(rs, i)
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := rs[i+1 : end]
			b.WriteByte('[')
			if class[0] == '!' || class[0] == '^' {
				b.WriteByte('^')
				class = class[1:]
			}
			for _, r := range class {
				if r == '\\' || r == '[' || r == ']' || r == '^' {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
			b.WriteByte(']')
			i = end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("kernel: history search pattern %q is not a valid glob: %w", pattern, err)
	}
	return re, nil
}

// classEnd returns the index of the ']' closing the class that opens at
// rs[open], or -1 when there is none. A ']' right after '[' (or '[!') is a
// member, as in shell globs.
func classEnd(rs []rune, open int) int {
	i := open + 1
	if i < len(rs) && (rs[i] == '!' || rs[i] == '^') {
		i++
	}
	if i < len(rs) && rs[i] == ']' {
		i++
	}
	for ; i < len(rs); i++ {
		if rs[i] == ']' {
			return i
		}
	}
	return -1
}
