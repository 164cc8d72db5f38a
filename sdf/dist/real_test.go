package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
)

// TestRealMeshesAgainstBruteForce compares the tree's answers with brute
// force over every triangle on real scanned meshes, at points near the
// surface and uniform in [−1, 1]³: distances and closest points must agree
// to rounding, the hierarchical winding number must be within 0.1 of the
// exact sum at Beta = 2 (0.01 at Beta = 4), and the signs must agree.
func TestRealMeshesAgainstBruteForce(t *testing.T) {
	for _, name := range []string{"elephant.off", "knot1.off"} {
		m := realMesh(t, name)
		tree2 := mustNew(t, m, Options{})
		tree4 := mustNew(t, m, Options{Beta: 4})
		rng := rand.New(rand.NewPCG(17, 18))
		var max2, max4, sum2 float64
		const n = 200
		for i := range n {
			p := uniformPoint(rng, -1, 1)
			if i%2 == 0 {
				p = nearPoint(rng, m, 0.02)
			}
			d, face, q := tree2.Unsigned(p)
			want := refUnsigned(m, p)
			if math.Abs(d-want) > 1e-12*(1+want) {
				t.Fatalf("%s at %v: distance %g, brute force %g", name, p, d, want)
			}
			f := m.F[face]
			if e := refTriDist(q, m.V[f[0]], m.V[f[1]], m.V[f[2]]); e > 1e-12 || math.Abs(vec3.Norm(vec3.Sub(p, q))-d) > 1e-12 {
				t.Fatalf("%s at %v: closest point %v is %g off face %d or not at distance %g", name, p, q, e, face, d)
			}
			w := refWinding(m, p)
			// The meshes are closed, so the exact winding number is an
			// integer off the surface.
			if d > 1e-3 && math.Abs(w-math.Round(w)) > 1e-6 {
				t.Fatalf("%s at %v: exact winding number %g is not an integer", name, p, w)
			}
			e2, e4 := math.Abs(tree2.Winding(p)-w), math.Abs(tree4.Winding(p)-w)
			max2, max4, sum2 = max(max2, e2), max(max4, e4), sum2+e2
			s := tree2.Signed(p)
			if math.Abs(math.Abs(s)-d) > 0 || (s < 0) != (w >= 0.5) {
				t.Fatalf("%s at %v: signed distance %g, distance %g, exact winding number %g", name, p, s, d, w)
			}
		}
		t.Logf("%s: %d faces; winding error max %.2g mean %.2g (Beta 2), max %.2g (Beta 4)", name, len(m.F), max2, sum2/n, max4)
		if max2 > 0.1 || max4 > 0.01 {
			t.Errorf("%s: hierarchical winding numbers off the exact ones by up to %g (Beta 2) and %g (Beta 4); documented 0.1 and 0.01", name, max2, max4)
		}
	}
}

// TestRealMeshWithHoles cuts the top off the elephant: below the cut and
// away from the surface the sign is that of the closed mesh.
func TestRealMeshWithHoles(t *testing.T) {
	closed := realMesh(t, "elephant.off")
	lo, hi := emptyBox()
	for _, v := range closed.V {
		grow(&lo, &hi, v)
	}
	cut := hi[2] - 0.3*(hi[2]-lo[2])
	open := removeFaces(closed, func(c [3]float64) bool { return c[2] > cut })
	t.Logf("removed %d of %d faces above z = %.3f", len(closed.F)-len(open.F), len(closed.F), cut)
	ct, ot := mustNew(t, closed, Options{}), mustNew(t, open, Options{})
	rng := rand.New(rand.NewPCG(19, 20))
	var minMargin = math.Inf(1)
	for checked := 0; checked < 1000; {
		p := uniformPoint(rng, -1, 1)
		if p[2] > cut-0.2 {
			continue
		}
		s := ct.Signed(p)
		if math.Abs(s) < 0.02 {
			continue
		}
		checked++
		w := ot.Winding(p)
		if (w >= 0.5) != (s < 0) {
			t.Fatalf("at %v the closed mesh's signed distance is %g but the open mesh's winding number is %g", p, s, w)
		}
		minMargin = min(minMargin, math.Abs(w-0.5))
	}
	t.Logf("smallest |w − 0.5| with the hole: %.3f", minMargin)
}
