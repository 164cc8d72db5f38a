//go:build viewer

package viewer

// surfaceBox returns the box, in [−1, 1]³, outside which the trilinear
// interpolation of vol (n³ values laid out as Baker writes them) stays at
// or above eps, so that no ray-march step can hit there: the cells with a
// corner below eps. ok is false when there is none (nothing to draw).
// Drawing only this box's pixels and starting the rays on it spares the
// fragment shader the empty part of the screen and of each ray.
func surfaceBox(vol []float32, n int, eps float32) (lo, hi [3]float32, ok bool) {
	minI := [3]int{n, n, n}
	maxI := [3]int{-1, -1, -1}
	for z := range n {
		for y := range n {
			row := vol[(z*n+y)*n : (z*n+y+1)*n]
			first := -1
			for x, s := range row {
				if s < eps {
					first = x
					break
				}
			}
			if first < 0 {
				continue
			}
			last := first
			for x := n - 1; x > first; x-- {
				if row[x] < eps {
					last = x
					break
				}
			}
			minI = [3]int{min(minI[0], first), min(minI[1], y), min(minI[2], z)}
			maxI = [3]int{max(maxI[0], last), max(maxI[1], y), max(maxI[2], z)}
		}
	}
	if maxI[0] < 0 {
		return lo, hi, false
	}
	// A cell reaches one lattice point beyond its corner; half a texel
	// more keeps rounding from clipping a surface at the box's faces.
	h := 2 / float32(n-1)
	for a := range 3 {
		lo[a] = max(-1, -1+h*(float32(minI[a])-1.5))
		hi[a] = min(1, -1+h*(float32(maxI[a])+1.5))
	}
	return lo, hi, true
}
