package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

func TestIsClosed(t *testing.T) {
	sphere := sdftest.Sphere{Radius: 0.5}.Mesh(8)
	// A soup: every face with its own copies of its vertices.
	soup := &mesh.Mesh{}
	for _, f := range sphere.F {
		n := int32(len(soup.V))
		soup.V = append(soup.V, sphere.V[f[0]], sphere.V[f[1]], sphere.V[f[2]])
		soup.F = append(soup.F, [3]int32{n, n + 1, n + 2})
	}
	flipped := &mesh.Mesh{V: sphere.V, F: append([][3]int32(nil), sphere.F...)}
	flipped.F[0] = [3]int32{flipped.F[0][0], flipped.F[0][2], flipped.F[0][1]}
	doubled := &mesh.Mesh{V: sphere.V, F: append(append([][3]int32(nil), sphere.F...), sphere.F...)}
	for name, tc := range map[string]struct {
		m    *mesh.Mesh
		want bool
	}{
		"sphere":       {sphere, true},
		"soup":         {soup, true},
		"doubled":      {doubled, true},
		"torus":        {sdftest.Torus{Major: 0.6, Minor: 0.2}.Mesh(8), true},
		"hole":         {removeFaces(sphere, func(c [3]float64) bool { return c[2] > 0.45 }), false},
		"flipped face": {flipped, false},
	} {
		if got := isClosed(tc.m); got != tc.want {
			t.Errorf("%s: isClosed = %v, want %v", name, got, tc.want)
		}
	}
}

// TestLatticeWindings compares the winding lattice of closed meshes with
// the exact winding numbers by brute force at a sample of its points:
// every known value must be right, and few may be unknown.
func TestLatticeWindings(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	for name, m := range map[string]*mesh.Mesh{
		"torus": sdftest.Torus{Major: 0.6, Minor: 0.25}.Mesh(12),
		// An axis-aligned box whose faces and edges lattice lines may graze.
		"box": sdftest.Box{Half: [3]float64{0.5, 0.25, 0.75}}.Mesh(4),
	} {
		tree := mustNew(t, m, Options{})
		if !tree.closed {
			t.Fatalf("%s: not recognised as closed", name)
		}
		g := &tree.lattice.winds
		unknown, inside := 0, 0
		for idx, w := range tree.lattice.winding {
			if w == unknownWinding {
				unknown++
				continue
			}
			if w >= 1 {
				inside++
			}
			if rng.IntN(g.size()) >= 500 {
				continue
			}
			p := g.pointAt(idx)
			if want := refWinding(m, p); math.Abs(float64(w)-want) > 1e-6 {
				t.Fatalf("%s: lattice point %v has winding number %d, exactly %g", name, p, w, want)
			}
		}
		t.Logf("%s: %d lattice points, %d inside, %d unknown", name, g.size(), inside, unknown)
		if inside == 0 || unknown > g.size()/100 {
			t.Errorf("%s: %d of %d lattice points inside, %d unknown", name, inside, g.size(), unknown)
		}
	}
}

// TestClosedSignsExact checks the exact sign path of closed meshes
// against the brute-force winding number at points very near the surface,
// where the sign comes from counting crossings, and uniform ones: the sign
// must always agree, and the hierarchical fallback must be rare.
func TestClosedSignsExact(t *testing.T) {
	for _, name := range []string{"knot1.off", "elephant.off"} {
		m := realMesh(t, name)
		tree := mustNew(t, m, Options{})
		if !tree.Closed() {
			t.Fatalf("%s: not recognised as closed", name)
		}
		rng := rand.New(rand.NewPCG(29, 30))
		fallback, crossed := 0, 0
		const n = 300
		for i := range n {
			var p [3]float64
			switch i % 3 {
			case 0:
				p = uniformPoint(rng, -1, 1)
			case 1:
				p = nearPoint(rng, m, 1e-2)
			default:
				p = nearPoint(rng, m, 1e-4)
			}
			d2, _, _ := tree.nearest(&p, 0)
			in, ok := tree.closedInside(&p, d2)
			if !ok {
				fallback++
				continue
			}
			if g := tree.lattice.winds.pointAt(tree.lattice.winds.nearest(&p)); !tree.lattice.outside(&p) && vec3.Dot(vec3.Sub(p, g), vec3.Sub(p, g)) >= d2 {
				crossed++
			}
			if w := refWinding(m, p); in != (w >= 0.5) {
				t.Fatalf("%s at %v (distance %g): inside = %v, exact winding number %g", name, p, math.Sqrt(d2), in, w)
			}
		}
		t.Logf("%s: %d of %d signs by crossings, %d left to the fallback", name, crossed, n, fallback)
		if fallback > n/100 || crossed < n/3 {
			t.Errorf("%s: %d signs by crossings (want ≥ %d), %d fallbacks (want ≤ %d)", name, crossed, n/3, fallback, n/100)
		}
	}
}

// TestFarPoints checks points far outside the mesh: exact distances by
// brute force, positive signs.
func TestFarPoints(t *testing.T) {
	m := sdftest.Torus{Major: 0.6, Minor: 0.25}.Mesh(8)
	tree := mustNew(t, m, Options{})
	rng := rand.New(rand.NewPCG(31, 32))
	for range 100 {
		p := vec3.Scale(1e3*rng.Float64(), uniformPoint(rng, -1, 1))
		s := tree.Signed(p)
		if want := refUnsigned(m, p); s <= 0 || math.Abs(s-want) > 1e-12*want {
			t.Fatalf("at %v signed distance %g, brute force %g", p, s, want)
		}
	}
}
