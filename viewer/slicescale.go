//go:build viewer

package viewer

import (
	"math"
	"slices"
)

// sliceRange returns the |SDF| that the slice's colour scale spans: the
// 99th percentile of |vol| over a strided subsample of at most ~64K
// values, so that a field of any magnitude uses the whole scale. A fixed
// scale showed a barely trained model, whose values stay within ±0.05,
// as one flat colour. It returns 0 for an empty or all-zero volume.
func sliceRange(vol []float32) float64 {
	stride := max(1, len(vol)/65536)
	a := make([]float32, 0, len(vol)/stride+1)
	for i := 0; i < len(vol); i += stride {
		if x := math.Abs(float64(vol[i])); !math.IsNaN(x) {
			a = append(a, float32(x))
		}
	}
	if len(a) == 0 {
		return 0
	}
	slices.Sort(a)
	return float64(a[len(a)*99/100])
}

// contourStep returns the spacing of the slice's faint contours for a
// colour scale spanning ±r: a round number (1, 2 or 5 times a power of
// ten) near r/8.
func contourStep(r float64) float64 {
	if !(r > 0) {
		return 0.1
	}
	x := r / 8
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5} {
		if x <= m*p*1.5 {
			return m * p
		}
	}
	return 10 * p
}
