// Package wire implements the framing of the Jupyter messaging protocol
// (version 5.3) over ZeroMQ multipart messages: routing identities, the
// "<IDS|MSG>" delimiter, the HMAC-SHA256 signature and the four JSON frames
// (header, parent header, metadata, content), followed by optional binary
// buffers.
//
// A message on the wire is the list of frames
//
//	identity…  <IDS|MSG>  signature  header  parent_header  metadata  content  buffer…
//
// where signature = hex(HMAC-SHA256(key, header ‖ parent_header ‖ metadata ‖ content)),
// or the empty string when the key is empty (signing disabled, as the
// protocol specifies).
//
// The package is pure: it works on [][]byte and never touches a socket, so
// every malformed input is an error value and never an index panic.
package wire
