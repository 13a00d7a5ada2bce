package notebook

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	// Metadata is the notebook's metadata (kernelspec, language_info, …),
	// numbers kept as json.Number so they are written back as read.
	Metadata map[string]any
	// Minor is nbformat_minor; Marshal writes at least 5 (cell ids).
	Minor int
	Cells []*Cell
}

// Cell is one cell of a notebook.
type Cell struct {
	// ID is the cell id (nbformat 4.5); Marshal fills in missing ones.
	ID string
	// Type is "code", "markdown" or "raw".
	Type string
	// Source is the cell's text.
	Source string
	// Metadata is the cell's metadata (tags, collapsed, …).
	Metadata map[string]any
	// Attachments of a markdown or raw cell, as read; nil for none.
	Attachments map[string]any
	// ExecutionCount of a code cell; 0 is written as null.
	ExecutionCount int
	// Outputs of a code cell.
	Outputs []Output
}

// Output is one output of a code cell.
type Output struct {
	// Type is "stream", "display_data", "execute_result" or "error".
	Type string
	// Name is the stream's name, "stdout" or "stderr".
	Name string
	// Text is the stream's text.
	Text string
	// Data is the MIME bundle of display_data and execute_result.
	Data map[string]any
	// Metadata of display_data and execute_result.
	Metadata map[string]any
	// ExecutionCount of an execute_result.
	ExecutionCount int
	// EName, EValue and Traceback describe an error.
	EName, EValue string
	Traceback     []string
}

// Language returns the notebook's language as its metadata records it
// (kernelspec.language, else language_info.name), or "" when it does not.
func (nb *Notebook) Language() string {
	for _, key := range [][2]string{{"kernelspec", "language"}, {"language_info", "name"}} {
		if m, ok := nb.Metadata[key[0]].(map[string]any); ok {
			if s, ok := m[key[1]].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}

// Tags returns the cell's metadata tags.
func (c *Cell) Tags() []string {
	list, _ := c.Metadata["tags"].([]any)
	var tags []string
	for _, t := range list {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// hasTag reports whether the cell carries tag.
func (c *Cell) hasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// ReadFile reads the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	nb, err := Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return nb, nil
}

// WriteFile writes nb to path (mode 0644 for a new file), through a
// temporary file in the same directory so a failed write never leaves a
// truncated notebook.
func WriteFile(path string, nb *Notebook) error {
	data, err := Marshal(nb)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dirOf(path), ".nnbook-*.ipynb")
	if err != nil {
		return fmt.Errorf("notebook: write %s: %w", path, err)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := firstErr(werr, cerr, os.Chmod(f.Name(), mode)); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("notebook: write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("notebook: write %s: %w", path, err)
	}
	return nil
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Unmarshal parses an nbformat 4 notebook.
func Unmarshal(data []byte) (*Notebook, error) {
	var raw struct {
		Cells         []map[string]any `json:"cells"`
		Metadata      map[string]any   `json:"metadata"`
		NBFormat      int              `json:"nbformat"`
		NBFormatMinor int              `json:"nbformat_minor"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("notebook: not a JSON notebook: %w", err)
	}
	if raw.NBFormat != 4 {
		return nil, fmt.Errorf("notebook: nbformat is %d, want 4 (convert it with jupyter nbconvert --to notebook)", raw.NBFormat)
	}
	normalize(raw.Metadata)
	for _, rc := range raw.Cells {
		normalize(rc)
	}
	nb := &Notebook{Metadata: raw.Metadata, Minor: raw.NBFormatMinor}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	for i, rc := range raw.Cells {
		c := &Cell{
			ID:          str(rc["id"]),
			Type:        str(rc["cell_type"]),
			Source:      text(rc["source"]),
			Metadata:    object(rc["metadata"]),
			Attachments: object(rc["attachments"]),
		}
		switch c.Type {
		case "code":
			c.ExecutionCount = number(rc["execution_count"])
			outs, _ := rc["outputs"].([]any)
			for j, ro := range outs {
				o, ok := ro.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("notebook: cell %d: output %d is not an object", i, j)
				}
				c.Outputs = append(c.Outputs, readOutput(o))
			}
		case "markdown", "raw":
		default:
			return nil, fmt.Errorf("notebook: cell %d has cell_type %q, want code, markdown or raw", i, c.Type)
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

// readOutput converts a JSON output.
func readOutput(o map[string]any) Output {
	out := Output{
		Type:           str(o["output_type"]),
		Name:           str(o["name"]),
		Text:           text(o["text"]),
		Metadata:       object(o["metadata"]),
		ExecutionCount: number(o["execution_count"]),
		EName:          str(o["ename"]),
		EValue:         str(o["evalue"]),
	}
	if data := object(o["data"]); data != nil {
		out.Data = make(map[string]any, len(data))
		for mime, v := range data {
			if splitMIME(mime) {
				if _, ok := v.([]any); ok {
					v = text(v)
				}
			}
			out.Data[mime] = v
		}
	}
	if tb, ok := o["traceback"].([]any); ok {
		out.Traceback = []string{}
		for _, l := range tb {
			out.Traceback = append(out.Traceback, str(l))
		}
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// text joins a multi-line string stored as a list of lines.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		var b bytes.Buffer
		for _, l := range t {
			b.WriteString(str(l))
		}
		return b.String()
	}
	return ""
}

func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func number(v any) int {
	n, ok := v.(json.Number)
	if !ok {
		return 0
	}
	i, err := strconv.Atoi(string(n))
	if err != nil {
		return 0
	}
	return i
}

// Marshal encodes nb as Jupyter writes it: nbformat 4.5, keys sorted,
// one-space indent, multi-line strings as lists of lines, and a trailing
// newline. Cells without an id get one derived from their index and
// source; duplicate ids are made unique the same way.
func Marshal(nb *Notebook) ([]byte, error) {
	minor := max(nb.Minor, 5)
	metadata := nb.Metadata
	if metadata == nil {
		metadata = map[string]any{}
	}
	cells := make([]any, 0, len(nb.Cells))
	used := make(map[string]bool)
	for i, c := range nb.Cells {
		if c.ID == "" || used[c.ID] || !validID(c.ID) {
			c.ID = cellID(i, c.Source, used)
		}
		used[c.ID] = true
		cells = append(cells, c.json())
	}
	doc := map[string]any{
		"cells":          cells,
		"metadata":       metadata,
		"nbformat":       4,
		"nbformat_minor": minor,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("notebook: encode: %w", err)
	}
	return unescapeSeparators(buf.Bytes()), nil // Encode ends with the newline Jupyter writes
}

// unescapeSeparators writes U+2028 and U+2029 as themselves, as Python's
// json module does; encoding/json always escapes them.
func unescapeSeparators(b []byte) []byte {
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+5 < len(b) && (string(b[i+1:i+6]) == "u2028" || string(b[i+1:i+6]) == "u2029") {
			r := '\u2028'
			if b[i+5] == '9' {
				r = '\u2029'
			}
			out = utf8.AppendRune(out, r)
			i += 5
			continue
		}
		out = append(out, b[i])
		if b[i] == '\\' && i+1 < len(b) { // an escaped character: copy it whole
			i++
			out = append(out, b[i])
		}
	}
	return out
}

// normalize rewrites the JSON numbers in v as Python's json module writes
// them (1.50 becomes 1.5, 1E5 becomes 100000.0), so a notebook keeps the
// bytes Jupyter would give it.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
	case json.Number:
		if _, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return t
		}
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return t
		}
		return json.Number(pythonFloat(f))
	}
	return v
}

// pythonFloat formats f as Python's repr does: the shortest digits that
// read back as f, in fixed notation with at least one decimal when the
// exponent is in [-4, 16), else in exponent notation.
func pythonFloat(f float64) string {
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// validID reports whether id is a valid nbformat 4.5 cell id.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// cellID derives an id from a cell's index and source that is not in used.
func cellID(i int, source string, used map[string]bool) string {
	for salt := 0; ; salt++ {
		h := sha256.Sum256(fmt.Appendf(nil, "%d\x00%d\x00%s", i, salt, source))
		id := hex.EncodeToString(h[:8])
		if !used[id] {
			return id
		}
	}
}

// json returns the cell as nbformat's JSON object.
func (c *Cell) json() map[string]any {
	metadata := c.Metadata
	if metadata == nil {
		metadata = map[string]any{}
	}
	m := map[string]any{
		"cell_type": c.Type,
		"id":        c.ID,
		"metadata":  metadata,
		"source":    splitLines(c.Source),
	}
	if c.Type != "code" {
		if c.Attachments != nil {
			m["attachments"] = c.Attachments
		}
		return m
	}
	m["execution_count"] = count(c.ExecutionCount)
	outs := make([]any, 0, len(c.Outputs))
	for _, o := range c.Outputs {
		outs = append(outs, o.json())
	}
	m["outputs"] = outs
	return m
}

// count is an execution count, with 0 as null.
func count(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// json returns the output as nbformat's JSON object.
func (o Output) json() map[string]any {
	m := map[string]any{"output_type": o.Type}
	switch o.Type {
	case "stream":
		m["name"] = o.Name
		m["text"] = splitLines(o.Text)
	case "display_data", "execute_result":
		data := make(map[string]any, len(o.Data))
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && splitMIME(mime) {
				v = splitLines(s)
			}
			data[mime] = v
		}
		metadata := o.Metadata
		if metadata == nil {
			metadata = map[string]any{}
		}
		m["data"], m["metadata"] = data, metadata
		if o.Type == "execute_result" {
			m["execution_count"] = count(o.ExecutionCount)
		}
	case "error":
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["ename"], m["evalue"], m["traceback"] = o.EName, o.EValue, tb
	}
	return m
}

// splitMIME reports whether nbformat stores values of mime as lists of
// lines (text types, JavaScript and SVG).
func splitMIME(mime string) bool {
	return len(mime) >= 5 && mime[:5] == "text/" || mime == "application/javascript" || mime == "image/svg+xml"
}

// splitLines splits s after each line break as Python's
// str.splitlines(keepends=True) does, which is how nbformat stores
// multi-line strings.
func splitLines(s string) []string {
	lines := []string{}
	start := 0
	for i, r := range s {
		switch r {
		case '\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\u0085', '\u2028', '\u2029':
			lines = append(lines, s[start:i+len(string(r))])
			start = i + len(string(r))
		case '\r':
			end := i + 1
			if end < len(s) && s[end] == '\n' {
				continue // the \n ends the line
			}
			lines = append(lines, s[start:end])
			start = end
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}
