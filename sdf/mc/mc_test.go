package mc

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// sphere returns the signed distance field of the ball of radius r about c.
func sphere(c [3]float64, r float64) ScalarFunc {
	return sdftest.DistFunc(sdftest.Sphere{Center: c, Radius: r})
}

// torusDist is the signed distance to the torus of radii big, small about
// the z axis.
func torusDist(p [3]float64, big, small float64) float64 {
	return math.Hypot(math.Hypot(p[0], p[1])-big, p[2]) - small
}

// torus returns torusDist as a ScalarFunc.
func torus(big, small float64) ScalarFunc {
	return func(out, p []float32) {
		for i := range out {
			out[i] = float32(torusDist([3]float64{float64(p[3*i]), float64(p[3*i+1]), float64(p[3*i+2])}, big, small))
		}
	}
}

// checkClosed fails unless every directed edge of m occurs in exactly one
// face and its reverse in exactly one other (closed and consistently
// oriented), no face repeats a vertex and every vertex is used. It returns
// the Euler characteristic V − E + F.
func checkClosed(t *testing.T, m *mesh.Mesh) int {
	t.Helper()
	if len(m.F) == 0 {
		t.Fatal("empty mesh")
	}
	directed := make(map[[2]int32]int, 3*len(m.F))
	used := make([]bool, len(m.V))
	for fi, f := range m.F {
		if f[0] == f[1] || f[1] == f[2] || f[2] == f[0] {
			t.Fatalf("face %d repeats a vertex: %v", fi, f)
		}
		for k := range 3 {
			a, b := f[k], f[(k+1)%3]
			if a < 0 || int(a) >= len(m.V) {
				t.Fatalf("face %d: vertex %d out of range", fi, a)
			}
			used[a] = true
			directed[[2]int32{a, b}]++
		}
	}
	for e, n := range directed {
		if n != 1 {
			t.Fatalf("directed edge %v in %d faces", e, n)
		}
		if directed[[2]int32{e[1], e[0]}] != 1 {
			t.Fatalf("edge %v has no opposite half (open or inconsistently oriented)", e)
		}
	}
	for v, u := range used {
		if !u {
			t.Fatalf("vertex %d is unused", v)
		}
	}
	return len(m.V) - len(directed)/2 + len(m.F)
}

// volume returns the signed volume enclosed by m (positive for outward
// faces).
func volume(m *mesh.Mesh) float64 {
	var v float64
	for _, f := range m.F {
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		v += a[0]*(b[1]*c[2]-b[2]*c[1]) - a[1]*(b[0]*c[2]-b[2]*c[0]) + a[2]*(b[0]*c[1]-b[1]*c[0])
	}
	return v / 6
}

func TestSphere(t *testing.T) {
	c, r := [3]float64{0.05, -0.1, 0.02}, 0.7
	for _, res := range []int{9, 32, 65, 128} {
		m, err := Extract(sphere(c, r), Options{Res: res})
		if err != nil {
			t.Fatal(err)
		}
		if chi := checkClosed(t, m); chi != 2 {
			t.Errorf("res %d: Euler characteristic %d, want 2", res, chi)
		}
		h := 2 / float64(res-1)
		for i, v := range m.V {
			if d := math.Abs(math.Sqrt(sq(v[0]-c[0])+sq(v[1]-c[1])+sq(v[2]-c[2])) - r); d > h*math.Sqrt(3) {
				t.Fatalf("res %d: vertex %d at distance %g from the sphere, cell diagonal %g", res, i, d, h*math.Sqrt(3))
			}
		}
		// Faceting loses volume of order h²/r relative; 3 h²/r² bounds it.
		want := 4 * math.Pi / 3 * r * r * r
		got := volume(m)
		if rel := (got - want) / want; got <= 0 || math.Abs(rel) > 3*h*h/(r*r) {
			t.Errorf("res %d: volume %g, want %g (relative error %.2g)", res, got, want, rel)
		}
		t.Logf("res %d: %d vertices, %d faces, volume %.6f (exact %.6f)", res, len(m.V), len(m.F), got, want)
	}
}

func sq(x float64) float64 { return x * x }

func TestTorus(t *testing.T) {
	big, small := 0.6, 0.25
	for _, res := range []int{24, 64, 101} {
		m, err := Extract(torus(big, small), Options{Res: res})
		if err != nil {
			t.Fatal(err)
		}
		if chi := checkClosed(t, m); chi != 0 {
			t.Errorf("res %d: Euler characteristic %d, want 0", res, chi)
		}
		h := 2 / float64(res-1)
		for i, v := range m.V {
			if d := math.Abs(torusDist(v, big, small)); d > h*math.Sqrt(3) {
				t.Fatalf("res %d: vertex %d at distance %g from the torus", res, i, d)
			}
		}
		want := 2 * math.Pi * math.Pi * big * small * small
		got := volume(m)
		if rel := (got - want) / want; got <= 0 || math.Abs(rel) > 3*h*h/(small*small) {
			t.Errorf("res %d: volume %g, want %g (relative error %.2g)", res, got, want, rel)
		}
	}
}

// randomField returns a field on the integer grid of [0, n−1]³ whose
// values are small pseudo-random integers (many ambiguous faces and cells,
// ties with the level and exact zeros) and 1 on the boundary of the box.
func randomField(n int, seed uint64) ScalarFunc {
	return func(out, p []float32) {
		for i := range out {
			x, y, z := int(p[3*i]), int(p[3*i+1]), int(p[3*i+2])
			if x == 0 || y == 0 || z == 0 || x == n-1 || y == n-1 || z == n-1 {
				out[i] = 1
				continue
			}
			h := (uint64(x)*0x9E3779B97F4A7C15 ^ uint64(y)*0xC2B2AE3D27D4EB4F ^ uint64(z)*0x165667B19E3779F9) + seed
			h ^= h >> 29
			h *= 0xBF58476D1CE4E5B9
			h ^= h >> 32
			out[i] = float32(int(h%5) - 2)
		}
	}
}

func TestRandomFieldIsManifold(t *testing.T) {
	const n = 24
	for seed := range uint64(4) {
		for _, level := range []float64{0, 0.5} {
			o := Options{Res: n, Max: [3]float64{n - 1, n - 1, n - 1}, Level: level}
			m, err := Extract(randomField(n, seed), o)
			if err != nil {
				t.Fatal(err)
			}
			if chi := checkClosed(t, m); chi%2 != 0 {
				t.Errorf("seed %d level %g: odd Euler characteristic %d of a closed orientable surface", seed, level, chi)
			}
		}
	}
}

func TestLevelAndBox(t *testing.T) {
	// The level set 0.1 of a ball of radius 0.3 is the sphere of radius 0.4,
	// here in a box that is not the default one.
	o := Options{Res: 60, Min: [3]float64{0, 0, 0}, Max: [3]float64{1, 1.2, 1}, Level: 0.1}
	c := [3]float64{0.5, 0.6, 0.5}
	m, err := Extract(sphere(c, 0.3), o)
	if err != nil {
		t.Fatal(err)
	}
	checkClosed(t, m)
	for _, v := range m.V {
		if d := math.Sqrt(sq(v[0]-c[0])+sq(v[1]-c[1])+sq(v[2]-c[2])) - 0.4; math.Abs(d) > 1e-3 {
			t.Fatalf("vertex %v at distance %g from the level set", v, d)
		}
	}
}

func TestConcurrentMatchesSequential(t *testing.T) {
	f := torus(0.5, 0.2)
	a, err := Extract(f, Options{Res: 50, Batch: 100, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Extract(f, Options{Res: 50, Batch: 77, Threads: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.V, b.V) || !slices.Equal(a.F, b.F) {
		t.Error("the concurrent extraction differs from the sequential one")
	}
}

func TestBatchLimit(t *testing.T) {
	calls := 0
	f := func(out, p []float32) {
		calls++
		if len(out) > 10 || len(p) != 3*len(out) {
			t.Fatalf("batch of %d points, %d coordinates", len(out), len(p))
		}
		sphere([3]float64{}, 0.5)(out, p)
	}
	if _, err := Extract(f, Options{Res: 7, Batch: 10, Threads: 1}); err != nil { // calls counted unsynchronised
		t.Fatal(err)
	}
	if want := 7 * 5; calls != want { // 49 points per slice: 5 calls each
		t.Errorf("%d calls, want %d", calls, want)
	}
}

func TestErrors(t *testing.T) {
	ok := sphere([3]float64{}, 0.5)
	nan := func(out, p []float32) {
		ok(out, p)
		out[len(out)/2] = float32(math.NaN())
	}
	stop := errors.New("stop")
	for _, c := range []struct {
		name string
		f    ScalarFunc
		o    Options
		emit Emit
		want string
	}{
		{"res", ok, Options{Res: 1}, nil, "resolution 1"},
		{"box", ok, Options{Min: [3]float64{0, 0, 0}, Max: [3]float64{1, 0, 1}}, nil, "axis 1"},
		{"batch", ok, Options{Batch: -1}, nil, "batch"},
		{"level", ok, Options{Level: math.Inf(1)}, nil, "level"},
		{"nan", nan, Options{Res: 8}, nil, "NaN"},
		{"emit", ok, Options{Res: 8}, func([][3]float64, [][3]int32) error { return stop }, "stop"},
	} {
		emit := c.emit
		if emit == nil {
			emit = func([][3]float64, [][3]int32) error { return nil }
		}
		err := Stream(c.f, c.o, emit)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestStreamIDsContinue(t *testing.T) {
	next := 0
	err := Stream(sphere([3]float64{}, 0.6), Options{Res: 20}, func(v [][3]float64, f [][3]int32) error {
		next += len(v)
		for _, tri := range f {
			for _, id := range tri {
				if int(id) >= next {
					t.Fatalf("triangle %v uses vertex %d not emitted yet (%d so far)", tri, id, next)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
