package field

import (
	"math"

	"github.com/neurbf/neurbf/sdf/dist"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// SignField answers ground-truth occupancy queries of a normalised mesh
// quickly, for IoU over millions of points (docs/METHOD.md §4): Eval gives a value
// with the sign of the exact signed distance (positive outside), equal to
// it near the surface and a positive lower bound of its magnitude
// elsewhere.
//
// For a closed mesh the winding number, and so the sign, can only change
// across the surface, so a cell of a 64³ grid over [−1, 1]³ lies entirely
// on one side when the distance from its centre exceeds its half
// diagonal. Cells are classified coarse to fine (8³, then children of
// undecided cells), which costs a few tens of thousands of exact queries
// for a typical mesh; points in undecided cells, or outside [−1, 1]³, are
// queried exactly. For an open mesh every point is queried exactly.
type SignField struct {
	tree  *dist.Tree
	bound []float32 // per finest cell: ±distance lower bound, or 0 if undecided
}

// Cell grids of SignField: signBase cells per axis at the coarsest level,
// signRes at the finest.
const (
	signBase = 8
	signRes  = 64
)

// NewSignField builds the sign cache of m (already normalised), using
// threads goroutines for its exact queries, 0 meaning all CPUs (the
// module's convention, internal/parallel.Count).
func NewSignField(m *mesh.Mesh, threads int) (*SignField, error) {
	tree, err := dist.New(m)
	if err != nil {
		return nil, err
	}
	s := &SignField{tree: tree}
	if !mesh.Closed(m) {
		return s, nil
	}
	s.bound = make([]float32, signRes*signRes*signRes)
	// cells holds the undecided cells of the current level as (i, j, k).
	var cells [][3]int
	for k := range signBase {
		for j := range signBase {
			for i := range signBase {
				cells = append(cells, [3]int{i, j, k})
			}
		}
	}
	for res := signBase; res <= signRes && len(cells) > 0; res *= 2 {
		h := 2 / float64(res)
		half := h * math.Sqrt(3) / 2
		xyz := make([]float32, 0, 3*len(cells))
		for _, c := range cells {
			for a := range 3 {
				xyz = append(xyz, float32(-1+(float64(c[a])+0.5)*h))
			}
		}
		d := make([]float32, len(cells))
		tree.SignedBatch(d, xyz, threads)
		var next [][3]int
		for q, c := range cells {
			v := float64(d[q])
			if lb := math.Abs(v) - half; lb > 0 {
				s.fill(c, res, float32(math.Copysign(lb, v)))
				continue
			}
			if res < signRes {
				for o := range 8 {
					next = append(next, [3]int{2*c[0] + o&1, 2*c[1] + o>>1&1, 2*c[2] + o>>2})
				}
			}
		}
		cells = next
	}
	return s, nil
}

// fill sets the bound of every finest cell inside cell c of a res³ grid.
func (s *SignField) fill(c [3]int, res int, v float32) {
	f := signRes / res
	for k := c[2] * f; k < (c[2]+1)*f; k++ {
		for j := c[1] * f; j < (c[1]+1)*f; j++ {
			row := s.bound[(k*signRes+j)*signRes:]
			for i := c[0] * f; i < (c[0]+1)*f; i++ {
				row[i] = v
			}
		}
	}
}

// Eval writes the value at each point of points (n×3) into out (n). It is
// safe for concurrent use and allocates nothing.
func (s *SignField) Eval(out, points []float32) {
	for i := range out {
		p := points[3*i : 3*i+3]
		if s.bound != nil {
			var c [3]int
			ok := true
			for a := range 3 {
				c[a] = int(math.Floor((float64(p[a]) + 1) * signRes / 2))
				ok = ok && c[a] >= 0 && c[a] < signRes
			}
			if ok {
				if v := s.bound[(c[2]*signRes+c[1])*signRes+c[0]]; v != 0 {
					out[i] = v
					continue
				}
			}
		}
		out[i] = float32(s.tree.Signed([3]float64{float64(p[0]), float64(p[1]), float64(p[2])}))
	}
}
