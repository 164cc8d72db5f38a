package sdftest

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// testShape is one shape of the tests with its exact volume and the Euler
// characteristic of its surface.
type testShape struct {
	name   string
	shape  Shape
	volume float64
	euler  int
}

func testShapes() []testShape {
	return []testShape{
		{"sphere", Sphere{Center: [3]float64{0.1, -0.2, 0.05}, Radius: 0.7}, 4.0 / 3 * math.Pi * 0.343, 2},
		{"box", Box{Center: [3]float64{0.05, 0.1, -0.1}, Half: [3]float64{0.5, 0.3, 0.7}}, 8 * 0.5 * 0.3 * 0.7, 2},
		{"torus", Torus{Center: [3]float64{0, 0.1, 0}, Major: 0.6, Minor: 0.2}, 2 * math.Pi * math.Pi * 0.6 * 0.04, 0},
		{"capsule", Capsule{A: [3]float64{-0.3, -0.2, 0.1}, B: [3]float64{0.4, 0.3, -0.2}, Radius: 0.25},
			math.Pi*0.0625*math.Sqrt(0.49+0.25+0.09) + 4.0/3*math.Pi*0.015625, 2},
		{"capsule0", Capsule{A: [3]float64{0.1, 0.1, 0.1}, B: [3]float64{0.1, 0.1, 0.1}, Radius: 0.5}, 4.0 / 3 * math.Pi * 0.125, 2},
	}
}

// signedVolume returns the volume enclosed by m by the divergence theorem:
// positive for a closed mesh with outward faces.
func signedVolume(m *mesh.Mesh) float64 {
	var v float64
	for _, f := range m.F {
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		v += vec3.Dot(a, vec3.Cross(b, c)) / 6
	}
	return v
}

func TestMeshClosedOriented(t *testing.T) {
	for _, ts := range testShapes() {
		for _, res := range []int{2, 3, 16} {
			m := ts.shape.Mesh(res)
			// Every directed edge must occur once and its reverse once:
			// every edge then lies in exactly two faces that traverse it in
			// opposite directions, i.e. the orientation is consistent.
			directed := map[[2]int32]int{}
			for fi, f := range m.F {
				for k := range 3 {
					if f[k] < 0 || int(f[k]) >= len(m.V) {
						t.Fatalf("%s/%d: face %d has vertex index %d out of range", ts.name, res, fi, f[k])
					}
				}
				if f[0] == f[1] || f[1] == f[2] || f[2] == f[0] {
					t.Fatalf("%s/%d: face %d %v repeats a vertex", ts.name, res, fi, f)
				}
				for k := range 3 {
					directed[[2]int32{f[k], f[(k+1)%3]}]++
				}
			}
			for e, n := range directed {
				if n != 1 || directed[[2]int32{e[1], e[0]}] != 1 {
					t.Fatalf("%s/%d: edge %v used %d times, reverse %d times", ts.name, res, e, n, directed[[2]int32{e[1], e[0]}])
				}
			}
			used := make([]bool, len(m.V))
			for _, f := range m.F {
				used[f[0]], used[f[1]], used[f[2]] = true, true, true
			}
			for i, u := range used {
				if !u {
					t.Fatalf("%s/%d: vertex %d is in no face", ts.name, res, i)
				}
			}
			if chi := len(m.V) - len(directed)/2 + len(m.F); chi != ts.euler {
				t.Errorf("%s/%d: Euler characteristic %d, want %d", ts.name, res, chi, ts.euler)
			}
			// Outward orientation: the enclosed volume is positive and, at a
			// fine resolution, close to the exact one.
			vol := signedVolume(m)
			if vol <= 0 {
				t.Errorf("%s/%d: signed volume %g is not positive (faces point inward)", ts.name, res, vol)
			}
			if res == 16 && math.Abs(vol-ts.volume) > 0.03*ts.volume {
				t.Errorf("%s/%d: mesh volume %g, exact %g", ts.name, res, vol, ts.volume)
			}
		}
	}
}

func TestMeshVerticesOnSurface(t *testing.T) {
	for _, ts := range testShapes() {
		m := ts.shape.Mesh(24)
		for i, v := range m.V {
			if d := ts.shape.Dist(v); math.Abs(d) > 1e-12 {
				t.Fatalf("%s: vertex %d %v is %g from the surface", ts.name, i, v, d)
			}
		}
	}
}

func TestNormalIsGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const h = 1e-6
	for _, ts := range testShapes() {
		checked := 0
		for checked < 200 {
			p := [3]float64{2*rng.Float64() - 1, 2*rng.Float64() - 1, 2*rng.Float64() - 1}
			var g [3]float64
			for k := range 3 {
				pp, pm := p, p
				pp[k] += h
				pm[k] -= h
				g[k] = (ts.shape.Dist(pp) - ts.shape.Dist(pm)) / (2 * h)
			}
			// Near the medial axis the central difference straddles a kink;
			// skip points where the gradient is not a unit vector.
			if math.Abs(vec3.Norm(g)-1) > 1e-6 {
				continue
			}
			checked++
			n := ts.shape.Normal(p)
			if d := vec3.Norm(vec3.Sub(n, g)); d > 1e-5 {
				t.Fatalf("%s: at %v Normal %v, finite-difference gradient %v", ts.name, p, n, g)
			}
		}
	}
}

// TestDistExact checks |Dist| against the distance to a dense sample of
// the surface (the vertices of a fine mesh): it can be no larger than the
// distance to any surface point, and no smaller than that minus the
// sample's spacing. The sign is checked against the shapes' definitions.
func TestDistExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, ts := range testShapes() {
		m := ts.shape.Mesh(64)
		// spacing bounds the distance from any surface point to the nearest
		// vertex: the longest mesh edge (a point of a triangle is within
		// its longest edge of a vertex) plus the sag of a curved face.
		var spacing float64
		for _, f := range m.F {
			for k := range 3 {
				spacing = max(spacing, vec3.Norm(vec3.Sub(m.V[f[k]], m.V[f[(k+1)%3]])))
			}
		}
		for range 200 {
			p := [3]float64{2*rng.Float64() - 1, 2*rng.Float64() - 1, 2*rng.Float64() - 1}
			best := math.Inf(1)
			for _, v := range m.V {
				best = min(best, vec3.Norm(vec3.Sub(p, v)))
			}
			d := ts.shape.Dist(p)
			if math.Abs(d) > best+1e-12 || math.Abs(d) < best-spacing {
				t.Fatalf("%s: at %v |Dist| = %g, nearest surface sample %g (spacing %g)", ts.name, p, math.Abs(d), best, spacing)
			}
			if inside, ok := definedInside(ts.shape, p); ok && inside != (d < 0) {
				t.Fatalf("%s: at %v Dist = %g but the point is inside=%v", ts.name, p, d, inside)
			}
		}
	}
}

// definedInside reports whether p is inside s by the shape's definition,
// written independently of Dist, for the shapes where that is simple.
func definedInside(s Shape, p [3]float64) (inside, ok bool) {
	switch s := s.(type) {
	case Box:
		for k := range 3 {
			if math.Abs(p[k]-s.Center[k]) >= s.Half[k] {
				return false, true
			}
		}
		return true, true
	case Sphere:
		q := vec3.Sub(p, s.Center)
		return vec3.Dot(q, q) < s.Radius*s.Radius, true
	}
	return false, false
}

func TestMeshPanicsOnBadInput(t *testing.T) {
	for name, f := range map[string]func(){
		"sphere res":  func() { Sphere{Radius: 1}.Mesh(1) },
		"sphere r":    func() { Sphere{}.Mesh(4) },
		"box res":     func() { Box{Half: [3]float64{1, 1, 1}}.Mesh(0) },
		"box half":    func() { Box{Half: [3]float64{1, 0, 1}}.Mesh(4) },
		"torus radii": func() { Torus{Major: 0.2, Minor: 0.3}.Mesh(4) },
		"capsule res": func() { Capsule{Radius: 1}.Mesh(1) },
		"capsule r":   func() { Capsule{}.Mesh(4) },
		"torus res":   func() { Torus{Major: 1, Minor: 0.3}.Mesh(1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestDistFunc checks the batch form against Dist point by point, and that
// it writes exactly len(out) values.
func TestDistFunc(t *testing.T) {
	s := Torus{Major: 0.6, Minor: 0.2}
	pts := []float32{0.6, 0, 0, 0, 0, 0, 0.3, -0.2, 0.9, 99, 99, 99}
	out := []float32{7, 7, 7, 7}
	DistFunc(s)(out[:3], pts[:9])
	for i := range 3 {
		want := float32(s.Dist([3]float64{float64(pts[3*i]), float64(pts[3*i+1]), float64(pts[3*i+2])}))
		if out[i] != want {
			t.Errorf("point %d: %v, Dist says %v", i, out[i], want)
		}
	}
	if math.Abs(float64(out[0])+0.2) > 1e-6 { // 0.6 in float32 is not 0.6
		t.Errorf("on the core circle: %v, want -0.2", out[0])
	}
	if out[3] != 7 {
		t.Errorf("wrote past len(out): %v", out[3])
	}
}
