package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Delimiter separates the routing identities from the message frames.
const Delimiter = "<IDS|MSG>"

// Version is the protocol version written into every outgoing header.
const Version = "5.3"

// Sentinel errors of [Parse]; the returned errors wrap one of them.
var (
	// ErrMalformed marks frames that do not form a Jupyter message: no
	// delimiter, too few frames, or a frame that is not a JSON object.
	ErrMalformed = errors.New("wire: malformed message")
	// ErrSignature marks a message whose signature does not match its
	// frames under the connection key (including a missing signature).
	ErrSignature = errors.New("wire: bad signature")
)

// Header is a message header (and, in a reply, the parent header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded Jupyter message.
type Message struct {
	// Identities are the ZeroMQ routing identities before the delimiter
	// (for iopub, the topic).
	Identities [][]byte
	Header     Header
	// ParentHeader is the header of the request this message answers; the
	// zero Header is sent as {}.
	ParentHeader Header
	// Metadata is the metadata dict; nil is sent as {}.
	Metadata map[string]any
	// Content is the message content, a JSON object; empty is sent as {}.
	Content json.RawMessage
	// Buffers are the extra binary frames after the content.
	Buffers [][]byte
}

// DecodeContent unmarshals the message content into v.
func (m *Message) DecodeContent(v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("wire: decode content of %s: %w", m.Header.MsgType, err)
	}
	return nil
}

// Sign returns the hex HMAC-SHA256 signature of the four JSON frames under
// key, or "" when key is empty.
func Sign(key []byte, header, parent, metadata, content []byte) string {
	if len(key) == 0 {
		return ""
	}
	mac := hmac.New(sha256.New, key)
	for _, p := range [][]byte{header, parent, metadata, content} {
		mac.Write(p)
	}
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether sig is the signature of the four JSON frames under
// key. With an empty key every signature is accepted (signing disabled). The
// comparison takes constant time.
func Verify(key, sig []byte, header, parent, metadata, content []byte) bool {
	if len(key) == 0 {
		return true
	}
	want := Sign(key, header, parent, metadata, content)
	return hmac.Equal([]byte(want), sig)
}

// Split separates the routing identities from the frames after the
// delimiter. It returns an error wrapping [ErrMalformed] when there is no
// delimiter.
func Split(frames [][]byte) (identities, rest [][]byte, err error) {
	for i, f := range frames {
		if string(f) == Delimiter {
			return frames[:i], frames[i+1:], nil
		}
	}
	return nil, nil, fmt.Errorf("%w: no %s delimiter in %d frames", ErrMalformed, Delimiter, len(frames))
}

// frame names in wire order after the signature.
var jsonFrameNames = [4]string{"header", "parent_header", "metadata", "content"}

// Parse decodes a multipart message received from a socket and verifies its
// signature under key. It needs the signature and the four JSON frames after
// the delimiter; further frames are kept as [Message.Buffers]. The signature
// is checked before any JSON is decoded, so a badly signed message is never
// interpreted. Errors wrap [ErrMalformed] or [ErrSignature].
func Parse(frames [][]byte, key []byte) (*Message, error) {
	ids, rest, err := Split(frames)
	if err != nil {
		return nil, err
	}
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d frames after %s, want at least 5 (signature, header, parent_header, metadata, content)",
			ErrMalformed, len(rest), Delimiter)
	}
	sig, parts := rest[0], rest[1:5]
	if !Verify(key, sig, parts[0], parts[1], parts[2], parts[3]) {
		return nil, fmt.Errorf("%w: signature %q does not match the message under the connection key", ErrSignature, abbreviate(sig))
	}
	for i, p := range parts {
		if !utf8.Valid(p) {
			return nil, fmt.Errorf("%w: %s is not valid UTF-8", ErrMalformed, jsonFrameNames[i])
		}
	}
	m := &Message{Identities: ids, Buffers: rest[5:]}
	if err := decodeObject(parts[0], &m.Header, jsonFrameNames[0]); err != nil {
		return nil, err
	}
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header has no msg_type", ErrMalformed)
	}
	if err := decodeObject(parts[1], &m.ParentHeader, jsonFrameNames[1]); err != nil {
		return nil, err
	}
	if err := decodeObject(parts[2], &m.Metadata, jsonFrameNames[2]); err != nil {
		return nil, err
	}
	var content map[string]json.RawMessage
	if err := decodeObject(parts[3], &content, jsonFrameNames[3]); err != nil {
		return nil, err
	}
	m.Content = json.RawMessage(parts[3])
	return m, nil
}

// decodeObject unmarshals frame, which must be a JSON object, into v.
func decodeObject(frame []byte, v any, name string) error {
	trimmed := bytes.TrimSpace(frame)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return fmt.Errorf("%w: %s is not a JSON object", ErrMalformed, name)
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return fmt.Errorf("%w: decode %s: %v", ErrMalformed, name, err)
	}
	return nil
}

// abbreviate shortens a signature for error messages.
func abbreviate(sig []byte) []byte {
	const limit = 16
	if len(sig) > limit {
		return append(bytes.Clone(sig[:limit]), "…"...)
	}
	return sig
}

// Encode returns the frames of m signed under key: identities, delimiter,
// signature, the four JSON frames and the buffers.
func Encode(m *Message, key []byte) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: encode header of %s: %w", m.Header.MsgType, err)
	}
	parent := []byte("{}")
	if m.ParentHeader != (Header{}) {
		if parent, err = json.Marshal(m.ParentHeader); err != nil {
			return nil, fmt.Errorf("wire: encode parent header of %s: %w", m.Header.MsgType, err)
		}
	}
	metadata := []byte("{}")
	if m.Metadata != nil {
		if metadata, err = json.Marshal(m.Metadata); err != nil {
			return nil, fmt.Errorf("wire: encode metadata of %s: %w", m.Header.MsgType, err)
		}
	}
	content := []byte(m.Content)
	if len(content) == 0 {
		content = []byte("{}")
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames,
		[]byte(Delimiter),
		[]byte(Sign(key, header, parent, metadata, content)),
		header, parent, metadata, content)
	return append(frames, m.Buffers...), nil
}
