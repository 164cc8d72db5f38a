package dist

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
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
			c = vec3.Add(a, vec3.Scale(2*rng.Float64()-0.5, vec3.Sub(b, a)))
		case 1: // repeated vertex
			c = b
		case 2: // sliver
			c = vec3.Add(vec3.Add(a, vec3.Scale(rng.Float64(), vec3.Sub(b, a))), vec3.Scale(1e-6, uniformPoint(rng, -1, 1)))
		}
		tri := newTriangle(a, b, c)
		p := uniformPoint(rng, -2, 2)
		q, d2 := tri.closest(p)
		want := refTriDist(p, a, b, c)
		got := math.Sqrt(d2)
		if math.Abs(got-want) > 1e-9*(1+want) {
			t.Fatalf("triangle %v %v %v, point %v: distance %g, reference %g", a, b, c, p, got, want)
		}
		if e := math.Abs(vec3.Norm(vec3.Sub(p, q)) - got); e > 1e-12 {
			t.Fatalf("returned point %v is %g from p, distance says %g", q, vec3.Norm(vec3.Sub(p, q)), got)
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
		if vec3.Norm(vec3.Sub(q, v)) < 1e-12 {
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

// TestGroupEstimate checks the search's cheap distance estimate against
// the exact squared distance for random triangles (slivers, small ones
// seen from afar) and points in every region: the exact value must lie
// within the estimate's slack, or the search could skip the nearest
// triangle. candidates, SIMD or not, must pick the lanes the estimates
// say.
func TestGroupEstimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	var worst float64
	declined, mismatched := 0, 0
	const n = 50000
	for it := range n {
		var tris [4]triangle
		for l := range tris {
			a, b, c := uniformPoint(rng, -1, 1), uniformPoint(rng, -1, 1), uniformPoint(rng, -1, 1)
			switch rng.IntN(4) {
			case 0: // nearly flat
				c = vec3.Add(vec3.Add(a, vec3.Scale(rng.Float64(), vec3.Sub(b, a))), vec3.Scale(1e-7, uniformPoint(rng, -1, 1)))
			case 1: // a sliver
				c = vec3.Add(vec3.Add(a, vec3.Scale(rng.Float64(), vec3.Sub(b, a))), vec3.Scale(1e-3, uniformPoint(rng, -1, 1)))
			case 2: // a small triangle
				b = vec3.Add(a, vec3.Scale(0.01, uniformPoint(rng, -1, 1)))
				c = vec3.Add(a, vec3.Scale(0.01, uniformPoint(rng, -1, 1)))
			}
			tris[l] = newTriangle(a, b, c)
		}
		g := newGroups(tris[:], 0, 4)[0]
		p := uniformPoint(rng, -2, 2)
		if it%3 == 0 { // near a triangle
			tr := &tris[0]
			p = vec3.Add(vec3.Add(tr.a, vec3.Scale(0.3, vec3.Sub(tr.b, tr.a))), vec3.Scale(1e-6, uniformPoint(rng, -1, 1)))
		}
		var want uint8
		var wlo, whi, lo, hi [4]float64
		bound := rng.Float64()
		for l := range tris {
			wlo[l], whi[l] = g.estimate(l, &p)
			if wlo[l] < bound {
				want |= 1 << l
			}
			if g.trust[l] == 0 {
				if wlo[l] != 0 || !math.IsInf(whi[l], 1) {
					t.Fatalf("untrusted lane's bounds [%g, %g], want [0, +Inf]", wlo[l], whi[l])
				}
				declined++
				continue
			}
			_, exact := tris[l].closest(p)
			if exact < wlo[l] || exact > whi[l] {
				t.Fatalf("triangle %v, point %v: exact %g outside the bounds [%g, %g]", tris[l], p, exact, wlo[l], whi[l])
			}
			est, slack := (wlo[l]+whi[l])/2, (whi[l]-wlo[l])/2
			worst = max(worst, math.Abs(est-exact)/slack)
		}
		if got := g.candidates(&p, bound, &lo, &hi); got != want || lo != wlo || hi != whi {
			mismatched++
		}
		// The side test must never contradict the exact orientation, and
		// straddles must agree with it lane by lane.
		y := uniformPoint(rng, -2, 2)
		for l := range tris {
			for _, x := range [2]*[3]float64{&p, &y} {
				s := g.side(l, x)
				o := sign(orient3d(&tris[l].a, &tris[l].b, &tris[l].c, x))
				if s != 0 && o != 0 && s != -o {
					t.Fatalf("triangle %v, point %v: side %d, exact orientation %d", tris[l], *x, s, o)
				}
			}
		}
		if got, want := g.straddles(&p, &y), g.straddlesScalar(&p, &y); got != want {
			mismatched++
		}
	}
	t.Logf("largest error is %.2g of the slack; %d of %d triangles declined", worst, declined, 4*n)
	if declined > n+2000 || declined < n-2000 {
		t.Errorf("%d of %d triangles declined: only the quarter that are nearly flat should be", declined, 4*n)
	}
	if mismatched > 0 {
		t.Errorf("candidates or straddles differ from the lane by lane versions %d times in %d", mismatched, n)
	}
}
