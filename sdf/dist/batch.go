package dist

import (
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/neurbf/neurbf/internal/parallel"
)

// batchChunk is the number of points a goroutine of a batch query claims
// at a time: small enough to balance uneven query costs, large enough to
// make the shared counter cheap and to keep a goroutine's consecutive
// queries near one another.
const batchChunk = 64

// SignedBatch sets dst[i] to the signed distance of the point
// (xyz[3i], xyz[3i+1], xyz[3i+2]). threads goroutines share the work
// (0 or less means all CPUs, the module's convention,
// internal/parallel.Count); with one thread nothing is allocated
// after the first call. It panics unless len(xyz) = 3·len(dst), or for
// more than 2³²−1 points.
func (t *Tree) SignedBatch(dst, xyz []float32, threads int) {
	t.batch(dst, xyz, threads, (*Tree).Signed)
}

// WindingBatch sets dst[i] to the winding number of the point
// (xyz[3i], xyz[3i+1], xyz[3i+2]); the point is inside where it is at
// least 0.5. threads is as in SignedBatch. It panics unless
// len(xyz) = 3·len(dst), or for more than 2³²−1 points.
func (t *Tree) WindingBatch(dst, xyz []float32, threads int) {
	t.batch(dst, xyz, threads, (*Tree).Winding)
}

// batch sets dst[i] = query(t, point i of xyz) for every i. The points are
// visited in Morton (Z-curve) order of their position, so that
// consecutive queries touch the same nodes and triangles while they are
// still in cache, in chunks of batchChunk claimed from a shared counter
// by threads goroutines (the caller's among them). Each result depends
// only on its point, so the order changes nothing but the speed.
func (t *Tree) batch(dst, xyz []float32, threads int, query func(*Tree, [3]float64) float64) {
	if len(xyz) != 3*len(dst) {
		panic(fmt.Sprintf("dist: %d coordinates for %d results; want 3 per point", len(xyz), len(dst)))
	}
	if uint64(len(dst)) > math.MaxUint32 {
		panic(fmt.Sprintf("dist: %d points in one batch; at most %d", len(dst), uint64(math.MaxUint32)))
	}
	n := len(dst)
	threads = min(parallel.Count(threads), (n+batchChunk-1)/batchChunk)
	order := t.getScratch(n)
	t.mortonOrder(order, xyz)
	if threads <= 1 {
		t.run(dst, xyz, order, query)
	} else {
		t.runParallel(dst, xyz, order, threads, query)
	}
	t.putScratch(order)
}

// runParallel runs the queries of order on threads workers, the caller
// among them, each claiming chunks of batchChunk queries in turn.
func (t *Tree) runParallel(dst, xyz []float32, order []uint64, threads int, query func(*Tree, [3]float64) float64) {
	n := len(order)
	var next atomic.Int64
	parallel.Workers(threads, func(int) {
		for {
			lo := int(next.Add(batchChunk)) - batchChunk
			if lo >= n {
				return
			}
			t.run(dst, xyz, order[lo:min(lo+batchChunk, n)], query)
		}
	})
}

// run sets dst[i] = query(t, point i of xyz) for the indices i in the low
// 32 bits of order's entries.
func (t *Tree) run(dst, xyz []float32, order []uint64, query func(*Tree, [3]float64) float64) {
	for _, o := range order {
		i := int(uint32(o))
		dst[i] = float32(query(t, point(xyz, i)))
	}
}

// mortonOrder sets order[i] to the Morton code of point i's cell of a
// 1024³ grid over the seed lattice's box (clamped), shifted up 32 bits,
// plus i, and sorts it: the low 32 bits then list the points along the
// Z-curve.
func (t *Tree) mortonOrder(order []uint64, xyz []float32) {
	l := &t.lattice.seeds
	var scale [3]float64
	for k := range 3 {
		scale[k] = 1024 / (l.h * float64(l.n[k]-1))
	}
	for i := range order {
		var code uint64
		for k := range 3 {
			c := (float64(xyz[3*i+k]) - l.origin[k]) * scale[k]
			code |= spread(uint64(min(max(c, 0), 1023))) << k
		}
		order[i] = code<<32 | uint64(i)
	}
	slices.Sort(order)
}

// spread moves bit j of a 10-bit x to bit 3j.
func spread(x uint64) uint64 {
	x = (x | x<<16) & 0x030000ff
	x = (x | x<<8) & 0x0300f00f
	x = (x | x<<4) & 0x030c30c3
	x = (x | x<<2) & 0x09249249
	return x
}

// getScratch returns a buffer of n entries for a batch's ordering, reusing
// one a finished batch returned when there is one, so that repeated
// batches allocate nothing.
func (t *Tree) getScratch(n int) []uint64 {
	select {
	case b := <-t.scratch:
		if cap(b) >= n {
			return b[:n]
		}
	default:
	}
	return make([]uint64, n)
}

// putScratch keeps b for a later batch, unless enough buffers are kept.
func (t *Tree) putScratch(b []uint64) {
	select {
	case t.scratch <- b:
	default:
	}
}

// point returns point i of the interleaved coordinates xyz in float64.
func point(xyz []float32, i int) [3]float64 {
	return [3]float64{float64(xyz[3*i]), float64(xyz[3*i+1]), float64(xyz[3*i+2])}
}

// maxScratch is how many batch buffers a Tree keeps for reuse: one per
// concurrent batch call worth serving without allocating.
const maxScratch = 4
