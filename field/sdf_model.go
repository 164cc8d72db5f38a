package field

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/rbf"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// NewSDFModel initialises a model for fitting the signed distance field of
// m (docs/METHOD.md §2–§3). A normalised copy of m is used (m itself is not
// changed) and its normalisation is stored in the config's Frame. The grid
// and the decoder start at random; the RBF centres come from weighted
// K-means of samples weighted by 1/(|sdf| + 1e-9), their tent widths from
// the clusters (extent 2, resolution the grid's finest), and there are as
// many RBFs as the parameter budget pays for.
//
// The K-means samples are surface samples only: the off-surface training
// samples would carry weights at least ~10^7 times smaller (|sdf| is
// rarely below 1e-4 off the surface), so they could essentially never
// seed a centre and would move a weighted mean by a relative 1e-7 or so;
// leaving them out saves their exact-distance queries.
func NewSDFModel(cfg Config, m *mesh.Mesh) (*Model, error) {
	cfg.Task = TaskSDF
	nm, frame := NormalizedCopy(m)
	cfg.Frame = &frame
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	sampler, err := mesh.NewSurfaceSampler(nm)
	if err != nil {
		return nil, err
	}
	init := func(rc rbf.Config, n int, rng *rand.Rand) (*rbf.Encoder, error) {
		k := min(max(kmeansPerRBF*n, kmeansMin), kmeansMax)
		if k < n {
			return nil, fmt.Errorf("%d RBFs need more than the %d K-means samples available", n, kmeansMax)
		}
		pts := make([][3]float64, k)
		sampler.Sample(pts, nil, rng)
		xyz := make([]float32, 0, 3*k)
		w := make([]float32, k)
		for i, p := range pts {
			xyz = append(xyz, float32(p[0]), float32(p[1]), float32(p[2]))
			w[i] = surfaceWeight
		}
		return rbf.NewFromData(rc, 3, n, xyz, w, 2, float64(cfg.Grid.MaxRes), rng)
	}
	return build(cfg, init)
}

// surfaceWeight is the K-means weight 1/(|sdf| + 1e-9) of a surface sample.
const surfaceWeight = 1 / 1e-9

// K-means sample counts of NewSDFModel: kmeansPerRBF per RBF, within
// [kmeansMin, kmeansMax].
const (
	kmeansPerRBF = 8
	kmeansMin    = 1 << 16
	kmeansMax    = 1 << 20
)

// NormalizedCopy returns a copy of m normalised as docs/METHOD.md §3 says
// (bounding-box centre at the origin, farthest vertex at radius 0.99) and
// the frame that maps m onto it. m is not changed.
func NormalizedCopy(m *mesh.Mesh) (*mesh.Mesh, Frame) {
	c := &mesh.Mesh{V: append([][3]float64(nil), m.V...), F: m.F}
	t := mesh.Normalize(c)
	return c, Frame{Center: t.Center, Scale: t.Scale}
}

// Normalize returns a copy of m, a mesh in the input's units, mapped into
// the frame (the model's [−1, 1]³). m is not changed.
func (f Frame) Normalize(m *mesh.Mesh) *mesh.Mesh {
	t := f.Transform()
	c := &mesh.Mesh{V: make([][3]float64, len(m.V)), F: m.F}
	for i, v := range m.V {
		c.V[i] = t.Apply(v)
	}
	return c
}

// Denormalize maps m, a mesh in the frame, back to the input's units, in
// place.
func (f Frame) Denormalize(m *mesh.Mesh) {
	t := f.Transform()
	for i, v := range m.V {
		m.V[i] = t.Invert(v)
	}
}
