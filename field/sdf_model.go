package field

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurbf/neurbf/rbf"
	"github.com/neurbf/neurbf/sdf/dist"
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
	return NewSDFModelInit(cfg, m, SDFInit{})
}

// SDFInit varies how NewSDFModelInit places the RBF centres. The zero
// value is NewSDFModel's placement.
type SDFInit struct {
	// Curvature, when positive, weights each K-means surface sample by
	// 1 + Curvature·κ/κ̄, where κ is a curvature estimate of the face the
	// sample lies on (faceCurvature) and κ̄ its area-weighted mean, so
	// that more centres go where the surface bends. An experiment of
	// issue #16 that lost (see docs/DECISIONS.md, "SDF sampling schedule
	// and curvature-weighted centres").
	Curvature float64
}

// NewSDFModelInit is NewSDFModel with the centre placement of o.
func NewSDFModelInit(cfg Config, m *mesh.Mesh, o SDFInit) (*Model, error) {
	if !(o.Curvature >= 0) || math.IsInf(o.Curvature, 0) {
		return nil, fmt.Errorf("sdf init: curvature weight %v is not a finite non-negative number", o.Curvature)
	}
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
	var weight func(p [3]float64) float32
	if o.Curvature > 0 {
		if weight, err = curvatureWeights(nm, o.Curvature); err != nil {
			return nil, err
		}
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
			if weight != nil {
				w[i] *= weight(p)
			}
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

// curvatureWeights returns the K-means weight factor 1 + c·κ/κ̄ of a point
// on the surface of m, found through its nearest face (sdf/dist).
func curvatureWeights(m *mesh.Mesh, c float64) (func(p [3]float64) float32, error) {
	tree, err := dist.New(m)
	if err != nil {
		return nil, err
	}
	k := faceCurvature(m)
	mean := areaMean(m, k)
	if !(mean > 0) {
		return func([3]float64) float32 { return 1 }, nil // flat: nothing to weight
	}
	return func(p [3]float64) float32 {
		_, f, _ := tree.Unsigned(p)
		return float32(1 + c*k[f]/mean)
	}, nil
}

// faceCurvature estimates the curvature magnitude of every face of m: the
// mean angle between its normal and its vertices' normals (the
// area-weighted normals of the faces around them), divided by its mean
// edge length. On a finely tessellated sphere of radius r it is about
// 1/(√3·r) whatever the tessellation (a vertex lies about edge/√3 from its
// face's centre, its normal tilted by that over r); only ratios to the
// mean are used.
func faceCurvature(m *mesh.Mesh) []float64 {
	vn := mesh.VertexNormals(nil, m)
	fn := mesh.FaceNormals(nil, m)
	k := make([]float64, len(m.F))
	for i, f := range m.F {
		var ang, edge float64
		for j, v := range f {
			d := fn[i][0]*vn[v][0] + fn[i][1]*vn[v][1] + fn[i][2]*vn[v][2]
			ang += math.Acos(max(-1, min(1, d)))
			edge += distance(m.V[v], m.V[f[(j+1)%3]])
		}
		if edge > 0 {
			k[i] = ang / edge
		}
	}
	return k
}

// areaMean is the area-weighted mean of the per-face values k of m (NaN
// when m has no area).
func areaMean(m *mesh.Mesh, k []float64) float64 {
	var sum, area float64
	for i, f := range m.F {
		a := triangleArea(m.V[f[0]], m.V[f[1]], m.V[f[2]])
		sum += a * k[i]
		area += a
	}
	return sum / area
}

// distance is the Euclidean distance between a and b.
func distance(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// triangleArea is the area of the triangle abc.
func triangleArea(a, b, c [3]float64) float64 {
	u := [3]float64{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
	v := [3]float64{c[0] - a[0], c[1] - a[1], c[2] - a[2]}
	x := [3]float64{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
	return distance(x, [3]float64{}) / 2
}
