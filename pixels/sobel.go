package pixels

import "math"

// SobelMagnitude returns the Sobel gradient magnitude of img, one value
// per pixel (row-major, W×H): √(Σ_c gx_c² + gy_c²) over all channels, with
// gx and gy the unnormalised 3×3 Sobel responses ([1 2 1] smoothing
// times the [−1 0 1] difference) and borders replicated. These are the
// K-means weights of the RBF initialisation (docs/METHOD.md §2); only their
// ratios matter there, so no normalising factor is applied.
func SobelMagnitude(img *Image) []float32 {
	img.mustBeValid()
	w, h, nc := img.W, img.H, img.C
	out := make([]float32, w*h)
	at := func(x, y, c int) float64 {
		x = min(max(x, 0), w-1)
		y = min(max(y, 0), h-1)
		return float64(img.Pix[(y*w+x)*nc+c])
	}
	for y := range h {
		for x := range w {
			var sum float64
			for c := range nc {
				p00, p10, p20 := at(x-1, y-1, c), at(x, y-1, c), at(x+1, y-1, c)
				p01, p21 := at(x-1, y, c), at(x+1, y, c)
				p02, p12, p22 := at(x-1, y+1, c), at(x, y+1, c), at(x+1, y+1, c)
				gx := (p20 + 2*p21 + p22) - (p00 + 2*p01 + p02)
				gy := (p02 + 2*p12 + p22) - (p00 + 2*p10 + p20)
				sum += gx*gx + gy*gy
			}
			out[y*w+x] = float32(math.Sqrt(sum))
		}
	}
	return out
}
