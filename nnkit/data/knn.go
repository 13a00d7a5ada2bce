package data

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// knnBlock is the side of the square tiles of the distance matrix that
// nearest computes with one matrix product each.
const knnBlock = 256

// nearest returns the indices of the k nearest rows of p to each row of p
// (Euclidean distance, the row itself excluded), nearest first: the
// neighbours of row i are out[i·k : (i+1)·k]. Equal distances go to the
// lower index. It requires k < rows.
//
// Squared distances come from ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b, with the a·b
// terms of a tile of rows I against rows J computed by one matrix product,
// as scikit-learn's brute-force search does. Only tiles with J ≥ I are
// computed, each distance serving both rows, which halves the products.
// GOMAXPROCS goroutines share the tiles out; each keeps its own k best per
// row, and the lists are merged at the end. Every distance is computed by
// exactly one tile, so the result does not depend on the scheduling.
func nearest(p *mat.Dense, k int) []int {
	n, d := p.Dims()
	norm := make([]float64, n)
	for i := range n {
		for _, v := range p.RawRowView(i) {
			norm[i] += v * v
		}
	}
	blocks := (n + knnBlock - 1) / knnBlock
	type tile struct{ bi, bj int }
	tiles := make([]tile, 0, blocks*(blocks+1)/2)
	for bi := range blocks {
		for bj := bi; bj < blocks; bj++ {
			tiles = append(tiles, tile{bi, bj})
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(tiles))
	lists := make([]*bestK, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		lists[w] = newBestK(n, k)
		wg.Go(func() {
			best := lists[w]
			buf := make([]float64, knnBlock*knnBlock)
			for {
				t := int(next.Add(1) - 1)
				if t >= len(tiles) {
					return
				}
				i0, j0 := tiles[t].bi*knnBlock, tiles[t].bj*knnBlock
				i1, j1 := min(i0+knnBlock, n), min(j0+knnBlock, n)
				g := mat.NewDense(i1-i0, j1-j0, buf[:(i1-i0)*(j1-j0)])
				g.Mul(p.Slice(i0, i1, 0, d), p.Slice(j0, j1, 0, d).T())
				for a := range i1 - i0 {
					i, row := i0+a, g.RawRowView(a)
					for b, gij := range row {
						j := j0 + b
						if j <= i {
							continue // the diagonal tile's lower half and i itself
						}
						dist := norm[i] + norm[j] - 2*gij
						// Most pairs are rejected here, without a call.
						if dist <= best.dist[i*k+k-1] {
							best.add(i, dist, j)
						}
						if dist <= best.dist[j*k+k-1] {
							best.add(j, dist, i)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	// Merge the workers' lists.
	out := make([]int, n*k)
	merged := newBestK(1, k)
	for i := range n {
		merged.reset()
		for _, l := range lists {
			for m := range k {
				merged.add(0, l.dist[i*k+m], l.idx[i*k+m])
			}
		}
		copy(out[i*k:(i+1)*k], merged.idx)
	}
	return out
}

// bestK holds, for each of n rows, the k smallest (distance, index) pairs
// seen so far, in increasing order; pairs compare by distance, then index.
type bestK struct {
	k    int
	dist []float64
	idx  []int
}

func newBestK(n, k int) *bestK {
	b := &bestK{k: k, dist: make([]float64, n*k), idx: make([]int, n*k)}
	b.reset()
	return b
}

func (b *bestK) reset() {
	for m := range b.dist {
		b.dist[m], b.idx[m] = math.Inf(1), math.MaxInt
	}
}

// add offers the pair (d, j) to row i.
func (b *bestK) add(i int, d float64, j int) {
	dist, idx := b.dist[i*b.k:(i+1)*b.k], b.idx[i*b.k:(i+1)*b.k]
	last := b.k - 1
	if d > dist[last] || d == dist[last] && j >= idx[last] {
		return
	}
	m := last
	for m > 0 && (dist[m-1] > d || dist[m-1] == d && idx[m-1] > j) {
		dist[m], idx[m] = dist[m-1], idx[m-1]
		m--
	}
	dist[m], idx[m] = d, j
}
