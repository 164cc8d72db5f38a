package mc

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/sdf/mesh"
)

// Extract samples f on the grid of o and returns the triangle mesh of its
// level set: vertices welded across cells, faces counter-clockwise seen
// from the side where f is above the level (outward for a signed distance).
// The mesh is a closed, consistently oriented 2-manifold wherever the
// surface does not reach the boundary of the box; there it is open. See
// Stream for the memory used.
func Extract(f ScalarFunc, o Options) (*mesh.Mesh, error) {
	m := &mesh.Mesh{}
	err := Stream(f, o, func(v [][3]float64, t [][3]int32) error {
		m.V = append(m.V, v...)
		m.F = append(m.F, t...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Emit receives one slab of an extraction: the vertices created in it,
// whose ids continue from the previous slabs' (the first vertex of the
// first slab is 0), and its triangles, which may use vertices of earlier
// slabs. Both slices are reused after Emit returns. A non-nil error stops
// the extraction and is returned by Stream.
type Emit = func(v [][3]float64, t [][3]int32) error

// Stream is Extract with the output passed slab by slab to emit, in order
// of increasing z, instead of collected. It holds two z-slices of samples
// at a time (and the ids of the vertices on their edges), so its memory
// grows with Res², not Res³: about 45 bytes per sample of a slice, 47 MB at
// Res 1024.
func Stream(f ScalarFunc, o Options, emit Emit) error {
	o, err := o.resolved()
	if err != nil {
		return err
	}
	x := newExtractor(f, o)
	if err := x.eval(0, 0); err != nil {
		return err
	}
	if err := x.planeVertices(0, 0); err != nil {
		return err
	}
	for k := 0; k+1 < o.Res; k++ {
		lo, hi := k&1, (k+1)&1
		if err := x.eval(hi, k+1); err != nil {
			return err
		}
		if err := x.planeVertices(hi, k+1); err != nil {
			return err
		}
		if err := x.zVertices(lo, hi, k); err != nil {
			return err
		}
		if err := x.cells(lo, hi, k); err != nil {
			return err
		}
		if err := emit(x.verts, x.faces); err != nil {
			return err
		}
		x.verts, x.faces = x.verts[:0], x.faces[:0]
	}
	return nil
}

// extractor holds the state of one extraction: two z-slices (slots 0 and
// 1, alternating) of values, inside flags and edge vertex ids.
type extractor struct {
	f     ScalarFunc
	o     Options
	n     int // samples per axis
	step  [3]float64
	pts   []float32    // the sample points of one slice, n²×3
	val   [2][]float32 // values of the slices
	in    [2][]uint8   // 1 where the value is below the level
	xid   [2][]int32   // vertex on the x-edge from sample r to r+1
	yid   [2][]int32   // vertex on the y-edge from sample r to r+n
	zid   []int32      // vertex on the z-edge from sample r of slot lo to hi
	nv    int64        // vertices created so far
	verts [][3]float64 // vertices of the current slab
	faces [][3]int32   // triangles of the current slab
	tab   []caseEntry
	eoff  [12]int // offset of edge e's sample from the cell's first sample
}

// newExtractor allocates the slice buffers for o (resolved).
func newExtractor(f ScalarFunc, o Options) *extractor {
	n := o.Res
	x := &extractor{f: f, o: o, n: n, tab: cases(), pts: make([]float32, 3*n*n), zid: make([]int32, n*n)}
	for a := range 3 {
		x.step[a] = (o.Max[a] - o.Min[a]) / float64(n-1)
	}
	for s := range 2 {
		x.val[s] = make([]float32, n*n)
		x.in[s] = make([]uint8, n*n)
		x.xid[s] = make([]int32, n*n)
		x.yid[s] = make([]int32, n*n)
	}
	for j := range n {
		y := float32(x.coord(1, float64(j)))
		for i := range n {
			r := 3 * (j*n + i)
			x.pts[r], x.pts[r+1] = float32(x.coord(0, float64(i))), y
		}
	}
	for e := range 12 {
		rest := e & 3
		switch e >> 2 {
		case 0: // x-edge: y = rest&1, z = rest>>1
			x.eoff[e] = (rest & 1) * n
		case 1: // y-edge: x = rest&1
			x.eoff[e] = rest & 1
		default: // z-edge: x = rest&1, y = rest>>1
			x.eoff[e] = rest&1 + (rest>>1)*n
		}
	}
	return x
}

// coord returns the coordinate on axis a of (fractional) sample index t.
func (x *extractor) coord(a int, t float64) float64 {
	return x.o.Min[a] + t*x.step[a]
}

// eval samples slice k into slot s.
func (x *extractor) eval(s, k int) error {
	z := float32(x.coord(2, float64(k)))
	for r := 2; r < len(x.pts); r += 3 {
		x.pts[r] = z
	}
	Evaluate(x.f, x.pts, x.val[s], x.o.Batch, x.o.Threads)
	level := x.o.Level
	in := x.in[s]
	for r, v := range x.val[s] {
		if v != v {
			return fmt.Errorf("mc: the field is NaN at (%g, %g, %g)", x.pts[3*r], x.pts[3*r+1], z)
		}
		in[r] = b2u(float64(v) < level)
	}
	return nil
}

// b2u is 1 for true and 0 for false.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// newVertex appends p to the slab's vertices and returns its id.
func (x *extractor) newVertex(p [3]float64) (int32, error) {
	if x.nv >= math.MaxInt32 {
		return 0, fmt.Errorf("mc: more than %d vertices", math.MaxInt32)
	}
	x.verts = append(x.verts, p)
	x.nv++
	return int32(x.nv - 1), nil
}

// crossing returns the fraction along an edge from value a to value b at
// which the linear interpolant meets the level; a and b lie on different
// sides of it.
func (x *extractor) crossing(a, b float32) float64 {
	fa := float64(a)
	return (x.o.Level - fa) / (float64(b) - fa)
}

// planeVertices creates the vertices on the x- and y-edges of slice k
// (slot s) that cross the level.
func (x *extractor) planeVertices(s, k int) error {
	n, val, in := x.n, x.val[s], x.in[s]
	z := x.coord(2, float64(k))
	var err error
	for j := range n {
		y := x.coord(1, float64(j))
		for i := 0; i < n; i++ {
			r := j*n + i
			if i+9 <= n && j+1 < n {
				// Samples i … i+8 of the row and i … i+7 of the next alike:
				// no crossing on the x- and y-edges from samples i … i+7.
				if a := word(in, r); a == word(in, r+1) && a == word(in, r+n) {
					i += 7
					continue
				}
			}
			if i+1 < n && in[r] != in[r+1] {
				p := [3]float64{x.coord(0, float64(i)+x.crossing(val[r], val[r+1])), y, z}
				if x.xid[s][r], err = x.newVertex(p); err != nil {
					return err
				}
			}
			if j+1 < n && in[r] != in[r+n] {
				p := [3]float64{x.coord(0, float64(i)), x.coord(1, float64(j)+x.crossing(val[r], val[r+n])), z}
				if x.yid[s][r], err = x.newVertex(p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// zVertices creates the vertices on the z-edges between slice k (slot lo)
// and slice k+1 (slot hi) that cross the level.
func (x *extractor) zVertices(lo, hi, k int) error {
	n, v0, v1, in0, in1 := x.n, x.val[lo], x.val[hi], x.in[lo], x.in[hi]
	var err error
	for r := 0; r < n*n; r++ {
		if r+8 <= n*n && word(in0, r) == word(in1, r) {
			r += 7
			continue
		}
		if in0[r] != in1[r] {
			p := [3]float64{x.coord(0, float64(r%n)), x.coord(1, float64(r/n)), x.coord(2, float64(k)+x.crossing(v0[r], v1[r]))}
			if x.zid[r], err = x.newVertex(p); err != nil {
				return err
			}
		}
	}
	return nil
}
