package band

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// exact returns the field of s, as the model's Eval would be called.
func exact(s sdftest.Shape) mc.ScalarFunc {
	return sdftest.DistFunc(s)
}

// randomPoints returns n points uniform in [−lim, lim]³.
func randomPoints(n int, lim float64, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	pts := make([]float32, 3*n)
	for i := range pts {
		pts[i] = float32(lim * (2*rng.Float64() - 1))
	}
	return pts
}

func TestBandMatchesExactNearSurfaceAndSignElsewhere(t *testing.T) {
	shape := sdftest.Torus{Major: 0.55, Minor: 0.22}
	f := exact(shape)
	b, ok := New(f, []int{33, 65})
	if !ok {
		t.Fatal("a distance field was refused")
	}
	if b.Res() != 65 {
		t.Fatalf("finest lattice %d, want 65", b.Res())
	}
	const n = 200_000
	pts := randomPoints(n, 1.1, 1)
	got, want := make([]float32, n), make([]float32, n)
	b.Eval(got, pts)
	f(want, pts)
	cell := 2.0 / 64
	margin := 1.5 * math.Sqrt(3) * cell
	interpolated := 0
	for i := range n {
		g, w := float64(got[i]), float64(want[i])
		if g == w {
			continue
		}
		interpolated++
		// Interpolated: only where the true field is beyond the band,
		// with the same sign and within a cell diagonal of the truth (the
		// field is 1-Lipschitz).
		if math.Abs(w) < margin-math.Sqrt(3)*cell/2 || (g > 0) != (w > 0) || math.Abs(g-w) > math.Sqrt(3)*cell {
			t.Fatalf("point %v: band %g, exact %g (margin %g)", pts[3*i:3*i+3], g, w, margin)
		}
	}
	if interpolated < n/2 {
		t.Errorf("only %d of %d points interpolated: the band is not narrow", interpolated, n)
	}
	if e := b.Evaluations(); e >= 65*65*65+n {
		t.Errorf("%d evaluations, no fewer than evaluating every lattice point and query", e)
	}
	t.Logf("%d of %d points interpolated; %d evaluations; %.1f%% of cells undecided", interpolated, n, b.Evaluations(), 100*b.Undecided())
}

func TestBandOutsideBoxIsEvaluated(t *testing.T) {
	shape := sdftest.Sphere{Radius: 0.5}
	f := exact(shape)
	b, ok := New(f, []int{33})
	if !ok {
		t.Fatal("a distance field was refused")
	}
	pts := []float32{1.5, 0, 0, 0, -1.01, 0, 0, 0, float32(math.NaN())}
	got, want := make([]float32, 3), make([]float32, 3)
	b.Eval(got, pts)
	f(want, pts)
	for i := range 2 {
		if got[i] != want[i] {
			t.Errorf("point %v outside the box: %g, want the field's %g", pts[3*i:3*i+3], got[i], want[i])
		}
	}
	if !math.IsNaN(float64(got[2])) {
		t.Errorf("NaN point: %g, want the field's NaN", got[2])
	}
}

func TestBandRefusesFieldThatIsNotDistanceLike(t *testing.T) {
	// A tiny field: every lattice value within the margin, so no cell is
	// decided.
	flat := func(out, points []float32) {
		for i := range out {
			out[i] = 1e-3 * points[3*i]
		}
	}
	if b, ok := New(flat, []int{17, 65}); ok {
		t.Fatalf("a flat field was accepted, %.0f%% of cells undecided", 100*b.Undecided())
	}
}

func TestBandStopsEarly(t *testing.T) {
	// Too small to decide anything for x < −0.5, large elsewhere: the 9³
	// lattice leaves its two x < −0.5 layers of cells undecided (25%, just
	// acceptable), the 34³ lattice nine of its 33 layers (27%), so the
	// 129³ lattice must not be built.
	step := func(out, points []float32) {
		for i := range out {
			out[i] = 1
			if points[3*i] < -0.5 {
				out[i] = 0.1
			}
		}
	}
	b, ok := New(step, []int{9, 34, 129})
	if !ok {
		t.Fatal("refused at the coarsest lattice")
	}
	if b.Res() != 34 {
		t.Errorf("finest lattice %d³, want 34³ (the last one built before stopping)", b.Res())
	}
	if u := b.Undecided(); u <= MaxUndecided {
		t.Errorf("%.1f%% of the 34³ cells undecided, want more than %.0f%%", 100*u, 100*MaxUndecided)
	}
}

func TestBandEvalAllocatesNothing(t *testing.T) {
	b, ok := New(exact(sdftest.Sphere{Radius: 0.6}), []int{33})
	if !ok {
		t.Fatal("a distance field was refused")
	}
	pts := randomPoints(4096, 1, 2)
	out := make([]float32, 4096)
	b.Eval(out, pts)
	if a := testing.AllocsPerRun(20, func() { b.Eval(out, pts) }); a > 0 {
		t.Errorf("Eval allocates %.1f times per call", a)
	}
}

// BenchmarkBandEval measures queries of a banded torus at 65³, reporting
// points per second.
func BenchmarkBandEval(b *testing.B) {
	f, ok := New(exact(sdftest.Torus{Major: 0.55, Minor: 0.22}), DefaultResolutions[:1])
	if !ok {
		b.Fatal("refused")
	}
	pts := randomPoints(1<<16, 1, 3)
	out := make([]float32, 1<<16)
	b.ResetTimer()
	for range b.N {
		f.Eval(out, pts)
	}
	b.ReportMetric(float64(b.N)*float64(len(out))/b.Elapsed().Seconds(), "points/s")
}
