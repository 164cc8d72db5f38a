package rbf

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurbf/neurbf/internal/kmeans"
	"github.com/neurbf/neurbf/internal/knn"
)

// lloydIters is the number of Lloyd iterations of the initialisation
// (docs/METHOD.md §2).
const lloydIters = 10

// shapeAlpha is α of docs/METHOD.md §2: a cluster's covariance is divided by it.
const shapeAlpha = 0.5

// initShapes returns initial shapes (N×k.ShapeSize(dim)) for the clusters
// of kmeans.Weighted (docs/METHOD.md §2). extent is the side of the domain and
// resolution the number of samples along it, both in the frame of the
// points (for a 256² image in [-1,1]²: 2 and 256); they set the clamp
// range [vmin, vmax] = [extent/resolution/200, extent/10] of standard
// deviations.
//
// For a cluster, Σ is the weighted second moment of its members about the
// centre divided by α = 0.5. Anisotropic kernels clamp Σ's diagonal to
// [vmin², vmax²] and its off-diagonal entries to 0.999·√(Σ_ii Σ_jj),
// halving the off-diagonal entries further in the rare 3-D case where that
// is not yet positive definite, and use S = Σ⁻¹. The tent uses width
// √(4·trace Σ) = √(8·E_w‖d‖²) clamped to [vmin, vmax] and s = 1/width.
//
// A cluster with fewer than two positive-weight members has no usable
// spread; it is given the isotropic spread of its neighbourhood instead, a
// per-axis standard deviation of half the distance to the nearest other
// centre (then divided by α and clamped as above).
func initShapes(k Kernel, points, weights []float32, dim int, centres []float32, assign []int32, extent, resolution float64) ([]float32, error) {
	ss := k.ShapeSize(dim)
	switch {
	case ss == 0:
		return nil, fmt.Errorf("shape init: unknown kernel %q", k)
	case dim < 1 || dim > 3:
		return nil, fmt.Errorf("shape init: dimension %d is not 1, 2 or 3", dim)
	case len(points)%dim != 0 || len(points)/dim != len(weights) || len(weights) != len(assign):
		return nil, fmt.Errorf("shape init: %d coordinates, %d weights and %d assignments disagree", len(points), len(weights), len(assign))
	case len(centres) == 0 || len(centres)%dim != 0:
		return nil, fmt.Errorf("shape init: %d centre coordinates for dimension %d", len(centres), dim)
	case !(extent > 0) || !(resolution > 0) || math.IsInf(extent, 0) || math.IsInf(resolution, 0):
		return nil, fmt.Errorf("shape init: extent %v and resolution %v must be finite and positive", extent, resolution)
	}
	n := len(centres) / dim
	vmin, vmax := extent/resolution/200, extent/10
	mom := make([][3][3]float64, n)
	wsum := make([]float64, n)
	members := make([]int, n)
	for p, c := range assign {
		if c < 0 || int(c) >= n {
			return nil, fmt.Errorf("shape init: point %d is assigned to cluster %d of %d", p, c, n)
		}
		w := float64(weights[p])
		if !(w > 0) {
			continue
		}
		var d [3]float64
		for a := 0; a < dim; a++ {
			d[a] = float64(points[p*dim+a]) - float64(centres[int(c)*dim+a])
		}
		for a := 0; a < dim; a++ {
			for b := 0; b < dim; b++ {
				mom[c][a][b] += w * d[a] * d[b]
			}
		}
		wsum[c] += w
		members[c]++
	}
	var ix *knn.Grid
	if n > 1 {
		ix = knn.NewGrid(centres, dim)
	}
	shapes := make([]float32, n*ss)
	var nb [2]int32
	var d2 [2]float32
	for c := 0; c < n; c++ {
		var cov [3][3]float64
		if members[c] >= 2 {
			for a := 0; a < dim; a++ {
				for b := 0; b < dim; b++ {
					cov[a][b] = mom[c][a][b] / wsum[c] / shapeAlpha
				}
			}
		} else {
			sd := vmax
			if ix != nil {
				ix.KNearest(nb[:], d2[:], centres[c*dim:c*dim+dim])
				sd = math.Sqrt(float64(d2[1])) / 2
			}
			for a := 0; a < dim; a++ {
				cov[a][a] = sd * sd / shapeAlpha
			}
		}
		out := shapes[c*ss : c*ss+ss]
		if k == NLinS {
			tr := 0.0
			for a := 0; a < dim; a++ {
				tr += cov[a][a]
			}
			out[0] = float32(1 / min(max(math.Sqrt(4*tr), vmin), vmax))
			continue
		}
		clampCov(&cov, dim, vmin, vmax)
		s := invSym(&cov, dim)
		t := 0
		for a := 0; a < dim; a++ {
			for b := a; b < dim; b++ {
				out[t] = float32(s[a][b])
				t++
			}
		}
	}
	return shapes, nil
}

// clampCov clamps a covariance as initShapes describes, leaving it
// positive definite.
func clampCov(m *[3][3]float64, dim int, vmin, vmax float64) {
	for a := 0; a < dim; a++ {
		m[a][a] = min(max(m[a][a], vmin*vmin), vmax*vmax)
	}
	for a := 0; a < dim; a++ {
		for b := a + 1; b < dim; b++ {
			lim := 0.999 * math.Sqrt(m[a][a]*m[b][b])
			v := min(max(m[a][b], -lim), lim)
			if math.IsNaN(v) {
				v = 0
			}
			m[a][b], m[b][a] = v, v
		}
	}
	for i := 0; i < 64 && !posDef(m, dim); i++ {
		for a := 0; a < dim; a++ {
			for b := a + 1; b < dim; b++ {
				m[a][b] /= 2
				m[b][a] = m[a][b]
			}
		}
	}
}

// NewFromData returns an encoder of n RBFs of dimension dim initialised from
// training points (row-major, in the input frame, before Config.InputScale)
// and their weights (docs/METHOD.md §2): weighted K-means with lloydIters
// iterations in the scaled frame, shapes by initShapes with extent and
// resolution given in that scaled frame, and features uniform in
// ±InitScale. rng drives seeding, then features. Errors are those of New,
// kmeans.Weighted and initShapes.
func NewFromData(cfg Config, dim, n int, points, weights []float32, extent, resolution float64, rng *rand.Rand) (*Encoder, error) {
	if dim != 2 && dim != 3 {
		return nil, fmt.Errorf("rbf encoder: dimension %d is not 2 or 3", dim)
	}
	full := cfg.WithDefaults(defaultsFor(dim))
	if err := full.Validate(); err != nil {
		return nil, fmt.Errorf("rbf encoder: %w", err)
	}
	if len(full.InputScale) != 0 && len(full.InputScale) != dim {
		return nil, fmt.Errorf("rbf encoder: %d input scale factors for dimension %d", len(full.InputScale), dim)
	}
	if !unitScale(full.InputScale) { // a copy of the points, so only when it changes them
		scaled := make([]float32, len(points))
		for i, v := range points {
			scaled[i] = v * full.InputScale[i%dim]
		}
		points = scaled
	}
	centres, assign, err := kmeans.Weighted(points, weights, dim, n, lloydIters, rng)
	if err != nil {
		return nil, fmt.Errorf("rbf init: %w", err)
	}
	shapes, err := initShapes(full.Kernel, points, weights, dim, centres, assign, extent, resolution)
	if err != nil {
		return nil, fmt.Errorf("rbf init: %w", err)
	}
	e, err := New(cfg, dim, centres, shapes, rng)
	if err != nil {
		return nil, err
	}
	e.spatialOrder()
	return e, nil
}

// spatialOrder renumbers the RBFs in the cell order of the 2-D neighbour
// grid (knn.Grid.Order): the K neighbours of a point, which lie in a few
// adjacent cells, then have nearby rows in the feature, centre, shape and
// gradient tables, so that a batch's gathers and scatters touch fewer
// cache lines and pages, and those of points near one another overlap.
// It moves the features with their RBFs and the grid rebuilt from the
// renumbered centres visits them in the same sequence, so the encoder
// computes exactly what it did before, the RBFs renamed. It does nothing
// in 3-D, whose index is a k-d tree: its build depends on the numbering,
// and SDF encoders keep K-means' order.
func (e *Encoder) spatialOrder() {
	order := e.index.Order()
	if order == nil {
		return
	}
	e.index = knn.Index{} // released before Reindex builds the new one
	done := make([]bool, e.n)
	permuteRows(e.pos.Data, order, e.dim, done)
	permuteRows(e.shape.Data, order, e.ss, done)
	permuteRows(e.w.Data, order, e.cfg.Features, done)
	e.Reindex()
}

// permuteRows sets row j of the width-wide rows of v to the former row
// order[j] (order a permutation of the rows), in place: it follows each
// cycle of the permutation with one row of scratch, so that renumbering a
// big model's tables costs no copy of them. done (one flag a row) is
// scratch.
func permuteRows(v []float32, order []int32, width int, done []bool) {
	clear(done)
	tmp := make([]float32, width)
	for s := range order {
		if done[s] {
			continue
		}
		copy(tmp, v[s*width:(s+1)*width])
		j := s
		for {
			done[j] = true
			i := int(order[j])
			if i == s {
				copy(v[j*width:(j+1)*width], tmp)
				break
			}
			copy(v[j*width:(j+1)*width], v[i*width:(i+1)*width])
			j = i
		}
	}
}

// unitScale reports whether scaling by s leaves every point as it is.
func unitScale(s []float32) bool {
	for _, v := range s {
		if v != 1 {
			return false
		}
	}
	return true
}
