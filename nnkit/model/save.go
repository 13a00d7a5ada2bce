package model

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnbook/nnbook/nnkit"
)

// magic starts every file Save writes; the digit is the format version.
const magic = "nnkit-weights-1\n"

// Save writes the learned numbers of net to w: every parameter (by name and
// shape) followed by the buffers of a [Bufferer] (BatchNorm's running
// statistics). The format is binary and exact: each float64 is stored as its
// 8 IEEE-754 bytes, little-endian, so [Load] restores the numbers bit for
// bit. The architecture is not stored; load into a network built the same
// way.
//
// Layout: the magic line "nnkit-weights-1\n", then a uint32 count of
// matrices, then per matrix: uint32 name length, name, uint32 rows, uint32
// columns, rows·columns float64 values in row order.
func Save(w io.Writer, net nnkit.Layer) error {
	bw := bufio.NewWriter(w)
	ms := matrices(net)
	var err error
	put := func(v any) {
		if err == nil {
			err = binary.Write(bw, binary.LittleEndian, v)
		}
	}
	_, err = bw.WriteString(magic)
	put(uint32(len(ms)))
	for _, m := range ms {
		put(uint32(len(m.name)))
		put([]byte(m.name))
		r, c := m.value.Dims()
		put(uint32(r))
		put(uint32(c))
		row := make([]uint64, c)
		for i := 0; i < r && err == nil; i++ {
			for j, v := range m.value.RawRowView(i) {
				row[j] = math.Float64bits(v)
			}
			put(row)
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("nnkit/model: save: %w", err)
	}
	return nil
}

// Load reads numbers written by [Save] into net, which must have the same
// parameters (names and shapes, in order) and buffers. On error net may be
// partly overwritten.
func Load(r io.Reader, net nnkit.Layer) error {
	br := bufio.NewReader(r)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return fmt.Errorf("nnkit/model: load: not a file written by model.Save (bad header %q)", head)
	}
	var err error
	get := func(v any) {
		if err == nil {
			err = binary.Read(br, binary.LittleEndian, v)
		}
	}
	ms := matrices(net)
	var count uint32
	get(&count)
	if err == nil && int(count) != len(ms) {
		return fmt.Errorf("nnkit/model: load: file holds %d matrices, network has %d; build the network exactly as when it was saved", count, len(ms))
	}
	for _, m := range ms {
		var n uint32
		get(&n)
		if err != nil {
			break
		}
		if n > 1<<16 {
			return fmt.Errorf("nnkit/model: load: corrupt file: a name of %d bytes", n)
		}
		name := make([]byte, n)
		get(name)
		var rows, cols uint32
		get(&rows)
		get(&cols)
		if err != nil {
			break
		}
		r, c := m.value.Dims()
		if string(name) != m.name || int(rows) != r || int(cols) != c {
			return fmt.Errorf("nnkit/model: load: file has %s (%d×%d) where the network has %s (%d×%d)", name, rows, cols, m.name, r, c)
		}
		row := make([]uint64, c)
		for i := 0; i < r && err == nil; i++ {
			get(row)
			for j, bits := range row {
				m.value.Set(i, j, math.Float64frombits(bits))
			}
		}
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return fmt.Errorf("nnkit/model: load: %w", err)
	}
	return nil
}

type namedMatrix struct {
	name  string
	value *mat.Dense
}

// matrices lists what Save writes: the parameters, then the buffers named
// "buffer0", "buffer1", ….
func matrices(net nnkit.Layer) []namedMatrix {
	var ms []namedMatrix
	for _, p := range net.Params() {
		ms = append(ms, namedMatrix{p.Name, p.Value})
	}
	if b, ok := net.(Bufferer); ok {
		for i, m := range b.Buffers() {
			ms = append(ms, namedMatrix{fmt.Sprintf("buffer%d", i), m})
		}
	}
	return ms
}
