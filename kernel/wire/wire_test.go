package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/internal/golden"
	"github.com/nnbook/nnbook/kernel/wire"
)

const testKey = "3f8c2a1e-5b7d-4e60-9a1b-2c3d4e5f6a7b"

// request is a well-formed execute_request used by the cases.
func request() *wire.Message {
	return &wire.Message{
		Identities: [][]byte{[]byte("client-1")},
		Header: wire.Header{
			MsgID:    "b1f9a6c2-0001",
			Session:  "s-1",
			Username: "alice",
			Date:     "2026-01-02T03:04:05.000000Z",
			MsgType:  "execute_request",
			Version:  wire.Version,
		},
		Metadata: map[string]any{},
		Content:  json.RawMessage(`{"code":"fmt.Println(\"hi\")","silent":false}`),
	}
}

// encoded returns the frames of request() signed with key.
func encoded(t *testing.T, key string) [][]byte {
	t.Helper()
	frames, err := wire.Encode(request(), []byte(key))
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return frames
}

// render prints the input frames and the result of Parse for a golden file.
func render(frames [][]byte, key string, m *wire.Message, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "key: %q\ninput frames:\n", key)
	for i, f := range frames {
		fmt.Fprintf(&b, "  %d %q\n", i, f)
	}
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		fmt.Fprintf(&b, "malformed: %v, signature: %v\n", errors.Is(err, wire.ErrMalformed), errors.Is(err, wire.ErrSignature))
		return b.String()
	}
	b.WriteString("message:\n")
	for _, id := range m.Identities {
		fmt.Fprintf(&b, "  identity %q\n", id)
	}
	h, _ := json.Marshal(m.Header)
	p, _ := json.Marshal(m.ParentHeader)
	md, _ := json.Marshal(m.Metadata)
	fmt.Fprintf(&b, "  header %s\n  parent_header %s\n  metadata %s\n  content %s\n", h, p, md, m.Content)
	for _, buf := range m.Buffers {
		fmt.Fprintf(&b, "  buffer %q\n", buf)
	}
	return b.String()
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
}

func TestParseGolden(t *testing.T) {
	tests := []struct {
		name    string
		key     string // key used by Parse
		frames  func(t *testing.T) [][]byte
		wantErr error // nil for success
	}{
		{"signed", testKey, func(t *testing.T) [][]byte { return encoded(t, testKey) }, nil},
		{"no_key", "", func(t *testing.T) [][]byte { return encoded(t, "") }, nil},
		{"no_identities", testKey, func(t *testing.T) [][]byte { return encoded(t, testKey)[1:] }, nil},
		{"truncated", testKey, func(t *testing.T) [][]byte { f := encoded(t, testKey); return f[:len(f)-1] }, wire.ErrMalformed},
		{"delimiter_only", testKey, func(t *testing.T) [][]byte { return [][]byte{[]byte(wire.Delimiter)} }, wire.ErrMalformed},
		{"no_delimiter", testKey, func(t *testing.T) [][]byte { return [][]byte{[]byte("a"), []byte("b")} }, wire.ErrMalformed},
		{"empty", testKey, func(t *testing.T) [][]byte { return nil }, wire.ErrMalformed},
		{"unsigned", testKey, func(t *testing.T) [][]byte { return encoded(t, "") }, wire.ErrSignature},
		{"wrong_key", testKey, func(t *testing.T) [][]byte { return encoded(t, "another key") }, wire.ErrSignature},
		{"tampered_content", testKey, func(t *testing.T) [][]byte {
			f := encoded(t, testKey)
			f[len(f)-1] = []byte(`{"code":"os.RemoveAll(\"/\")","silent":false}`)
			return f
		}, wire.ErrSignature},
		{"extra_frames", testKey, func(t *testing.T) [][]byte {
			m := request()
			m.Buffers = [][]byte{{0, 1, 2, 0xff}, []byte("second buffer")}
			f, err := wire.Encode(m, []byte(testKey))
			if err != nil {
				t.Fatal(err)
			}
			return f
		}, nil},
		{"non_utf8", testKey, func(t *testing.T) [][]byte {
			m := request()
			m.Content = json.RawMessage("{\"code\":\"x := \xff\xfe\"}")
			f, err := wire.Encode(m, []byte(testKey))
			if err != nil {
				t.Fatal(err)
			}
			return f
		}, wire.ErrMalformed},
		{"content_not_object", testKey, func(t *testing.T) [][]byte {
			m := request()
			m.Content = json.RawMessage(`["code"]`)
			f, err := wire.Encode(m, []byte(testKey))
			if err != nil {
				t.Fatal(err)
			}
			return f
		}, wire.ErrMalformed},
		{"no_msg_type", testKey, func(t *testing.T) [][]byte {
			m := request()
			m.Header.MsgType = ""
			f, err := wire.Encode(m, []byte(testKey))
			if err != nil {
				t.Fatal(err)
			}
			return f
		}, wire.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frames := tt.frames(t)
			m, err := wire.Parse(frames, []byte(tt.key))
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Parse: %v, want success", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Parse error = %v, want one wrapping %v", err, tt.wantErr)
			}
			checkGolden(t, "parse_"+tt.name, render(frames, tt.key, m, err))
		})
	}
}

func TestParseKeepsBuffers(t *testing.T) {
	m := request()
	m.Buffers = [][]byte{{0, 1, 2}, {}, []byte("x")}
	frames, err := wire.Encode(m, []byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	got, err := wire.Parse(frames, []byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Buffers) != len(m.Buffers) {
		t.Fatalf("got %d buffers, want %d", len(got.Buffers), len(m.Buffers))
	}
	for i := range m.Buffers {
		if !bytes.Equal(got.Buffers[i], m.Buffers[i]) {
			t.Errorf("buffer %d = %q, want %q", i, got.Buffers[i], m.Buffers[i])
		}
	}
}

// TestSignReference checks Sign against HMAC-SHA256 of the concatenated frames
// computed independently with Python's hmac module:
//
//	hmac.new(b"key", b'{"a":1}{}{}{"b":2}', hashlib.sha256).hexdigest()
func TestSignReference(t *testing.T) {
	const want = "0206f42f4ae2a48f6054ab91271f90c100f7022f55fb1f23de6377624d533752"
	got := wire.Sign([]byte("key"), []byte(`{"a":1}`), []byte("{}"), []byte("{}"), []byte(`{"b":2}`))
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if s := wire.Sign(nil, []byte("{}"), nil, nil, nil); s != "" {
		t.Errorf("Sign with empty key = %q, want empty", s)
	}
}

func TestEncodeGolden(t *testing.T) {
	m := request()
	m.Identities = [][]byte{[]byte("kernel.s-2.execute_reply")}
	m.ParentHeader = m.Header
	m.Header.MsgID = "c2e0a7d3-0002"
	m.Header.MsgType = "execute_reply"
	m.Header.Username = "kernel"
	m.Metadata = nil
	m.Content = json.RawMessage(`{"status":"ok","execution_count":1}`)
	frames, err := wire.Encode(m, []byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, f := range frames {
		fmt.Fprintf(&b, "%d %q\n", i, f)
	}
	checkGolden(t, "encode_reply", b.String())

	// Encoding what Parse returns gives back the same frames.
	back, err := wire.Parse(frames, []byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	again, err := wire.Encode(back, []byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	if !equalFrames(frames, again) {
		t.Errorf("Encode(Parse(f)) differs from f:\n%q\n%q", again, frames)
	}
}

func TestDecodeContent(t *testing.T) {
	m, err := wire.Parse(encoded(t, testKey), []byte(testKey))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Code   string `json:"code"`
		Silent bool   `json:"silent"`
	}
	if err := m.DecodeContent(&c); err != nil {
		t.Fatal(err)
	}
	if c.Code != `fmt.Println("hi")` || c.Silent {
		t.Errorf("content = %+v", c)
	}
	var wrong struct {
		Code int `json:"code"`
	}
	if err := m.DecodeContent(&wrong); err == nil {
		t.Error("DecodeContent into a mismatched type succeeded, want an error")
	}
}

func equalFrames(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// FuzzParse feeds arbitrary frames (split at '\n') to Parse. It must never
// panic, and whatever it accepts must survive an Encode/Parse round trip.
func FuzzParse(f *testing.F) {
	join := func(frames [][]byte) []byte { return bytes.Join(frames, []byte("\n")) }
	frames, err := wire.Encode(request(), []byte(testKey))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(join(frames), true)
	unsigned, _ := wire.Encode(request(), nil)
	f.Add(join(unsigned), false)
	f.Add([]byte(wire.Delimiter), false)
	f.Add([]byte("a\n<IDS|MSG>\n\n{}\n{}\n{}\n{}"), false)
	f.Add([]byte("<IDS|MSG>\n\n{\"msg_type\":\"x\"}\n{}\n{}\n{}\nbuf"), false)
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		var key []byte
		if signed {
			key = []byte(testKey)
		}
		m, err := wire.Parse(bytes.Split(data, []byte("\n")), key)
		if err != nil {
			if !errors.Is(err, wire.ErrMalformed) && !errors.Is(err, wire.ErrSignature) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrSignature", err)
			}
			return
		}
		again, err := wire.Encode(m, key)
		if err != nil {
			t.Fatalf("Encode of a parsed message: %v", err)
		}
		m2, err := wire.Parse(again, key)
		if err != nil {
			t.Fatalf("Parse(Encode(m)): %v", err)
		}
		if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) || len(m2.Buffers) != len(m.Buffers) {
			t.Fatalf("round trip changed the message: %+v vs %+v", m2, m)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	m := request()
	m.Content = json.RawMessage(fmt.Sprintf(`{"code":%q}`, strings.Repeat("fmt.Println(i)\n", 100)))
	frames, err := wire.Encode(m, []byte(testKey))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := wire.Parse(frames, []byte(testKey)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	m := request()
	for b.Loop() {
		if _, err := wire.Encode(m, []byte(testKey)); err != nil {
			b.Fatal(err)
		}
	}
}
