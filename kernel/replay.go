package kernel

import (
	"crypto/sha256"
	"sync"

	"github.com/nnbook/nnbook/kernel/wire"
)

// replayHistory is how many signatures the kernel remembers, as ipykernel's
// Session.digest_history_size (2¹⁶). A replay older than that many messages
// gets through; at one message per millisecond that is a minute of traffic,
// and every signed message also carries a fresh msg_id and date.
const replayHistory = 1 << 16

// replayGuard drops a signed message whose signature it has seen before: a
// captured message sent again byte for byte would otherwise run again
// (ipykernel raises "Duplicate Signature" in Session.unserialize). It keeps
// the SHA-256 of the last replayHistory signatures, oldest evicted first.
// The zero value is ready to use.
type replayGuard struct {
	mu sync.Mutex
	// mu guards the fields below.
	seen map[[sha256.Size]byte]struct{}
	ring [][sha256.Size]byte // in arrival order, a ring once full
	next int                 // the ring slot to overwrite next
}

// fresh reports whether the signature of frames (a message that
// [wire.Parse] accepted) has not been seen, and remembers it. Unsigned
// messages (an empty connection key) are always fresh: there is nothing to
// remember them by.
func (g *replayGuard) fresh(frames [][]byte) bool {
	_, rest, err := wire.Split(frames)
	if err != nil || len(rest) == 0 || len(rest[0]) == 0 {
		return true
	}
	d := sha256.Sum256(rest[0])
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, dup := g.seen[d]; dup {
		return false
	}
	if g.seen == nil {
		g.seen = make(map[[sha256.Size]byte]struct{})
	}
	if len(g.ring) < replayHistory {
		g.ring = append(g.ring, d)
	} else {
		delete(g.seen, g.ring[g.next])
		g.ring[g.next] = d
		g.next = (g.next + 1) % replayHistory
	}
	g.seen[d] = struct{}{}
	return true
}
