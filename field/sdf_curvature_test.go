package field

import (
	"math"
	"testing"

	"github.com/neurbf/neurbf/sdf/sdftest"
)

// TestFaceCurvatureSphere checks faceCurvature on a tessellated sphere of
// radius 2: about 1/(√3·r) on every face, whatever the face's size.
func TestFaceCurvatureSphere(t *testing.T) {
	const r = 2.0
	m := sdftest.Sphere{Radius: r}.Mesh(48)
	mean := areaMean(m, faceCurvature(m)) * r * math.Sqrt(3)
	t.Logf("mean curvature·√3·r %.3f", mean)
	if math.Abs(mean-1) > 0.25 {
		t.Errorf("mean curvature·√3·r %.3f, want about 1", mean)
	}
}

// TestCurvatureInitRejectsBadWeights requires an error for a negative or
// non-finite curvature weight.
func TestCurvatureInitRejectsBadWeights(t *testing.T) {
	m := sdftest.Sphere{Radius: 1}.Mesh(12)
	for _, c := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := NewSDFModelInit(Config{Params: 20_000}, m, SDFInit{Curvature: c}); err == nil {
			t.Errorf("curvature weight %v accepted", c)
		}
	}
}
