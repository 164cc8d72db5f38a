package rbf

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestInitShapes(t *testing.T) {
	// One elongated, tilted 2-D cluster with uniform weights: S must be
	// (2·Cov)⁻¹ of the points about the centre.
	rng := rand.New(rand.NewPCG(8, 8))
	var pts, wts []float32
	var m [3]float64 // Σx², Σxy, Σy²
	for i := 0; i < 4000; i++ {
		u, v := rng.NormFloat64()*0.1, rng.NormFloat64()*0.02
		x, y := float32(u*0.8-v*0.6), float32(u*0.6+v*0.8)
		pts = append(pts, x, y)
		wts = append(wts, 1)
	}
	centre := []float32{0, 0}
	for i := 0; i < len(pts); i += 2 {
		x, y := float64(pts[i]), float64(pts[i+1])
		m[0], m[1], m[2] = m[0]+x*x, m[1]+x*y, m[2]+y*y
	}
	n := float64(len(wts))
	a, b, c := 2*m[0]/n, 2*m[1]/n, 2*m[2]/n
	det := a*c - b*b
	want := []float64{c / det, -b / det, a / det}
	got, err := initShapes(IVQA, pts, wts, 2, centre, make([]int32, len(wts)), 2, 256)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > 1e-4*math.Abs(want[i]) {
			t.Errorf("S[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	// Tent: width √(8·E‖d‖²).
	// (extent 20: the clamp range [vmin, vmax] = [3.9e-4, 2] leaves it alone.)
	tent, err := initShapes(NLinS, pts, wts, 2, centre, make([]int32, len(wts)), 20, 256)
	if err != nil {
		t.Fatal(err)
	}
	if w := 1 / math.Sqrt(8*(m[0]+m[2])/n); math.Abs(float64(tent[0])-w) > 1e-5*w {
		t.Errorf("tent s = %v, want %v", tent[0], w)
	}
	// Single-member and empty clusters get half the distance to the other
	// centre as deviation, 1.5: Σ = 1.5²/0.5·I, clamped to vmax² = 0.04
	// (vmax = extent/10), so S = 25·I.
	single, err := initShapes(IVQA, []float32{0, 0}, []float32{1}, 2, []float32{0, 0, 3, 0}, []int32{0}, 2, 256)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(single, []float32{25, 0, 25, 25, 0, 25}) {
		t.Errorf("clamped single-member shapes %v", single)
	}
}
