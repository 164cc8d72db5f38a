//go:build viewer

package viewer

import (
	"image/color"
	"math"
)

// rgb returns c (def when nil) as red, green and blue in [0, 1], ignoring
// its opacity, as render's Shading does.
func rgb(c, def color.Color) [3]float32 {
	if c == nil {
		c = def
	}
	r, g, b, a := c.RGBA()
	if a == 0 {
		return [3]float32{}
	}
	fa := float32(a)
	return [3]float32{float32(r) / fa, float32(g) / fa, float32(b) / fa}
}

func sqrt(x float64) float64 { return math.Sqrt(x) }
