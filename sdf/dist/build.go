package dist

import (
	"cmp"
	"math"
	"slices"

	"github.com/neurbf/neurbf/internal/vec3"
)

const (
	// stackSize is the capacity of the query stacks: more than the deepest
	// tree the builder makes.
	stackSize = 96
	// wideStackSize is the capacity of the stacks of the distance
	// hierarchy, whose nodes push up to three children more than they pop
	// and are at most as deep as the binary hierarchy.
	wideStackSize = (width - 1) * stackSize
	// sahDepth is the depth from which the builder splits at the median,
	// which bounds the remaining depth by log2 of the face count (< 31).
	sahDepth = 48
	// bins is the number of bins per axis of the surface-area heuristic.
	bins = 16
)

// builder holds the state of a hierarchy build.
type builder struct {
	tris     []triangle
	leafSize int
	// order is the permutation of face indices being partitioned.
	order []int32
	// centroid[f] is face f's centroid; box[f] its bounds, low then high.
	centroid [][3]float64
	box      [][2][3]float64
	nodes    []node
}

// start builds the whole hierarchy.
func (b *builder) start() {
	n := len(b.tris)
	b.order = make([]int32, n)
	b.centroid = make([][3]float64, n)
	b.box = make([][2][3]float64, n)
	for i := range b.tris {
		b.order[i] = int32(i)
		t := &b.tris[i]
		b.centroid[i] = vec3.Scale(1.0/3, vec3.Add(t.a, vec3.Add(t.b, t.c)))
		lo, hi := emptyBox()
		for _, v := range [3][3]float64{t.a, t.b, t.c} {
			grow(&lo, &hi, v)
		}
		b.box[i] = [2][3]float64{lo, hi}
	}
	b.nodes = make([]node, 0, 2*n/b.leafSize+1)
	b.build(0, n, 0)
}

// build appends the node of order[begin:end] and, recursively, its
// subtree, partitioning order in place.
func (b *builder) build(begin, end, depth int) {
	lo, hi := emptyBox()
	clo, chi := emptyBox()
	for _, f := range b.order[begin:end] {
		grow(&lo, &hi, b.box[f][0])
		grow(&lo, &hi, b.box[f][1])
		grow(&clo, &chi, b.centroid[f])
	}
	self := len(b.nodes)
	b.nodes = append(b.nodes, node{lo: lo, hi: hi, begin: int32(begin), end: int32(end), right: -1})
	if end-begin <= b.leafSize {
		return
	}
	mid := b.split(begin, end, depth, clo, chi)
	b.build(begin, mid, depth+1)
	b.nodes[self].right = int32(len(b.nodes))
	b.build(mid, end, depth+1)
}

// split partitions order[begin:end] in two non-empty parts and returns
// where the second starts: at the best binned surface-area-heuristic
// plane over the three axes, or at the median of the widest centroid axis
// when the tree is already deep or the centroids coincide.
func (b *builder) split(begin, end, depth int, clo, chi [3]float64) int {
	axis := 0
	for k := 1; k < 3; k++ {
		if chi[k]-clo[k] > chi[axis]-clo[axis] {
			axis = k
		}
	}
	if depth < sahDepth && chi[axis] > clo[axis] {
		if bestAxis, plane, ok := b.sah(begin, end, clo, chi); ok {
			mid := begin
			for i := begin; i < end; i++ {
				if f := b.order[i]; b.centroid[f][bestAxis] < plane {
					b.order[i], b.order[mid] = b.order[mid], f
					mid++
				}
			}
			if mid > begin && mid < end {
				return mid
			}
		}
	}
	part := b.order[begin:end]
	slices.SortFunc(part, func(x, y int32) int { return cmp.Compare(b.centroid[x][axis], b.centroid[y][axis]) })
	return begin + len(part)/2
}

// sah returns the axis and the coordinate of the splitting plane that
// minimise the surface-area heuristic Σ area(child box)·count(child) over
// bins equal bins of the centroid box per axis, and false when no axis has
// extent.
func (b *builder) sah(begin, end int, clo, chi [3]float64) (axis int, plane float64, ok bool) {
	var count [3][bins]int
	var blo, bhi [3][bins][3]float64
	var inv [3]float64
	for k := range 3 {
		for i := range bins {
			blo[k][i], bhi[k][i] = emptyBox()
		}
		if ext := chi[k] - clo[k]; ext > 0 {
			inv[k] = bins / ext
		}
	}
	for _, f := range b.order[begin:end] {
		c, box := &b.centroid[f], &b.box[f]
		for k := range 3 {
			i := min(int((c[k]-clo[k])*inv[k]), bins-1)
			count[k][i]++
			grow(&blo[k][i], &bhi[k][i], box[0])
			grow(&blo[k][i], &bhi[k][i], box[1])
		}
	}
	best := math.Inf(1)
	for k := range 3 {
		if inv[k] == 0 {
			continue
		}
		// right[i] is the cost of bins i.. as one child.
		var right [bins]float64
		rlo, rhi := emptyBox()
		n := 0
		for i := bins - 1; i > 0; i-- {
			grow(&rlo, &rhi, blo[k][i])
			grow(&rlo, &rhi, bhi[k][i])
			n += count[k][i]
			right[i] = area(rlo, rhi) * float64(n)
		}
		llo, lhi := emptyBox()
		n = 0
		for i := range bins - 1 {
			grow(&llo, &lhi, blo[k][i])
			grow(&llo, &lhi, bhi[k][i])
			n += count[k][i]
			if n == 0 || n == end-begin {
				continue
			}
			if c := area(llo, lhi)*float64(n) + right[i+1]; c < best {
				best, axis, plane, ok = c, k, clo[k]+float64(i+1)/inv[k], true
			}
		}
	}
	return axis, plane, ok
}

// emptyBox returns the bounds of the empty box.
func emptyBox() (lo, hi [3]float64) {
	inf := math.Inf(1)
	return [3]float64{inf, inf, inf}, [3]float64{-inf, -inf, -inf}
}

// grow extends the box [lo, hi] to hold v.
func grow(lo, hi *[3]float64, v [3]float64) {
	for k := range 3 {
		lo[k] = min(lo[k], v[k])
		hi[k] = max(hi[k], v[k])
	}
}

// area returns half the surface area of the box [lo, hi], zero if empty.
func area(lo, hi [3]float64) float64 {
	dx, dy, dz := hi[0]-lo[0], hi[1]-lo[1], hi[2]-lo[2]
	if dx < 0 {
		return 0
	}
	return dx*dy + dy*dz + dz*dx
}
