package mesh

import (
	"errors"
	"math"
	"math/rand/v2"
)

// SurfaceSampler draws points uniformly from the surface of a mesh: a face
// with probability proportional to its area, then a uniform point inside
// it. Build it once per mesh; Sample allocates nothing.
type SurfaceSampler struct {
	m *Mesh
	// The faces of positive area, as an alias table (Walker; Vose's
	// construction): slot j is face[j] with probability prob[j], else
	// face[alias[j]]. Picking a face costs O(1) whatever the mesh size.
	face    []int32
	prob    []float64
	alias   []int32
	normals [][3]float64 // unit face normals
}

// NewSurfaceSampler returns a sampler for m, which must not change while
// the sampler is used. It fails when m has no surface (no faces, or only
// degenerate ones).
func NewSurfaceSampler(m *Mesh) (*SurfaceSampler, error) {
	s := &SurfaceSampler{m: m, normals: FaceNormals(nil, m)}
	var total float64
	for i, f := range m.F {
		if a := norm(cross(m, f)); a > 0 {
			s.face = append(s.face, int32(i))
			s.prob = append(s.prob, a)
			total += a
		}
	}
	if len(s.face) == 0 || math.IsInf(total, 0) {
		return nil, errors.New("mesh: cannot sample a surface of zero or non-finite area")
	}
	n := len(s.face)
	s.alias = make([]int32, n)
	var small, large []int32
	for j := range s.prob {
		s.prob[j] *= float64(n) / total
		s.alias[j] = int32(j)
		if s.prob[j] < 1 {
			small = append(small, int32(j))
		} else {
			large = append(large, int32(j))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		lo, hi := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		s.alias[lo] = hi
		s.prob[hi] -= 1 - s.prob[lo]
		if s.prob[hi] < 1 {
			small, large = append(small, hi), large[:len(large)-1]
		}
	}
	// What is left is 1 up to rounding.
	for _, j := range append(small, large...) {
		s.prob[j] = 1
	}
	return s, nil
}

// Sample fills points with surface samples and, unless normals is nil,
// normals with the unit normals of the faces they lie on. It panics if
// normals is neither nil nor as long as points.
func (s *SurfaceSampler) Sample(points, normals [][3]float64, rng *rand.Rand) {
	if normals != nil && len(normals) != len(points) {
		panic("mesh: Sample: len(normals) != len(points)")
	}
	for i := range points {
		j := rng.IntN(len(s.face))
		if rng.Float64() >= s.prob[j] {
			j = int(s.alias[j])
		}
		fi := s.face[j]
		f := s.m.F[fi]
		a, b, c := s.m.V[f[0]], s.m.V[f[1]], s.m.V[f[2]]
		// Uniform in the triangle: barycentric (1−√r1, √r1(1−r2), √r1·r2).
		r1 := math.Sqrt(rng.Float64())
		r2 := rng.Float64()
		wa, wb, wc := 1-r1, r1*(1-r2), r1*r2
		for k := range 3 {
			points[i][k] = wa*a[k] + wb*b[k] + wc*c[k]
		}
		if normals != nil {
			normals[i] = s.normals[fi]
		}
	}
}

// SampleSurface returns n points drawn uniformly from the surface of m
// (see SurfaceSampler) and the unit normals of the faces they lie on. It
// returns nil slices when m has no surface to sample.
func SampleSurface(m *Mesh, n int, rng *rand.Rand) (points, normals [][3]float64) {
	s, err := NewSurfaceSampler(m)
	if err != nil {
		return nil, nil
	}
	points, normals = make([][3]float64, n), make([][3]float64, n)
	s.Sample(points, normals, rng)
	return points, normals
}
