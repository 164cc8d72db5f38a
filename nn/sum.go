package nn

// SumInto sets dst[i] = src[0][i] + src[1][i] + … for every i, adding in
// the order of src, so the result is the same however a caller splits the
// indices among goroutines (it runs on the calling one). dst may be
// src[0]. Every src[w] must be at least as long as dst; with no src, dst
// is zeroed.
func SumInto(dst []float32, src [][]float32) {
	for _, s := range src {
		if len(s) < len(dst) {
			panic("nn: SumInto source shorter than its destination")
		}
	}
	if len(src) == 0 {
		clear(dst)
		return
	}
	copy(dst, src[0][:len(dst)])
	for _, s := range src[1:] {
		addTo(dst, s[:len(dst)])
	}
}
