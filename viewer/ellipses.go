//go:build viewer

package viewer

import (
	"math"

	"github.com/neurbf/neurbf/rbf"
)

// ellipseSegments is the number of line segments of one drawn ellipse.
const ellipseSegments = 20

// Ellipses returns the outline of every RBF of a 2-D encoder as line
// segments in the image plane of pixels.PixelCenter (x0, y0, x1, y1 per
// segment, ellipseSegments per RBF): for the anisotropic kernels the
// ellipse dᵀSd = 1 about the centre (where ivq_a falls to ½), for the
// tent the square |d|∞ = 1/s where its support ends. Centres and shapes
// live in the encoder's input-scaled frame (rbf.Config.InputScale); they
// are mapped back, S_plane = diag(scale)·S·diag(scale). It returns nil for
// an encoder that is not 2-D.
func Ellipses(e *rbf.Encoder) []float32 {
	if e.InDim() != 2 {
		return nil
	}
	cfg := e.Config()
	sc := [2]float64{1, 1}
	if len(cfg.InputScale) == 2 {
		sc = [2]float64{float64(cfg.InputScale[0]), float64(cfg.InputScale[1])}
	}
	cs, sh := e.Centers(), e.Shapes()
	k := cfg.Kernel.ShapeSize(2)
	out := make([]float32, 0, e.Len()*ellipseSegments*4)
	var ring [ellipseSegments + 1][2]float64
	for i := range e.Len() {
		cx, cy := float64(cs[2*i])/sc[0], float64(cs[2*i+1])/sc[1]
		if k == 1 {
			r := 1 / float64(sh[i])
			hx, hy := r/sc[0], r/sc[1]
			corners := [5][2]float64{{-hx, -hy}, {hx, -hy}, {hx, hy}, {-hx, hy}, {-hx, -hy}}
			const per = ellipseSegments / 4
			for j := range ring {
				side := min(j/per, 3)
				ring[j] = lerp2(corners[side], corners[side+1], float64(j-side*per)/per)
			}
		} else {
			a := float64(sh[k*i]) * sc[0] * sc[0]
			b := float64(sh[k*i+1]) * sc[0] * sc[1]
			c := float64(sh[k*i+2]) * sc[1] * sc[1]
			// Eigen-decomposition of the symmetric [[a b] [b c]].
			tr, det := a+c, a*c-b*b
			disc := math.Sqrt(max(tr*tr/4-det, 0))
			l1, l2 := tr/2+disc, tr/2-disc
			if !(l2 > 0) {
				continue
			}
			th := 0.5 * math.Atan2(2*b, a-c)
			u := [2]float64{math.Cos(th), math.Sin(th)}
			r1, r2 := 1/math.Sqrt(l1), 1/math.Sqrt(l2)
			for j := range ring {
				s, co := math.Sincos(2 * math.Pi * float64(j) / ellipseSegments)
				ring[j] = [2]float64{r1*co*u[0] - r2*s*u[1], r1*co*u[1] + r2*s*u[0]}
			}
		}
		for j := range ellipseSegments {
			out = append(out,
				float32(cx+ring[j][0]), float32(cy+ring[j][1]),
				float32(cx+ring[j+1][0]), float32(cy+ring[j+1][1]))
		}
	}
	return out
}

func lerp2(a, b [2]float64, t float64) [2]float64 {
	return [2]float64{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}
