package dist

import (
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
)

// moment is what the far-field expansion of a node's winding number needs
// (Barill et al. 2018, §3.2, to second order).
type moment struct {
	// centre is the area-weighted centroid p̃ of the node's triangles.
	centre [3]float64
	// far2 is (β·r)² with r the largest distance from centre to a vertex
	// of the node: queries farther than that from centre use the
	// expansion.
	far2 float64
	// an is Σ a_t n_t, the sum of the triangles' area vectors (area times
	// unit normal), the dipole term.
	an [3]float64
	// c[i][j] is Σ a_t n_t,i (c_t − p̃)_j with c_t the triangle's centroid:
	// the exact first moment ∫_t (x − p̃) dA times the normal, the
	// second-order term.
	c [3][3]float64
}

// sums are the per-node sums behind a moment, which add up from children
// to parents.
type sums struct {
	area     float64       // Σ a_t
	weighted [3]float64    // Σ a_t c_t
	mean     [3]float64    // Σ c_t
	an       [3]float64    // Σ a_t n_t
	s        [3][3]float64 // Σ a_t n_t ⊗ c_t
}

// computeMoments fills t.moments for every node: the sums bottom-up (a
// child's index is larger than its parent's), then the centre, the
// second-order term about it and the exact radius from the node's
// vertices.
func (t *Tree) computeMoments() {
	all := make([]sums, len(t.nodes))
	for i := len(t.nodes) - 1; i >= 0; i-- {
		n := &t.nodes[i]
		u := &all[i]
		if n.right >= 0 {
			l, r := &all[i+1], &all[n.right]
			u.area = l.area + r.area
			u.weighted, u.mean, u.an = vec3.Add(l.weighted, r.weighted), vec3.Add(l.mean, r.mean), vec3.Add(l.an, r.an)
			for p := range 3 {
				u.s[p] = vec3.Add(l.s[p], r.s[p])
			}
		} else {
			for k := n.begin; k < n.end; k++ {
				tr := &t.tris[k]
				av := vec3.Scale(0.5, vec3.Cross(vec3.Sub(tr.b, tr.a), vec3.Sub(tr.c, tr.a)))
				a := vec3.Norm(av)
				c := vec3.Scale(1.0/3, vec3.Add(tr.a, vec3.Add(tr.b, tr.c)))
				u.area += a
				u.weighted = vec3.Add(u.weighted, vec3.Scale(a, c))
				u.mean = vec3.Add(u.mean, c)
				u.an = vec3.Add(u.an, av)
				for p := range 3 {
					u.s[p] = vec3.Add(u.s[p], vec3.Scale(av[p], c))
				}
			}
		}
		m := &t.moments[i]
		if u.area > 0 {
			m.centre = vec3.Scale(1/u.area, u.weighted)
		} else { // only degenerate triangles: any centre will do
			m.centre = vec3.Scale(1/float64(n.end-n.begin), u.mean)
		}
		m.an = u.an
		// Σ a n ⊗ (c − p̃) = Σ a n ⊗ c − (Σ a n) ⊗ p̃.
		for p := range 3 {
			m.c[p] = vec3.Sub(u.s[p], vec3.Scale(u.an[p], m.centre))
		}
		var r2 float64
		for k := n.begin; k < n.end; k++ {
			tr := &t.tris[k]
			for _, v := range [3][3]float64{tr.a, tr.b, tr.c} {
				e := vec3.Sub(v, m.centre)
				r2 = max(r2, vec3.Dot(e, e))
			}
		}
		m.far2 = t.beta2 * r2
	}
}

// Winding returns the generalised winding number of the mesh at p: about 1
// inside and 0 outside a closed, outward-oriented mesh, computed with the
// hierarchical approximation (see the package documentation for its
// accuracy).
func (t *Tree) Winding(p [3]float64) float64 {
	var stack [stackSize]int32
	sp := 0
	i := int32(0)
	var w float64 // 4π times the winding number, from expansions
	var exact float64
	for {
		m := &t.moments[i]
		r := vec3.Sub(m.centre, p)
		d2 := vec3.Dot(r, r)
		n := &t.nodes[i]
		switch {
		case d2 > m.far2:
			// ∇G(x−p) with G the Laplace Green's function, expanded about
			// p̃: Σ a n·∇G ≈ an·r/|r|³ + Σ_ij C_ij (δ_ij/|r|³ − 3 r_i r_j/|r|⁵),
			// all over 4π.
			inv2 := 1 / d2
			inv3 := math.Sqrt(inv2) * inv2
			rcr := 0.0
			for a := range 3 {
				rcr += r[a] * (m.c[a][0]*r[0] + m.c[a][1]*r[1] + m.c[a][2]*r[2])
			}
			tr := m.c[0][0] + m.c[1][1] + m.c[2][2]
			w += (vec3.Dot(m.an, r)+tr)*inv3 - 3*rcr*inv3*inv2
		case n.right < 0:
			for k := n.begin; k < n.end; k++ {
				exact += t.tris[k].solidAngle(p)
			}
		default:
			stack[sp] = n.right
			sp++
			i++
			continue
		}
		if sp == 0 {
			break
		}
		sp--
		i = stack[sp]
	}
	return exact + w/(4*math.Pi)
}
