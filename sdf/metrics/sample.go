package metrics

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// surfaceSamples draws n points uniformly by area from the faces of m, with
// each point's face normal (unit, by the right-hand rule), using a PCG
// generator seeded with seed and stream. Faces of zero area are never drawn. It
// returns an error for an index out of range or a mesh without area.
//
// (A private sampler: sdf/mesh had none when this was written.)
func surfaceSamples(m *mesh.Mesh, n int, seed, stream uint64) (pts, normals [][3]float64, err error) {
	cum := make([]float64, len(m.F)) // cumulative face areas
	nrm := make([][3]float64, len(m.F))
	total := 0.0
	for i, f := range m.F {
		for _, v := range f {
			if v < 0 || int(v) >= len(m.V) {
				return nil, nil, fmt.Errorf("metrics: face %d uses vertex %d of a mesh with %d vertices", i, v, len(m.V))
			}
		}
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		cr := vec3.Cross(vec3.Sub(b, a), vec3.Sub(c, a))
		l := math.Sqrt(vec3.Dot(cr, cr))
		if l > 0 {
			nrm[i] = [3]float64{cr[0] / l, cr[1] / l, cr[2] / l}
		}
		total += l / 2
		cum[i] = total
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return nil, nil, fmt.Errorf("metrics: the mesh has surface area %g; need a positive, finite area to sample", total)
	}
	below := math.Nextafter(total, 0) // the largest u to look up
	rng := rand.New(rand.NewPCG(seed, stream))
	pts, normals = make([][3]float64, n), make([][3]float64, n)
	for s := range n {
		i := firstAbove(cum, min(rng.Float64()*total, below))
		f := m.F[i]
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		r1, r2 := math.Sqrt(rng.Float64()), rng.Float64()
		wa, wb, wc := 1-r1, r1*(1-r2), r1*r2
		for k := range 3 {
			pts[s][k] = wa*a[k] + wb*b[k] + wc*c[k]
		}
		normals[s] = nrm[i]
	}
	return pts, normals, nil
}

// firstAbove returns the first i with cum[i] > u, given u < cum[len−1]. A
// face of zero area repeats its predecessor's cumulative value, so it is
// never the one returned.
func firstAbove(cum []float64, u float64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := lo + (hi-lo)/2
		if cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
