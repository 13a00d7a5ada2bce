package kernel_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnbook/nnbook/kernel"
)

func TestReadConnectionFile(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    kernel.ConnectionInfo // compared when wantErr is ""
		ports   []string              // Endpoint of shell and hb
		wantErr string
	}{
		{
			name: "tcp",
			json: `{"transport":"tcp","ip":"127.0.0.1","shell_port":5001,"iopub_port":5002,"stdin_port":5003,"control_port":5004,"hb_port":5005,"key":"k","signature_scheme":"hmac-sha256","kernel_name":"nnbook"}`,
			want: kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: 5001, IOPubPort: 5002, StdinPort: 5003,
				ControlPort: 5004, HBPort: 5005, Key: "k", SignatureScheme: "hmac-sha256", KernelName: "nnbook"},
			ports: []string{"tcp://127.0.0.1:5001", "tcp://127.0.0.1:5005"},
		},
		{
			name:  "ipc",
			json:  `{"transport":"ipc","ip":"/tmp/kernel-1","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"","signature_scheme":""}`,
			want:  kernel.ConnectionInfo{Transport: "ipc", IP: "/tmp/kernel-1", ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5},
			ports: []string{"ipc:///tmp/kernel-1-1", "ipc:///tmp/kernel-1-5"},
		},
		{
			name:  "defaults",
			json:  `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}`,
			want:  kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5},
			ports: []string{"tcp://127.0.0.1:1", "tcp://127.0.0.1:5"},
		},
		{
			name:  "ipv6",
			json:  `{"ip":"::1","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}`,
			want:  kernel.ConnectionInfo{Transport: "tcp", IP: "::1", ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5},
			ports: []string{"tcp://[::1]:1", "tcp://[::1]:5"},
		},
		{name: "bad json", json: `{"shell_port":`, wantErr: "not valid JSON"},
		{name: "udp", json: `{"transport":"udp","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}`, wantErr: `transport "udp"`},
		{name: "missing port", json: `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4}`, wantErr: "hb_port is 0"},
		{name: "md5", json: `{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-md5"}`, wantErr: `"hmac-md5"`},
		{name: "ipc without path", json: `{"transport":"ipc","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}`, wantErr: "no ip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kernel.json")
			if err := os.WriteFile(path, []byte(tt.json), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := kernel.ReadConnectionFile(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if e := []string{got.Endpoint(got.ShellPort), got.Endpoint(got.HBPort)}; e[0] != tt.ports[0] || e[1] != tt.ports[1] {
				t.Errorf("endpoints = %v, want %v", e, tt.ports)
			}
		})
	}
}
