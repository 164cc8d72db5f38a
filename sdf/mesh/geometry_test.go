package mesh

import (
	"math"
	"math/rand/v2"
	"testing"
)

func unitCube(t *testing.T) *Mesh {
	t.Helper()
	m, err := Read("testdata/cube.off")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNormalize(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	orig := jitteredSphere(rng, [3]float64{10, -20, 30}, 7, 10, 6)
	m := &Mesh{V: append([][3]float64(nil), orig.V...), F: orig.F}
	tr := Normalize(m)
	lo, hi := Bounds(m)
	var r float64
	for k := range 3 {
		if c := (lo[k] + hi[k]) / 2; math.Abs(c) > 1e-12 {
			t.Errorf("bounding-box centre[%d] = %v, want 0", k, c)
		}
	}
	for i, v := range m.V {
		r = max(r, norm(v))
		back := tr.Invert(v)
		fwd := tr.Apply(orig.V[i])
		for k := range 3 {
			if math.Abs(back[k]-orig.V[i][k]) > 1e-12 || math.Abs(fwd[k]-v[k]) > 1e-15 {
				t.Fatalf("vertex %d: Invert %v / Apply %v, want %v / %v", i, back, fwd, orig.V[i], v)
			}
		}
	}
	if math.Abs(r-0.99) > 1e-12 {
		t.Errorf("largest vertex radius %v, want 0.99", r)
	}
	// Volumes scale by Scale³.
	if got, want := SignedVolume(m), SignedVolume(orig)*math.Pow(tr.Scale, 3); math.Abs(got-want) > 1e-9*want {
		t.Errorf("volume %v, want %v", got, want)
	}
	point := &Mesh{V: [][3]float64{{2, 2, 2}}}
	if tr := Normalize(point); tr.Scale != 1 || point.V[0] != [3]float64{} {
		t.Errorf("single point: %+v, %v", tr, point.V)
	}
}

func TestClosedAndVolume(t *testing.T) {
	m := unitCube(t)
	if !Closed(m) || SignedVolume(m) != 1 {
		t.Fatalf("cube: closed %v, volume %v", Closed(m), SignedVolume(m))
	}
	open := &Mesh{V: m.V, F: m.F[1:]}
	if Closed(open) {
		t.Error("cube with a face removed is reported closed")
	}
	flipped := &Mesh{V: m.V, F: append([][3]int32(nil), m.F...)}
	for i, f := range flipped.F {
		flipped.F[i] = [3]int32{f[0], f[2], f[1]}
	}
	if !Closed(flipped) || SignedVolume(flipped) != -1 {
		t.Errorf("inward cube: closed %v, volume %v; want true, -1", Closed(flipped), SignedVolume(flipped))
	}
	flipped.F[0] = m.F[0]
	if Closed(flipped) {
		t.Error("cube with one face flipped against the others is reported closed")
	}
	if Closed(&Mesh{}) {
		t.Error("empty mesh reported closed")
	}
}

func TestFaceNormals(t *testing.T) {
	m := unitCube(t)
	m.V = append(m.V, m.V[0])
	m.F = append(m.F, [3]int32{0, 8, 1}) // degenerate
	n := FaceNormals(nil, m)
	lo, _ := Bounds(m)
	for i, f := range m.F[:12] {
		// The normal is the axis on which all corners agree, pointing away
		// from the centre.
		for k := range 3 {
			a, b, c := m.V[f[0]][k], m.V[f[1]][k], m.V[f[2]][k]
			want := 0.0
			if a == b && b == c {
				want = 2*a - 1
			}
			if n[i][k] != want {
				t.Errorf("face %d normal %v", i, n[i])
			}
		}
	}
	if n[12] != [3]float64{} || lo != [3]float64{} {
		t.Errorf("degenerate face normal %v, want zero", n[12])
	}
	if got := FaceNormals(n, m); &got[0] != &n[0] {
		t.Error("FaceNormals did not reuse dst")
	}
}

func TestSampleOnCube(t *testing.T) {
	m := unitCube(t)
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 60000
	p, nrm := SampleSurface(m, n, rng)
	var perSide [6]int
	for i := range p {
		side := -1
		for k := range 3 {
			if math.Abs(nrm[i][k]) == 1 {
				side = 2 * k
				if nrm[i][k] > 0 {
					side++
				}
				if want := (nrm[i][k] + 1) / 2; math.Abs(p[i][k]-want) > 1e-15 {
					t.Fatalf("sample %v with normal %v is off its face", p[i], nrm[i])
				}
			} else if p[i][k] < -1e-15 || p[i][k] > 1+1e-15 {
				t.Fatalf("sample %v outside the cube", p[i])
			}
		}
		if side < 0 {
			t.Fatalf("normal %v is not an axis", nrm[i])
		}
		perSide[side]++
	}
	// Binomial(n, 1/6): σ ≈ 91; allow 5σ.
	for s, c := range perSide {
		if math.Abs(float64(c)-n/6) > 5*math.Sqrt(n*(1./6)*(5./6)) {
			t.Errorf("side %d got %d samples of %d, want about %d", s, c, n, n/6)
		}
	}
}

func TestSampleIsAreaWeightedAndUniform(t *testing.T) {
	// Two triangles of areas 1/2 and 3/2 (plus a degenerate one that must
	// never be picked): the second gets 3/4 of the samples, and within a
	// triangle the mean is its centroid and E[x²] that of a uniform density.
	m := &Mesh{
		V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 5}, {3, 0, 5}, {0, 1, 5}},
		F: [][3]int32{{0, 1, 2}, {0, 1, 0}, {3, 4, 5}}, // the middle one is degenerate
	}
	s, err := NewSurfaceSampler(m)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200000
	p := make([][3]float64, n)
	nrm := make([][3]float64, n)
	s.Sample(p, nrm, rand.New(rand.NewPCG(7, 8)))
	var cnt [2]float64
	var sum, sum2 [2][2]float64
	for i := range p {
		if nrm[i] != [3]float64{0, 0, 1} {
			t.Fatalf("normal %v, want +z", nrm[i])
		}
		j := 0
		if p[i][2] > 2.5 {
			j = 1
		}
		cnt[j]++
		for k := range 2 {
			sum[j][k] += p[i][k]
			sum2[j][k] += p[i][k] * p[i][k]
		}
	}
	if f := cnt[1] / n; math.Abs(f-0.75) > 5*math.Sqrt(0.75*0.25/n) {
		t.Errorf("fraction on the larger triangle %v, want 0.75", f)
	}
	// Triangle (0,0),(a,0),(0,b): E[x] = a/3, E[x²] = a²/6.
	for j, ab := range [2][2]float64{{1, 1}, {3, 1}} {
		for k, a := range ab {
			mean, m2 := sum[j][k]/cnt[j], sum2[j][k]/cnt[j]
			if math.Abs(mean-a/3) > 0.01*a || math.Abs(m2-a*a/6) > 0.01*a*a {
				t.Errorf("triangle %d axis %d: E[x] %v, E[x²] %v; want %v, %v", j, k, mean, m2, a/3, a*a/6)
			}
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { s.Sample(p[:100], nrm[:100], rand.New(rand.NewPCG(1, 1))) }); allocs > 2 {
		t.Errorf("Sample allocates %v times per call", allocs)
	}
}

func TestSampleEmpty(t *testing.T) {
	if p, n := SampleSurface(&Mesh{}, 10, rand.New(rand.NewPCG(1, 1))); p != nil || n != nil {
		t.Error("samples from an empty mesh")
	}
	if _, err := NewSurfaceSampler(&Mesh{V: make([][3]float64, 3), F: [][3]int32{{0, 1, 2}}}); err == nil {
		t.Error("no error for a zero-area mesh")
	}
}

func TestAliasTableMatchesAreas(t *testing.T) {
	m := jitteredSphere(rand.New(rand.NewPCG(9, 10)), [3]float64{}, 1, 17, 9)
	m.F = append(m.F, [3]int32{0, 1, 0}) // degenerate: probability 0
	s, err := NewSurfaceSampler(m)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(len(s.face))
	got := make([]float64, len(m.F))
	for j, fi := range s.face {
		got[fi] += s.prob[j] / n
		got[s.face[s.alias[j]]] += (1 - s.prob[j]) / n
	}
	total := Area(m)
	for i, f := range m.F {
		if want := norm(cross(m, f)) / 2 / total; math.Abs(got[i]-want) > 1e-12 {
			t.Errorf("face %d: probability %v, want %v", i, got[i], want)
		}
	}
}
