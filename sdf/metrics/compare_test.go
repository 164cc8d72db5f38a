package metrics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

func TestKDTreeMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// Uniform points, a dense cluster and exact duplicates.
	var pts [][3]float64
	for i := range 3000 {
		switch {
		case i%3 == 0:
			pts = append(pts, [3]float64{rng.NormFloat64() * 1e-3, rng.NormFloat64() * 1e-3, 0.5})
		case i%7 == 0:
			pts = append(pts, pts[len(pts)-1])
		default:
			pts = append(pts, [3]float64{rng.Float64()*2 - 1, rng.Float64()*2 - 1, rng.Float64()*2 - 1})
		}
	}
	tree := newKDTree(pts)
	for q := range 2000 {
		x := [3]float64{rng.Float64()*2.4 - 1.2, rng.Float64()*2.4 - 1.2, rng.Float64()*2.4 - 1.2}
		if q%2 == 0 {
			x = pts[rng.IntN(len(pts))]
			x[0] += rng.NormFloat64() * 1e-3
		}
		want := math.Inf(1)
		for i := range pts {
			want = min(want, dist2(x, &pts[i]))
		}
		i, got := tree.nearest(x)
		if got != want {
			t.Fatalf("query %v: nearest at squared distance %g, brute force %g", x, got, want)
		}
		if d := dist2(x, &pts[tree.id[i]]); d != got {
			t.Fatalf("query %v: id %d is at squared distance %g, reported %g", x, tree.id[i], d, got)
		}
	}
}

// TestIdenticalSamples scores a sample set against itself: every score is
// exact.
func TestIdenticalSamples(t *testing.T) {
	m := sdftest.Torus{Major: 0.6, Minor: 0.2}.Mesh(12)
	p, n, err := surfaceSamples(m, 20000, 5, predStream)
	if err != nil {
		t.Fatal(err)
	}
	s := scoreSamples(p, n, p, n, PaperTaus[:])
	// |n·n| of a unit normal with itself is 1 to rounding: arccos then
	// gives up to about 1e-6°.
	if s.Chamfer != 0 || s.NAE > 1e-5 || math.Abs(s.NormalConsistency-1) > 1e-12 {
		t.Errorf("identical samples: %+v", s)
	}
	for k, f := range s.FScores {
		if f.Tau != PaperTaus[k] || f.Precision != 1 || f.Recall != 1 || f.F != 1 {
			t.Errorf("identical samples: %+v", f)
		}
	}
}

// TestIdenticalMeshes compares a box with itself through independent
// samples. For N uniform samples on area A (density ρ = N/A) the distance
// to the nearest one exceeds τ with probability exp(−πρτ²) and averages
// ½√(A/N); normals disagree only for the few samples near an edge whose
// nearest sample lies on the next face.
func TestIdenticalMeshes(t *testing.T) {
	m := sdftest.Box{Half: [3]float64{0.5, 0.3, 0.4}}.Mesh(4)
	const n = 50000
	s, err := CompareMeshes(m, m, MeshOptions{Samples: n, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	spacing := math.Sqrt(2 * (1*0.6 + 1*0.8 + 0.6*0.8) / n) // √(A/N)
	t.Logf("sample spacing %g: %+v", spacing, s)
	if math.Abs(s.Chamfer-spacing) > 0.1*spacing || s.NormalConsistency < 0.98 || s.NAE > 2 {
		t.Errorf("identical meshes, sample spacing %g: %+v", spacing, s)
	}
	if len(s.FScores) != 3 {
		t.Fatalf("%d F-scores, want the paper's 3", len(s.FScores))
	}
	for k, f := range s.FScores {
		want := 1 - math.Exp(-math.Pi*f.Tau*f.Tau/(spacing*spacing))
		if f.Tau != PaperTaus[k] || math.Abs(f.F-want) > 0.01 {
			t.Errorf("identical meshes: %+v, want F ≈ %.4f", f, want)
		}
	}
}

// TestConcentricSpheres compares spheres of radii 0.5 and 0.5 + Δ: every
// sample is about Δ from the other surface (a little more, by the sample
// spacing), so the Chamfer distance is about 2Δ, every sample lies within
// 1e-2 and none within 5e-3 or 1e-3, and the normals nearly agree.
func TestConcentricSpheres(t *testing.T) {
	const r, dr = 0.5, 0.008
	in := sdftest.Sphere{Radius: r}.Mesh(200)
	out := sdftest.Sphere{Radius: r + dr}.Mesh(200)
	s, err := CompareMeshes(in, out, MeshOptions{Samples: 200_000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", s)
	if math.Abs(s.Chamfer-2*dr) > 0.1*dr || math.Abs(s.Accuracy-s.Completeness) > 0.05*dr {
		t.Errorf("Chamfer %g (%g + %g), want about %g", s.Chamfer, s.Accuracy, s.Completeness, 2*dr)
	}
	wantF := []float64{1, 0, 0}
	for k, f := range s.FScores {
		if math.Abs(f.F-wantF[k]) > 0.01 || math.Abs(f.Precision-wantF[k]) > 0.01 || math.Abs(f.Recall-wantF[k]) > 0.01 {
			t.Errorf("τ = %g: %+v, want F ≈ %g", f.Tau, f, wantF[k])
		}
	}
	if s.NAE > 1 || s.NormalConsistency < 0.9998 {
		t.Errorf("NAE %g°, normal consistency %g: want about 0° and 1", s.NAE, s.NormalConsistency)
	}
}

// plate returns the square [−½, ½]² at z = 0, counter-clockwise seen from
// +z, rotated by angle about the x axis.
func plate(angle float64) *mesh.Mesh {
	c, s := math.Cos(angle), math.Sin(angle)
	m := &mesh.Mesh{F: [][3]int32{{0, 1, 2}, {0, 2, 3}}}
	for _, p := range [][2]float64{{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}, {-0.5, 0.5}} {
		m.V = append(m.V, [3]float64{p[0], c * p[1], s * p[1]})
	}
	return m
}

// TestRotatedPlate compares a plate with a copy rotated by 20°: every
// pair of normals makes 20°, whichever samples are nearest. A flipped copy
// scores 0°, since the normal metrics ignore orientation.
func TestRotatedPlate(t *testing.T) {
	const deg = 20.0
	s, err := CompareMeshes(plate(0), plate(deg*math.Pi/180), MeshOptions{Samples: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.NAE-deg) > 1e-9 || math.Abs(s.NormalConsistency-math.Cos(deg*math.Pi/180)) > 1e-12 {
		t.Errorf("rotated by %g°: NAE %g°, normal consistency %g (want cos = %g)", deg, s.NAE, s.NormalConsistency, math.Cos(deg*math.Pi/180))
	}
	if s.NAEPredToGT != s.NAE || s.NAEGTToPred != s.NAE {
		t.Errorf("rotated by %g°: one-way NAEs %g° and %g°, want both %g°", deg, s.NAEPredToGT, s.NAEGTToPred, s.NAE)
	}
	// The reference code's number: half the angle plus half its cosine.
	if want := (deg + math.Cos(deg*math.Pi/180)) / 2; math.Abs(s.NAEReference-want) > 1e-9 {
		t.Errorf("rotated by %g°: reference-code NAE %g, want %g", deg, s.NAEReference, want)
	}
	flipped := plate(0)
	for i, f := range flipped.F {
		flipped.F[i] = [3]int32{f[0], f[2], f[1]}
	}
	s, err = CompareMeshes(plate(0), flipped, MeshOptions{Samples: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if s.NAE != 0 || s.NormalConsistency != 1 {
		t.Errorf("flipped: NAE %g°, normal consistency %g; want 0° and 1", s.NAE, s.NormalConsistency)
	}
}

func TestCompareIndependentOfThreads(t *testing.T) {
	a := sdftest.Torus{Major: 0.6, Minor: 0.2}.Mesh(10)
	b := sdftest.Torus{Major: 0.62, Minor: 0.19}.Mesh(14)
	o := MeshOptions{Samples: 30000, Seed: 9}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one, err := CompareMeshes(a, b, o)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(3)
	three, err := CompareMeshes(a, b, o)
	if err != nil {
		t.Fatal(err)
	}
	if one.Chamfer != three.Chamfer || one.NAE != three.NAE || one.FScores[0] != three.FScores[0] {
		t.Errorf("1 thread: %+v\n3 threads: %+v", one, three)
	}
}

func TestCompareErrors(t *testing.T) {
	good := plate(0)
	flat := &mesh.Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}}, F: [][3]int32{{0, 1, 2}}}
	bad := &mesh.Mesh{V: good.V, F: [][3]int32{{0, 1, 4}}}
	for _, c := range []struct {
		name     string
		pred, gt *mesh.Mesh
		o        MeshOptions
		want     string
	}{
		{"empty", &mesh.Mesh{}, good, MeshOptions{}, "predicted mesh: metrics: the mesh has surface area 0"},
		{"flat", good, flat, MeshOptions{}, "ground-truth mesh: metrics: the mesh has surface area 0"},
		{"index", bad, good, MeshOptions{}, "face 0 uses vertex 4"},
		{"samples", good, good, MeshOptions{Samples: -3}, "-3 surface samples"},
		{"tau", good, good, MeshOptions{Taus: []float64{0.1, 0}}, "threshold 0"},
	} {
		_, err := CompareMeshes(c.pred, c.gt, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestOneWayNAE tells the two directions apart: the ground truth is a flat
// plate plus a plate rotated by 20° far to the side, the prediction the
// flat plate alone. Every predicted sample's nearest ground-truth sample
// is on the flat plate (0°); about half the ground-truth samples lie on
// the rotated plate, whose nearest predicted samples make 20° with them.
// The reference code's number follows the gt→pred direction.
func TestOneWayNAE(t *testing.T) {
	const deg = 20.0
	gt := plate(0)
	far := plate(deg * math.Pi / 180)
	for _, v := range far.V {
		gt.V = append(gt.V, [3]float64{v[0] + 5, v[1], v[2]})
	}
	for _, f := range far.F {
		gt.F = append(gt.F, [3]int32{f[0] + 4, f[1] + 4, f[2] + 4})
	}
	s, err := CompareMeshes(plate(0), gt, MeshOptions{Samples: 20000})
	if err != nil {
		t.Fatal(err)
	}
	if s.NAEPredToGT > 1e-9 || math.Abs(s.NAEGTToPred-deg/2) > 0.5 {
		t.Errorf("one-way NAEs %g° (pred→gt) and %g° (gt→pred), want 0° and about %g°", s.NAEPredToGT, s.NAEGTToPred, deg/2)
	}
	cos := 1 - s.NAEGTToPred/deg*(1-math.Cos(deg*math.Pi/180)) // the mean |cos| over the two halves
	if want := (s.NAEGTToPred + cos) / 2; math.Abs(s.NAEReference-want) > 1e-3 {
		t.Errorf("reference-code NAE %g, want %g", s.NAEReference, want)
	}
}
