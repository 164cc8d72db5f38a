package dist

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// Signed returns the signed distance from p to the mesh: the unsigned
// distance, negated when p is inside, that is when its winding number is
// at least 0.5.
func (t *Tree) Signed(p [3]float64) float64 {
	d, _, _ := t.Unsigned(p)
	if t.Winding(p) >= 0.5 {
		return -d
	}
	return d
}

// batchChunk is the number of points a goroutine of a batch query claims
// at a time: small enough to balance uneven query costs, large enough to
// make the shared counter cheap.
const batchChunk = 64

// SignedBatch sets dst[i] to the signed distance of the point
// (xyz[3i], xyz[3i+1], xyz[3i+2]). threads goroutines share the work
// (threads < 1 means GOMAXPROCS); with one thread nothing is allocated. It
// panics unless len(xyz) = 3·len(dst).
func (t *Tree) SignedBatch(dst, xyz []float32, threads int) {
	t.batch(dst, xyz, threads, (*Tree).Signed)
}

// WindingBatch sets dst[i] to the winding number of the point
// (xyz[3i], xyz[3i+1], xyz[3i+2]); the point is inside where it is at
// least 0.5. threads is as in SignedBatch. It panics unless
// len(xyz) = 3·len(dst).
func (t *Tree) WindingBatch(dst, xyz []float32, threads int) {
	t.batch(dst, xyz, threads, (*Tree).Winding)
}

// batch sets dst[i] = query(t, point i of xyz) for every i, in chunks of
// batchChunk points claimed from a shared counter by threads goroutines
// (the caller's among them).
func (t *Tree) batch(dst, xyz []float32, threads int, query func(*Tree, [3]float64) float64) {
	if len(xyz) != 3*len(dst) {
		panic(fmt.Sprintf("dist: %d coordinates for %d results; want 3 per point", len(xyz), len(dst)))
	}
	n := len(dst)
	if threads < 1 {
		threads = runtime.GOMAXPROCS(0)
	}
	threads = min(threads, (n+batchChunk-1)/batchChunk)
	if threads <= 1 {
		t.run(dst, xyz, 0, n, query)
		return
	}
	var next atomic.Int64
	work := func() {
		for {
			lo := int(next.Add(batchChunk)) - batchChunk
			if lo >= n {
				return
			}
			t.run(dst, xyz, lo, min(lo+batchChunk, n), query)
		}
	}
	var wg sync.WaitGroup
	for range threads - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// run sets dst[i] = query(t, point i of xyz) for i in [lo, hi).
func (t *Tree) run(dst, xyz []float32, lo, hi int, query func(*Tree, [3]float64) float64) {
	for i := lo; i < hi; i++ {
		dst[i] = float32(query(t, point(xyz, i)))
	}
}

// point returns point i of the interleaved coordinates xyz in float64.
func point(xyz []float32, i int) [3]float64 {
	return [3]float64{float64(xyz[3*i]), float64(xyz[3*i+1]), float64(xyz[3*i+2])}
}
