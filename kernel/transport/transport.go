package transport

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync/atomic"

	"github.com/go-zeromq/zmq4"
	zmqtransport "github.com/go-zeromq/zmq4/transport"
)

// Transport is a registered pair of guarded zmq4 transports, one over TCP and
// one over Unix sockets, that share one set of [Limits].
type Transport struct {
	tcp, ipc string // the registered scheme names
}

// registered counts the calls to Register, to name each scheme uniquely.
var registered atomic.Int64

// Register registers with zmq4 a guarded TCP transport and a guarded Unix
// socket transport under fresh scheme names, both enforcing lim. zmq4 keeps
// its registrations for the life of the process (it has no unregister), so
// call Register once per kernel, not per socket.
func Register(lim Limits) (*Transport, error) {
	lim, err := lim.withDefaults()
	if err != nil {
		return nil, err
	}
	n := registered.Add(1)
	t := &Transport{tcp: fmt.Sprintf("nnbook%d-tcp", n), ipc: fmt.Sprintf("nnbook%d-ipc", n)}
	if err := zmq4.RegisterTransport(t.tcp, guarded{network: "tcp", lim: lim}); err != nil {
		return nil, fmt.Errorf("kernel/transport: %w", err)
	}
	if err := zmq4.RegisterTransport(t.ipc, guarded{network: "unix", lim: lim}); err != nil {
		return nil, fmt.Errorf("kernel/transport: %w", err)
	}
	return t, nil
}

// Endpoint rewrites a "tcp://…" or "ipc://…" endpoint onto the guarded
// transport; any other endpoint is an error.
func (t *Transport) Endpoint(ep string) (string, error) {
	switch {
	case strings.HasPrefix(ep, "tcp://"):
		return t.tcp + ep[len("tcp"):], nil
	case strings.HasPrefix(ep, "ipc://"):
		return t.ipc + ep[len("ipc"):], nil
	}
	return "", fmt.Errorf("kernel/transport: endpoint %q: want tcp:// or ipc://", ep)
}

// guarded is a zmq4 transport whose listeners enforce lim.
type guarded struct {
	network string // "tcp" or "unix"
	lim     Limits
}

var _ zmqtransport.Transport = guarded{}

// Dial connects as the plain transport does; only listening is guarded.
func (g guarded) Dial(ctx context.Context, d zmqtransport.Dialer, addr string) (net.Conn, error) {
	return d.DialContext(ctx, g.network, addr)
}

// Listen listens on addr through a guarded listener.
func (g guarded) Listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, g.network, addr)
	if err != nil {
		return nil, err
	}
	return newListener(l, g.lim), nil
}

// Addr resolves an endpoint's address part as zmq4's TCP and IPC transports
// do: "*" or "" host means all interfaces, "*" or "" port means any port.
func (g guarded) Addr(ep string) (string, error) {
	if g.network == "unix" {
		return ep, nil
	}
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		return "", err
	}
	if port == "*" || port == "" {
		port = "0"
	}
	if host == "*" || host == "" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port), nil
}
