package kernel

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
)

// ConnectionInfo is the content of a Jupyter connection file: where the
// five sockets listen and the key that signs messages.
type ConnectionInfo struct {
	// Transport is "tcp" or "ipc".
	Transport string `json:"transport"`
	// IP is the address to bind for tcp, or the path prefix of the socket
	// files for ipc (the socket of port p is "IP-p").
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("kernel: read connection file: %w", err)
	}
	var c ConnectionInfo
	if err := json.Unmarshal(data, &c); err != nil {
		return ConnectionInfo{}, fmt.Errorf("kernel: connection file %s is not valid JSON: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return ConnectionInfo{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return c, nil
}

// Validate checks the transport, the ports and the signature scheme. An
// empty transport means "tcp" and an empty ip means 127.0.0.1, as in
// jupyter_client.
func (c *ConnectionInfo) Validate() error {
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.IP == "" && c.Transport == "tcp" {
		c.IP = "127.0.0.1"
	}
	switch c.Transport {
	case "tcp", "ipc":
	default:
		return fmt.Errorf("kernel: connection transport %q is not supported, use \"tcp\" or \"ipc\"", c.Transport)
	}
	if c.IP == "" {
		return fmt.Errorf("kernel: connection file gives no ip (the socket path prefix for ipc)")
	}
	for _, p := range []struct {
		name string
		port int
	}{{"shell_port", c.ShellPort}, {"iopub_port", c.IOPubPort}, {"stdin_port", c.StdinPort}, {"control_port", c.ControlPort}, {"hb_port", c.HBPort}} {
		if p.port <= 0 || p.port > 65535 {
			return fmt.Errorf("kernel: connection %s is %d, want a port in 1..65535", p.name, p.port)
		}
	}
	switch {
	case c.Key == "":
		// Signing disabled; the scheme does not matter.
	case c.SignatureScheme == "hmac-sha256":
	default:
		return fmt.Errorf("kernel: signature scheme %q is not supported, use \"hmac-sha256\"", c.SignatureScheme)
	}
	return nil
}

// Endpoint returns the ZeroMQ endpoint of port: "tcp://IP:port" or
// "ipc://IP-port".
func (c ConnectionInfo) Endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	return "tcp://" + net.JoinHostPort(c.IP, strconv.Itoa(port))
}
