// Package transport is the kernel's ZeroMQ transport: a TCP (or Unix
// socket) listener that zmq4 uses through its own extension point,
// [zmq4.RegisterTransport], so that a hostile or careless peer cannot stop
// the kernel from serving the others.
//
// zmq4 v0.17 trusts its peers in three ways that this package guards at the
// byte level, before the library sees the stream:
//
//   - Frame size. zmq4 allocates a frame's body from the 64-bit length in its
//     header before reading it, so one header announcing 2⁶² bytes panics the
//     process (makeslice: len out of range) and 1 TiB exhausts memory, even
//     before the peer has authenticated. The read side of every connection
//     parses the ZMTP frame headers and closes the connection when a length
//     exceeds [Limits.MaxFrame] (and 64 KiB during the handshake), before the
//     header bytes reach zmq4.
//   - Handshakes. zmq4 runs the ZMTP greeting and READY exchange inside its
//     accept loop with no deadline, so one silent TCP connection blocks every
//     later client of the port. The listener here accepts in its own loop and
//     runs the peer's half of each handshake concurrently under
//     [Limits.HandshakeTimeout]; zmq4 only ever receives connections whose
//     greeting and READY command are already buffered, so its own handshake
//     cannot block.
//   - Slow peers. zmq4's PUB socket writes each message to each subscriber in
//     turn, blocking on a full TCP buffer, so one subscriber that stops
//     reading stalls all output (≈3–4 MB) and the unbounded queue behind it
//     grows. Writes here go to a per-connection queue that a goroutine drains:
//     a write never blocks the socket, and a peer that lets more than
//     [Limits.MaxQueue] bytes pile up, or accepts nothing for
//     [Limits.WriteTimeout], loses its connection (ZeroMQ's high-water mark,
//     applied per peer). Its client may reconnect; the others never wait.
//
// [Register] installs a transport under a fresh scheme and returns a
// [Transport] whose [Transport.Endpoint] rewrites "tcp://…" and "ipc://…"
// endpoints onto it. Only the server side (Listen) is guarded; Dial is the
// plain net dial.
//
// The handshake the listener performs is the NULL-mechanism half of ZMTP 3.0
// (https://rfc.zeromq.org/spec/23/): it sends the 64-byte greeting zmq4 would
// send (version 3.0, mechanism NULL, as-server 0) and, when zmq4 then writes
// its own greeting, checks that the two are byte-identical and drops the
// duplicate; a mismatch closes the connection with an error that names the
// differing bytes.
package transport
