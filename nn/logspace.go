package nn

import "math"

// LogSpace returns n values spaced evenly on a log scale from lo to hi:
// 2^(linspace(log2 lo, log2 hi, n)). It gives the decoder's sine
// frequencies m0 and the RBF encoder's MSC frequencies (docs/METHOD.md §1.4, §1.7).
// For n == 1 it returns {lo}. lo and hi must be positive; it panics
// otherwise, and when n is negative.
func LogSpace(lo, hi float64, n int) []float32 {
	if !(lo > 0 && hi > 0) || n < 0 {
		panic("nn: LogSpace needs positive bounds and a non-negative count")
	}
	out := make([]float32, n)
	a, b := math.Log2(lo), math.Log2(hi)
	for i := range out {
		t := 0.0
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		out[i] = float32(math.Exp2(a + (b-a)*t))
	}
	return out
}
