package wire_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/kernel/wire"
)

func ExampleParse() {
	key := []byte("secret")
	frames, err := wire.Encode(&wire.Message{
		Identities: [][]byte{[]byte("client")},
		Header:     wire.Header{MsgID: "1", Session: "s", Username: "u", Date: "2026-01-02T03:04:05Z", MsgType: "kernel_info_request", Version: wire.Version},
		Content:    json.RawMessage(`{}`),
	}, key)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := wire.Parse(frames, key)
	fmt.Println(m.Header.MsgType, len(frames), err)

	_, err = wire.Parse(frames, []byte("another key"))
	fmt.Println(errors.Is(err, wire.ErrSignature))

	_, err = wire.Parse(frames[:4], key)
	fmt.Println(err)
	// Output:
	// kernel_info_request 7 <nil>
	// true
	// wire: malformed message: 2 frames after <IDS|MSG>, want at least 5 (signature, header, parent_header, metadata, content)
}
