package dist

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Options tune a Tree. The zero value gives the defaults.
type Options struct {
	// Beta is the accuracy parameter β of the hierarchical winding number:
	// a node's Taylor expansion stands in for its triangles when the query
	// is more than β times the node's radius from the node's centre.
	// Larger is more accurate and slower. Zero means 2, the value Barill et
	// al. (2018) recommend.
	Beta float64
	// LeafSize is the largest number of triangles in a leaf of the
	// hierarchy. Zero means 4.
	LeafSize int
}

// Defaults of Options.
const (
	defaultBeta     = 2
	defaultLeafSize = 4
)

// Tree answers distance, winding-number and sign queries about one
// triangle mesh. Queries do not modify it (batch queries only borrow and
// return reusable buffers through a channel), so any number of goroutines
// may query it at once.
type Tree struct {
	nodes   []node
	moments []moment
	// tris holds the faces in leaf order, so every node's triangles are
	// the contiguous range [node.begin, node.end).
	tris []triangle
	// faces[i] is the index in the mesh of tris[i].
	faces []int32
	// beta2 is β².
	beta2 float64
	// qnodes is the hierarchy flattened for distance and crossing queries,
	// groups the triangles of its leaves prepared for distance estimates.
	qnodes []qnode
	groups []group
	// closed is whether the mesh is closed (see isClosed), so that signs
	// can be decided exactly from the lattice's winding numbers.
	closed  bool
	lattice lattice
	// scratch keeps the ordering buffers of finished batch queries for
	// reuse, the only state a query touches besides its stack.
	scratch chan []uint64
}

// node is a bounding box of the hierarchy. Node i's left child, if any, is
// node i+1.
type node struct {
	lo, hi [3]float64
	// begin and end delimit the node's triangles in Tree.tris.
	begin, end int32
	// right is the index of the right child, or −1 for a leaf.
	right int32
}

// New builds the hierarchy of m with the default Options. The mesh is
// copied: changing it afterwards does not affect the Tree.
func New(m *mesh.Mesh) (*Tree, error) { return NewWithOptions(m, Options{}) }

// NewWithOptions builds the hierarchy of m with the given options. It
// returns an error when the mesh has no faces, a face refers to a vertex
// that does not exist, a vertex used by a face is not finite, or an option
// is negative.
func NewWithOptions(m *mesh.Mesh, opt Options) (*Tree, error) {
	if opt.Beta < 0 || math.IsNaN(opt.Beta) || math.IsInf(opt.Beta, 0) {
		return nil, fmt.Errorf("dist: winding-number accuracy Beta = %g must be a finite number ≥ 0 (0 for the default %d)", opt.Beta, defaultBeta)
	}
	if opt.LeafSize < 0 {
		return nil, fmt.Errorf("dist: LeafSize = %d must be ≥ 0 (0 for the default %d)", opt.LeafSize, defaultLeafSize)
	}
	beta, leaf := opt.Beta, opt.LeafSize
	if beta == 0 {
		beta = defaultBeta
	}
	if leaf == 0 {
		leaf = defaultLeafSize
	}
	if m == nil || len(m.F) == 0 {
		return nil, errors.New("dist: the mesh has no faces")
	}
	if len(m.F) > math.MaxInt32 {
		return nil, fmt.Errorf("dist: the mesh has %d faces, more than %d", len(m.F), math.MaxInt32)
	}
	tris := make([]triangle, len(m.F))
	for i, f := range m.F {
		var v [3][3]float64
		for k, vi := range f {
			if vi < 0 || int(vi) >= len(m.V) {
				return nil, fmt.Errorf("dist: face %d refers to vertex %d, but the mesh has %d vertices", i, vi, len(m.V))
			}
			v[k] = m.V[vi]
			for _, x := range v[k] {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return nil, fmt.Errorf("dist: vertex %d of face %d is not finite: %v", vi, i, v[k])
				}
			}
		}
		tris[i] = newTriangle(v[0], v[1], v[2])
	}
	b := builder{tris: tris, leafSize: leaf}
	b.start()
	t := &Tree{nodes: b.nodes, tris: make([]triangle, len(tris)), faces: b.order, beta2: beta * beta, scratch: make(chan []uint64, maxScratch)}
	for i, f := range b.order {
		t.tris[i] = tris[f]
	}
	// The winding-number moments and the distance structures are
	// independent: build them side by side.
	var wg sync.WaitGroup
	wg.Go(func() {
		t.moments = make([]moment, len(t.nodes))
		t.computeMoments()
	})
	t.qnodes, t.groups = flatten(t.nodes, t.tris)
	t.closed = isClosed(m)
	t.buildLattice(t.nodes[0].lo, t.nodes[0].hi)
	wg.Wait()
	return t, nil
}

// newTriangle returns the triangle abc, marked flat when its area is
// negligible next to its edge lengths (the angle at a below about 1e-10
// radians, or a repeated vertex).
func newTriangle(a, b, c [3]float64) triangle {
	ab, ac := vec3.Sub(b, a), vec3.Sub(c, a)
	n := vec3.Cross(ab, ac)
	flat := vec3.Dot(n, n) <= 1e-20*vec3.Dot(ab, ab)*vec3.Dot(ac, ac)
	return triangle{a: a, b: b, c: c, flat: flat}
}

// Faces returns the number of triangles in the tree.
func (t *Tree) Faces() int { return len(t.tris) }

// Closed reports whether the mesh is closed: after merging vertices with
// identical coordinates, every edge a→b is matched by an edge b→a. Signs
// are then decided exactly, without the hierarchical winding number.
func (t *Tree) Closed() bool { return t.closed }
