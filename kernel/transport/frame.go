package transport

import (
	"encoding/binary"
	"fmt"
)

// ZMTP 3.0 frame header (https://rfc.zeromq.org/spec/23/):
//
//	frame  = flags size body
//	flags  = bit 0 MORE, bit 1 LONG, bit 2 COMMAND
//	size   = 1 octet (LONG clear) or 8 octets, network byte order (LONG set)
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

// frameScanner follows frame and message boundaries in a ZMTP byte stream,
// fed in arbitrary pieces, and stops at the first header whose size exceeds
// max.
type frameScanner struct {
	max      uint64
	sizeLeft int    // size octets still to read; 0 while at flags or in a body
	size     uint64 // the size being assembled
	bodyLeft uint64 // body octets still to pass
	inHeader bool   // flags read, size not complete
	more     bool   // the current frame has the MORE flag
}

// scan consumes p. It returns an error, and must not be called again, when
// a header in p announces a body larger than s.max.
func (s *frameScanner) scan(p []byte) error {
	for len(p) > 0 {
		n, err := s.step(p)
		if err != nil {
			return err
		}
		p = p[n:]
	}
	return nil
}

// atMessageStart reports whether the next byte begins a new message: the
// last frame is complete and had no MORE flag.
func (s *frameScanner) atMessageStart() bool {
	return !s.inHeader && s.bodyLeft == 0 && !s.more
}

// step consumes the first piece of p, a header octet or as much of the
// current body as p holds, and returns its length.
func (s *frameScanner) step(p []byte) (int, error) {
	switch {
	case s.bodyLeft > 0:
		n := min(uint64(len(p)), s.bodyLeft)
		s.bodyLeft -= n
		return int(n), nil
	case !s.inHeader:
		s.inHeader = true
		s.more = p[0]&flagMore != 0
		s.size = 0
		s.sizeLeft = 1
		if p[0]&flagLong != 0 {
			s.sizeLeft = 8
		}
		return 1, nil
	}
	s.size = s.size<<8 | uint64(p[0])
	s.sizeLeft--
	if s.sizeLeft > 0 {
		return 1, nil
	}
	s.inHeader = false
	if s.size > s.max {
		return 0, fmt.Errorf("%w: header announces %d bytes, limit %d", ErrFrameTooLarge, s.size, s.max)
	}
	s.bodyLeft = s.size
	return 1, nil
}

// frameSize decodes the size octets of a header whose flags are flags.
func frameSize(flags byte, size []byte) uint64 {
	if flags&flagLong != 0 {
		return binary.BigEndian.Uint64(size)
	}
	return uint64(size[0])
}
