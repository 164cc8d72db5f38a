package field

import (
	"math"
	"math/rand/v2"
)

// lossTree draws indices with probability proportional to non-negative
// weights that change one at a time: a complete binary tree of partial
// sums over a power-of-two number of leaves (unused leaves weigh 0). A set
// recomputes the sums on the leaf's path from their children rather than
// adding differences, so no rounding error accumulates however many
// updates it sees.
type lossTree struct {
	n    int       // number of real leaves
	leaf int       // index of leaf 0 in sum (a power of two)
	sum  []float64 // sum[1] is the total; the children of k are 2k and 2k+1
}

func newLossTree(n int) lossTree {
	leaf := 1
	for leaf < n {
		leaf *= 2
	}
	return lossTree{n: n, leaf: leaf, sum: make([]float64, 2*leaf)}
}

// set gives index i the weight w ≥ 0.
func (t *lossTree) set(i int, w float64) {
	k := t.leaf + i
	t.sum[k] = w
	for k > 1 {
		k /= 2
		t.sum[k] = t.sum[2*k] + t.sum[2*k+1]
	}
}

// rebuild recomputes every partial sum from the leaves.
func (t *lossTree) rebuild() {
	for k := t.leaf - 1; k >= 1; k-- {
		t.sum[k] = t.sum[2*k] + t.sum[2*k+1]
	}
}

// draw returns an index with probability weight/total, or a uniform one
// when every weight is 0.
func (t *lossTree) draw(rng *rand.Rand) int {
	if !(t.sum[1] > 0) {
		return rng.IntN(t.n)
	}
	u := rng.Float64() * t.sum[1]
	k := 1
	for k < t.leaf {
		l := t.sum[2*k]
		if u < l || t.sum[2*k+1] <= 0 {
			k = 2 * k
		} else {
			u -= l
			k = 2*k + 1
		}
	}
	i := k - t.leaf
	if i >= t.n { // rounding at the right edge
		i = t.n - 1
	}
	return i
}

// nearImportance keeps SDFTask's error-driven sampling of the near-surface
// pool (SDFTaskOptions.Importance): the last MAPE term seen for each pool
// sample, and the tree that draws samples in proportion to it raised to
// Power. Loss records each row's term; the next Sample folds the terms of
// the rows drawn from the near pool into the estimates, before any pool
// block is replaced. Samples not yet seen carry the mean of the last
// batch's terms, so that they are neither favoured nor starved.
type nearImportance struct {
	power  float64
	est    []float32 // per near-pool sample
	tree   lossTree
	drawn  []int32   // per batch row: the near-pool index, or −1
	rowErr []float32 // per batch row: its MAPE term, −1 until Loss sets it
	mean   float32   // mean term of the last folded batch
}

func newNearImportance(pool, batch int, power float64) *nearImportance {
	im := &nearImportance{power: power, est: make([]float32, pool), tree: newLossTree(pool),
		drawn: make([]int32, batch), rowErr: make([]float32, batch), mean: 1}
	for i := range im.est {
		im.est[i] = 1
		im.tree.sum[im.tree.leaf+i] = 1
	}
	im.tree.rebuild()
	for i := range im.drawn {
		im.drawn[i], im.rowErr[i] = -1, -1
	}
	return im
}

// weight is the tree weight of an estimate e.
func (im *nearImportance) weight(e float32) float64 {
	if im.power == 1 {
		return float64(e)
	}
	return math.Pow(float64(e), im.power)
}

// fold moves the terms Loss recorded into the estimates and forgets the
// batch's rows.
func (im *nearImportance) fold() {
	var s float64
	c := 0
	for i, j := range im.drawn {
		if j >= 0 && im.rowErr[i] >= 0 {
			e := im.rowErr[i]
			im.est[j] = e
			im.tree.set(int(j), im.weight(e))
			s += float64(e)
			c++
		}
		im.drawn[i], im.rowErr[i] = -1, -1
	}
	if c > 0 {
		im.mean = float32(s / float64(c))
	}
}

// reset gives the samples lo..hi−1 of the pool, just replaced, the mean
// estimate, and rebuilds the tree.
func (im *nearImportance) reset(lo, hi int) {
	w := im.weight(im.mean)
	for j := lo; j < hi; j++ {
		im.est[j] = im.mean
		im.tree.sum[im.tree.leaf+j] = w
	}
	im.tree.rebuild()
}

// record stores the MAPE terms of rows off.. of the batch whose target is
// batchTarget, given the target slice a Loss call received: the crew
// passes sub-slices of the batch, so the row offset is the difference of
// their capacities, checked against the element's address. Calls on other
// slices are ignored. Concurrent calls write disjoint rows.
func (im *nearImportance) record(batchTarget, pred, target []float32) {
	if len(target) == 0 {
		return
	}
	off := cap(batchTarget) - cap(target)
	if off < 0 || off+len(target) > len(batchTarget) || &batchTarget[off] != &target[0] || off+len(target) > len(im.rowErr) {
		return
	}
	for i, p := range pred {
		im.rowErr[off+i] = mapeTerm(p, target[i])
	}
}
