package dist

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// realMesh loads testdata/real/<name> (an OFF file), normalised as
// docs/METHOD.md §3 says, skipping the test when it is absent. The package has its own
// small OFF reader so its tests do not depend on sdf/mesh's loaders.
func realMesh(t testing.TB, name string) *mesh.Mesh {
	t.Helper()
	m, err := readOFF(testfiles.RealPath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	normalise(m)
	return m
}

// readOFF reads a triangle mesh from an OFF file, fanning polygons.
func readOFF(path string) (*mesh.Mesh, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var words []string
	next := func() (string, error) {
		for len(words) == 0 {
			if !sc.Scan() {
				return "", fmt.Errorf("%s: unexpected end of file", path)
			}
			line, _, _ := strings.Cut(sc.Text(), "#")
			words = strings.Fields(line)
		}
		w := words[0]
		words = words[1:]
		return w, nil
	}
	num := func() (float64, error) {
		w, err := next()
		if err != nil {
			return 0, err
		}
		return strconv.ParseFloat(w, 64)
	}
	if w, err := next(); err != nil || w != "OFF" {
		return nil, fmt.Errorf("%s: not an OFF file", path)
	}
	var counts [3]float64
	for i := range counts {
		if counts[i], err = num(); err != nil {
			return nil, err
		}
	}
	m := &mesh.Mesh{V: make([][3]float64, int(counts[0]))}
	for i := range m.V {
		for k := range 3 {
			if m.V[i][k], err = num(); err != nil {
				return nil, err
			}
		}
	}
	for range int(counts[1]) {
		n, err := num()
		if err != nil {
			return nil, err
		}
		idx := make([]int32, int(n))
		for k := range idx {
			v, err := num()
			if err != nil {
				return nil, err
			}
			idx[k] = int32(v)
		}
		words = nil // skip optional colours
		for k := 1; k+1 < len(idx); k++ {
			m.F = append(m.F, [3]int32{idx[0], idx[k], idx[k+1]})
		}
	}
	return m, nil
}

// normalise moves the bounding-box centre of m to the origin and scales it
// so the farthest vertex is at radius 0.99.
func normalise(m *mesh.Mesh) {
	lo, hi := emptyBox()
	for _, v := range m.V {
		grow(&lo, &hi, v)
	}
	c := vec3.Scale(0.5, vec3.Add(lo, hi))
	var r float64
	for _, v := range m.V {
		r = max(r, vec3.Norm(vec3.Sub(v, c)))
	}
	for i, v := range m.V {
		m.V[i] = vec3.Scale(0.99/r, vec3.Sub(v, c))
	}
}

// refTriDist is a reference point–triangle distance written differently
// from triangle.closest: project p on the triangle's plane; if the
// projection is inside (all three sub-triangle areas agree in sign with
// the normal) the distance is the height, otherwise the least distance to
// the three edges.
func refTriDist(p, a, b, c [3]float64) float64 {
	ab, ac := vec3.Sub(b, a), vec3.Sub(c, a)
	n := vec3.Cross(ab, ac)
	nn := vec3.Dot(n, n)
	// A (nearly) degenerate triangle is its edges: its plane is ill-defined.
	if nn > 1e-18*vec3.Dot(ab, ab)*vec3.Dot(ac, ac) {
		h := vec3.Dot(vec3.Sub(p, a), n) / nn
		q := vec3.Sub(p, vec3.Scale(h, n))
		if vec3.Dot(vec3.Cross(vec3.Sub(b, a), vec3.Sub(q, a)), n) >= 0 &&
			vec3.Dot(vec3.Cross(vec3.Sub(c, b), vec3.Sub(q, b)), n) >= 0 &&
			vec3.Dot(vec3.Cross(vec3.Sub(a, c), vec3.Sub(q, c)), n) >= 0 {
			return math.Abs(h) * math.Sqrt(nn)
		}
	}
	return min(refSegDist(p, a, b), refSegDist(p, b, c), refSegDist(p, c, a))
}

// refSegDist is the distance from p to the segment ab.
func refSegDist(p, a, b [3]float64) float64 {
	ab := vec3.Sub(b, a)
	u := 0.0
	if l := vec3.Dot(ab, ab); l > 0 {
		u = math.Max(0, math.Min(1, vec3.Dot(vec3.Sub(p, a), ab)/l))
	}
	return vec3.Norm(vec3.Sub(p, vec3.Add(a, vec3.Scale(u, ab))))
}

// refSolidAngle is the signed solid angle of abc seen from p over 4π, by
// L'Huilier's theorem on the spherical triangle of the unit vectors
// towards a, b, c (a different formula from triangle.solidAngle); the
// sign is that of the triple product.
func refSolidAngle(p, a, b, c [3]float64) float64 {
	u := [3][3]float64{vec3.Sub(a, p), vec3.Sub(b, p), vec3.Sub(c, p)}
	for i := range u {
		u[i] = vec3.Scale(1/vec3.Norm(u[i]), u[i])
	}
	side := func(x, y [3]float64) float64 { return 2 * math.Asin(math.Min(1, vec3.Norm(vec3.Sub(x, y))/2)) }
	sa, sb, sc := side(u[1], u[2]), side(u[2], u[0]), side(u[0], u[1])
	s := (sa + sb + sc) / 2
	prod := math.Tan(s/2) * math.Tan((s-sa)/2) * math.Tan((s-sb)/2) * math.Tan((s-sc)/2)
	omega := 4 * math.Atan(math.Sqrt(math.Max(prod, 0)))
	if vec3.Dot(u[0], vec3.Cross(u[1], u[2])) < 0 {
		omega = -omega
	}
	return omega / (4 * math.Pi)
}

// refUnsigned is the brute-force distance from p to m.
func refUnsigned(m *mesh.Mesh, p [3]float64) float64 {
	best := math.Inf(1)
	for _, f := range m.F {
		best = min(best, refTriDist(p, m.V[f[0]], m.V[f[1]], m.V[f[2]]))
	}
	return best
}

// refWinding is the exact winding number of m at p: the sum of all solid
// angles.
func refWinding(m *mesh.Mesh, p [3]float64) float64 {
	var w float64
	for _, f := range m.F {
		w += refSolidAngle(p, m.V[f[0]], m.V[f[1]], m.V[f[2]])
	}
	return w
}

// uniformPoint returns a uniform random point of [lo, hi]³.
func uniformPoint(rng *rand.Rand, lo, hi float64) [3]float64 {
	return [3]float64{lo + (hi-lo)*rng.Float64(), lo + (hi-lo)*rng.Float64(), lo + (hi-lo)*rng.Float64()}
}

// nearPoint returns a random vertex of m plus Gaussian noise of deviation
// sigma per coordinate.
func nearPoint(rng *rand.Rand, m *mesh.Mesh, sigma float64) [3]float64 {
	v := m.V[rng.IntN(len(m.V))]
	return [3]float64{v[0] + sigma*rng.NormFloat64(), v[1] + sigma*rng.NormFloat64(), v[2] + sigma*rng.NormFloat64()}
}

// mustNew builds a tree or fails the test.
func mustNew(t testing.TB, m *mesh.Mesh, opt Options) *Tree {
	t.Helper()
	tr, err := NewWithOptions(m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
