package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// meshError estimates the Hausdorff distance between a shape and its mesh:
// the largest |Dist| over a barycentric grid on every face (mesh to
// surface) and the largest brute-force distance to the mesh of exact
// surface points (surface to mesh; random points moved onto the surface
// along the exact normal).
func meshError(rng *rand.Rand, s sdftest.Shape, m *mesh.Mesh) float64 {
	var h float64
	const g = 8
	for _, f := range m.F {
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		for i := 0; i <= g; i++ {
			for j := 0; i+j <= g; j++ {
				u, v := float64(i)/g, float64(j)/g
				p := vec3.Add(a, vec3.Add(vec3.Scale(u, vec3.Sub(b, a)), vec3.Scale(v, vec3.Sub(c, a))))
				h = max(h, math.Abs(s.Dist(p)))
			}
		}
	}
	for range 300 {
		p := uniformPoint(rng, -1, 1)
		q := vec3.Sub(p, vec3.Scale(s.Dist(p), s.Normal(p)))
		h = max(h, refUnsigned(m, q))
	}
	return h
}

// TestAnalyticShapes compares signed distances and winding numbers of
// meshed analytic shapes with their exact values, within the meshes'
// approximation error H: where the exact distance exceeds H the signs must
// agree and the distances differ by at most H; nearer the surface the
// mesh distance is at most 2H in size.
func TestAnalyticShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	sphere := sdftest.Sphere{Center: [3]float64{0.05, -0.1, 0.02}, Radius: 0.8}
	for _, tc := range []struct {
		name  string
		shape sdftest.Shape
		res   int
	}{
		{"sphere", sphere, 32},
		{"torus", sdftest.Torus{Center: [3]float64{0.02, 0, -0.03}, Major: 0.6, Minor: 0.25}, 16},
		{"box", sdftest.Box{Center: [3]float64{0.1, 0, 0}, Half: [3]float64{0.7, 0.4, 0.5}}, 6},
		{"capsule", sdftest.Capsule{A: [3]float64{-0.5, -0.2, 0}, B: [3]float64{0.4, 0.3, 0.1}, Radius: 0.3}, 16},
	} {
		m := tc.shape.Mesh(tc.res)
		tree := mustNew(t, m, Options{})
		h := meshError(rng, tc.shape, m)
		if tc.name == "sphere" {
			// For a sphere the bound is exact: a face with circumradius ρ
			// lies in a plane √(r²−ρ²) from the centre, within its
			// circumcircle, so it deviates by at most r − √(r²−ρ²).
			var exact float64
			for _, f := range m.F {
				rho := circumradius(m.V[f[0]], m.V[f[1]], m.V[f[2]])
				exact = max(exact, sphere.Radius-math.Sqrt(sphere.Radius*sphere.Radius-rho*rho))
			}
			if h > exact+1e-12 {
				t.Fatalf("sphere: estimated mesh error %g exceeds the exact bound %g", h, exact)
			}
			h = exact
		} else {
			h *= 1.1 // the sampled estimate can only be low
		}
		tol := h + 1e-12
		t.Logf("%s: %d faces, mesh error %.3g", tc.name, len(m.F), h)
		var maxWErr float64
		for i := range 2000 {
			p := uniformPoint(rng, -1, 1)
			if i%3 == 0 { // near the surface
				q := vec3.Sub(p, vec3.Scale(tc.shape.Dist(p), tc.shape.Normal(p)))
				p = vec3.Add(q, [3]float64{0.03 * rng.NormFloat64(), 0.03 * rng.NormFloat64(), 0.03 * rng.NormFloat64()})
			}
			got, want := tree.Signed(p), tc.shape.Dist(p)
			if math.Abs(want) > tol {
				if (got < 0) != (want < 0) || math.Abs(got-want) > tol {
					t.Fatalf("%s at %v: signed distance %g, exact %g (mesh error %g)", tc.name, p, got, want, h)
				}
				inside := 0.0
				if want < 0 {
					inside = 1
				}
				w := tree.Winding(p)
				maxWErr = max(maxWErr, math.Abs(w-inside))
			} else if math.Abs(got) > 2*tol {
				t.Fatalf("%s at %v: signed distance %g, exact %g, within the mesh error %g of the surface", tc.name, p, got, want, h)
			}
		}
		t.Logf("%s: winding number off its exact 0 or 1 by up to %.2g", tc.name, maxWErr)
		if maxWErr > 0.1 {
			t.Errorf("%s: winding number off its exact 0 or 1 by up to %g; documented 0.1", tc.name, maxWErr)
		}
	}
}

// circumradius returns the radius of the circle through a, b and c.
func circumradius(a, b, c [3]float64) float64 {
	ab, ac, bc := vec3.Norm(vec3.Sub(b, a)), vec3.Norm(vec3.Sub(c, a)), vec3.Norm(vec3.Sub(c, b))
	return ab * ac * bc / (2 * vec3.Norm(vec3.Cross(vec3.Sub(b, a), vec3.Sub(c, a))))
}

// TestExpansionOrder checks the far-field expansion against the exact
// winding number of an open patch (a sphere cap, so its dipole is not
// zero) seen from afar: a correct second-order expansion leaves an error
// falling as the inverse fourth power of the distance, so doubling the
// distance divides it by about 16; a wrong second-order term would leave
// a third-power error (a factor of 8).
func TestExpansionOrder(t *testing.T) {
	m := sdftest.Sphere{Radius: 0.3}.Mesh(12)
	m = removeFaces(m, func(c [3]float64) bool { return c[2] < 0.1 })
	// A tiny Beta makes the root's expansion answer every query.
	tree := mustNew(t, m, Options{Beta: 1e-9})
	dir := [3]float64{0.48, 0.6, 0.64}
	errAt := func(d float64) float64 {
		p := vec3.Scale(d, dir)
		return math.Abs(tree.Winding(p) - refWinding(m, p))
	}
	for _, d := range []float64{1.5, 3} {
		e1, e2 := errAt(d), errAt(2*d)
		if r := e1 / e2; r < 12 || r > 22 {
			t.Errorf("expansion error %g at %g and %g at %g: ratio %.1f, want about 16", e1, d, e2, 2*d, r)
		}
	}
}

// removeFaces returns m without the faces whose centroid satisfies cut.
func removeFaces(m *mesh.Mesh, cut func(c [3]float64) bool) *mesh.Mesh {
	out := &mesh.Mesh{V: m.V}
	for _, f := range m.F {
		c := vec3.Scale(1.0/3, vec3.Add(m.V[f[0]], vec3.Add(m.V[f[1]], m.V[f[2]])))
		if !cut(c) {
			out.F = append(out.F, f)
		}
	}
	return out
}

// TestSphereWithHole cuts the cap z > 0.8r off a closed sphere mesh: away
// from the hole the winding number still tells inside from outside.
func TestSphereWithHole(t *testing.T) {
	const r = 0.8
	m := removeFaces(sdftest.Sphere{Radius: r}.Mesh(32), func(c [3]float64) bool { return c[2] > 0.8*r })
	tree := mustNew(t, m, Options{})
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 0; n < 400; {
		p := uniformPoint(rng, -1, 1)
		l := vec3.Norm(p)
		var inside bool
		switch {
		case l < 0.7*r && p[2] < 0.3*r:
			inside = true
		case l > 1.2*r && p[2] < 0.5*r:
		default:
			continue
		}
		n++
		w := tree.Winding(p)
		if (w >= 0.5) != inside {
			t.Fatalf("at %v (inside=%v) the winding number is %g", p, inside, w)
		}
		if s := tree.Signed(p); (s < 0) != inside {
			t.Fatalf("at %v (inside=%v) the signed distance is %g", p, inside, s)
		}
		if want := refWinding(m, p); math.Abs(w-want) > 0.1 {
			t.Fatalf("at %v the winding number is %g, exactly %g", p, w, want)
		}
	}
}

func TestBatchMatchesSingle(t *testing.T) {
	m := sdftest.Torus{Major: 0.6, Minor: 0.25}.Mesh(8)
	tree := mustNew(t, m, Options{})
	rng := rand.New(rand.NewPCG(13, 14))
	const n = 1000
	xyz := make([]float32, 3*n)
	for i := range xyz {
		xyz[i] = float32(2*rng.Float64() - 1)
	}
	for _, threads := range []int{0, 1, 2, 3} {
		sd, wn := make([]float32, n), make([]float32, n)
		tree.SignedBatch(sd, xyz, threads)
		tree.WindingBatch(wn, xyz, threads)
		for i := range n {
			p := point(xyz, i)
			if want := float32(tree.Signed(p)); sd[i] != want {
				t.Fatalf("threads %d: SignedBatch[%d] = %g, Signed = %g", threads, i, sd[i], want)
			}
			if want := float32(tree.Winding(p)); wn[i] != want {
				t.Fatalf("threads %d: WindingBatch[%d] = %g, Winding = %g", threads, i, wn[i], want)
			}
		}
	}
}

func TestBatchPanicsOnShape(t *testing.T) {
	tree := mustNew(t, sdftest.Sphere{Radius: 0.5}.Mesh(4), Options{})
	defer func() {
		if recover() == nil {
			t.Error("no panic for 4 coordinates and 2 results")
		}
	}()
	tree.SignedBatch(make([]float32, 2), make([]float32, 4), 1)
}

func TestQueriesDoNotAllocate(t *testing.T) {
	tree := mustNew(t, sdftest.Sphere{Radius: 0.5}.Mesh(16), Options{})
	p := [3]float64{0.1, 0.2, 0.3}
	xyz, dst := make([]float32, 300), make([]float32, 100)
	for name, f := range map[string]func(){
		"Signed":        func() { tree.Signed(p) },
		"SignedBatch/1": func() { tree.SignedBatch(dst, xyz, 1) },
	} {
		if a := testing.AllocsPerRun(50, f); a != 0 {
			t.Errorf("%s allocates %g times per call", name, a)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tri := [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}
	for name, tc := range map[string]struct {
		m   *mesh.Mesh
		opt Options
	}{
		"nil":        {nil, Options{}},
		"no faces":   {&mesh.Mesh{V: tri}, Options{}},
		"bad index":  {&mesh.Mesh{V: tri, F: [][3]int32{{0, 1, 3}}}, Options{}},
		"negative":   {&mesh.Mesh{V: tri, F: [][3]int32{{0, -1, 2}}}, Options{}},
		"NaN vertex": {&mesh.Mesh{V: [][3]float64{{0, 0, 0}, {math.NaN(), 0, 0}, {0, 1, 0}}, F: [][3]int32{{0, 1, 2}}}, Options{}},
		"beta":       {&mesh.Mesh{V: tri, F: [][3]int32{{0, 1, 2}}}, Options{Beta: -1}},
		"beta inf":   {&mesh.Mesh{V: tri, F: [][3]int32{{0, 1, 2}}}, Options{Beta: math.Inf(1)}},
		"leaf size":  {&mesh.Mesh{V: tri, F: [][3]int32{{0, 1, 2}}}, Options{LeafSize: -2}},
	} {
		if _, err := NewWithOptions(tc.m, tc.opt); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// TestDegenerateMesh checks duplicate and zero-area faces and a mesh whose
// centroids all coincide (every split falls back to the median).
func TestDegenerateMesh(t *testing.T) {
	s := sdftest.Sphere{Radius: 0.5}.Mesh(6)
	m := &mesh.Mesh{V: s.V}
	for _, f := range s.F {
		m.F = append(m.F, f, f, [3]int32{f[0], f[0], f[1]})
	}
	tree := mustNew(t, m, Options{LeafSize: 1})
	rng := rand.New(rand.NewPCG(15, 16))
	for range 200 {
		p := uniformPoint(rng, -1, 1)
		d, face, q := tree.Unsigned(p)
		if want := refUnsigned(m, p); math.Abs(d-want) > 1e-12 {
			t.Fatalf("at %v distance %g, brute force %g", p, d, want)
		}
		f := m.F[face]
		if e := refTriDist(q, m.V[f[0]], m.V[f[1]], m.V[f[2]]); e > 1e-12 {
			t.Fatalf("closest point %v is %g off its face %d", q, e, face)
		}
	}
	// Many copies of one triangle: identical centroids.
	one := &mesh.Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}}
	for range 100 {
		one.F = append(one.F, [3]int32{0, 1, 2})
	}
	tree = mustNew(t, one, Options{})
	if d, _, _ := tree.Unsigned([3]float64{0.2, 0.2, 0.5}); math.Abs(d-0.5) > 1e-15 {
		t.Errorf("distance above the stacked triangle is %g, want 0.5", d)
	}
}
