package transport_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/nnbook/nnbook/kernel/transport"
)

// BenchmarkRoundTrip measures a DEALER→ROUTER→DEALER round trip of a
// message of each size over loopback, through zmq4's plain TCP transport
// and through the guarded one, so the guard's cost reads as a ratio.
func BenchmarkRoundTrip(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"1KiB", 1 << 10}, {"1MiB", 1 << 20}} {
		for _, guarded := range []bool{false, true} {
			name := size.name + "/plain"
			if guarded {
				name = size.name + "/guarded"
			}
			b.Run(name, func(b *testing.B) {
				ep := "tcp://127.0.0.1:0"
				if guarded {
					tr, err := transport.Register(transport.Limits{})
					if err != nil {
						b.Fatal(err)
					}
					if ep, err = tr.Endpoint(ep); err != nil {
						b.Fatal(err)
					}
				}
				router := zmq4.NewRouter(context.Background(), zmq4.WithTimeout(10*time.Second))
				defer router.Close()
				if err := router.Listen(ep); err != nil {
					b.Fatal(err)
				}
				d := zmq4.NewDealer(context.Background(), zmq4.WithTimeout(10*time.Second))
				defer d.Close()
				if err := d.Dial("tcp://" + router.Addr().String()); err != nil {
					b.Fatal(err)
				}
				payload := bytes.Repeat([]byte("x"), size.n)
				b.SetBytes(int64(2 * size.n))
				for b.Loop() {
					if err := d.Send(zmq4.NewMsg(payload)); err != nil {
						b.Fatal(err)
					}
					m, err := router.Recv()
					if err != nil {
						b.Fatal(err)
					}
					if err := router.SendMulti(m); err != nil {
						b.Fatal(err)
					}
					if _, err := d.Recv(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
