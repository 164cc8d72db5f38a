package dist

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestClosestAgainstReference compares the region-based closest point with
// the reference distance for random triangles (some nearly or exactly
// degenerate) and points in every Voronoi region, and checks the returned
// point lies on the triangle.
func TestClosestAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	regions := map[string]int{}
	for it := range 20000 {
		a, b, c := uniformPoint(rng, -1, 1), uniformPoint(rng, -1, 1), uniformPoint(rng, -1, 1)
		switch it % 10 {
		case 0: // collinear
			c = add(a, scale(2*rng.Float64()-0.5, sub(b, a)))
		case 1: // repeated vertex
			c = b
		case 2: // sliver
			c = add(add(a, scale(rng.Float64(), sub(b, a))), scale(1e-6, uniformPoint(rng, -1, 1)))
		}
		tri := newTriangle(a, b, c)
		p := uniformPoint(rng, -2, 2)
		q, d2 := tri.closest(p)
		want := refTriDist(p, a, b, c)
		got := math.Sqrt(d2)
		if math.Abs(got-want) > 1e-9*(1+want) {
			t.Fatalf("triangle %v %v %v, point %v: distance %g, reference %g", a, b, c, p, got, want)
		}
		if e := math.Abs(norm(sub(p, q)) - got); e > 1e-12 {
			t.Fatalf("returned point %v is %g from p, distance says %g", q, norm(sub(p, q)), got)
		}
		if e := refTriDist(q, a, b, c); e > 1e-9 {
			t.Fatalf("returned point %v is %g off the triangle %v %v %v", q, e, a, b, c)
		}
		regions[region(q, a, b, c)]++
	}
	for _, r := range []string{"vertex", "edge", "face"} {
		if regions[r] < 100 {
			t.Errorf("only %d closest points in a %s region: the test does not cover it", regions[r], r)
		}
	}
}

// region names the kind of feature q is on.
func region(q, a, b, c [3]float64) string {
	for _, v := range [3][3]float64{a, b, c} {
		if norm(sub(q, v)) < 1e-12 {
			return "vertex"
		}
	}
	if min(refSegDist(q, a, b), refSegDist(q, b, c), refSegDist(q, c, a)) < 1e-12 {
		return "edge"
	}
	return "face"
}

func TestSolidAngleAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		a, b, c := uniformPoint(rng, -1, 1), uniformPoint(rng, -1, 1), uniformPoint(rng, -1, 1)
		p := uniformPoint(rng, -1.5, 1.5)
		tri := newTriangle(a, b, c)
		got, want := tri.solidAngle(p), refSolidAngle(p, a, b, c)
		if math.Abs(got-want) > 1e-9 {
			t.Fatalf("triangle %v %v %v from %v: winding %g, reference %g", a, b, c, p, got, want)
		}
	}
	// A point below a counter-clockwise triangle (seen from +z) sees its
	// back: positive, as inside a closed outward mesh.
	tri := newTriangle([3]float64{1, 0, 1}, [3]float64{0, 1, 1}, [3]float64{-1, -1, 1})
	if w := tri.solidAngle([3]float64{}); w <= 0 {
		t.Errorf("winding below a counter-clockwise triangle is %g, want > 0", w)
	}
}
