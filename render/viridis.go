package render

import (
	"image/color"
	"math"
)

// Viridis returns the viridis colour of t in [0,1] (clamped, NaN as 0),
// interpolated linearly between the entries of the published 256-entry
// table. Viridis is perceptually uniform, ordered from dark purple (0) to
// yellow (1), and readable by colour-blind viewers and in gray print.
func Viridis(t float64) color.NRGBA {
	r, g, b := viridisRGB(t)
	return color.NRGBA{R: to8(r), G: to8(g), B: to8(b), A: 255}
}

// viridisRGB is Viridis with components in [0,1] before quantisation.
func viridisRGB(t float64) (r, g, b float64) {
	if !(t > 0) {
		t = 0
	}
	s := min(t, 1) * float64(len(viridisTable)-1)
	i := min(int(s), len(viridisTable)-2)
	u := s - float64(i)
	lo, hi := viridisTable[i], viridisTable[i+1]
	return lo[0] + u*(hi[0]-lo[0]), lo[1] + u*(hi[1]-lo[1]), lo[2] + u*(hi[2]-lo[2])
}

// to8 quantises v in [0,1] (clamped) to an 8-bit sample, rounding.
func to8(v float64) uint8 {
	return uint8(math.Round(min(max(v, 0), 1) * 255))
}
