//go:build viewer

package viewer

import (
	"testing"

	"github.com/neurbf/neurbf/sdf/sdftest"
)

func TestSurfaceBox(t *testing.T) {
	const n = 65
	h := 2.0 / (n - 1)
	// An off-centre ball: its box is [c − r, c + r], which the surface box
	// must hold, with at most a cell and a half (its margin) plus a cell
	// (the lattice's rounding) to spare on each side.
	ball := sdftest.Sphere{Center: [3]float64{0.2, -0.1, 0.3}, Radius: 0.4}
	lo, hi, ok := surfaceBox(bakeShape(t, ball, n), n, float32(marchEpsilon))
	if !ok {
		t.Fatal("no surface found in a ball's volume")
	}
	for a := range 3 {
		wlo, whi := ball.Center[a]-ball.Radius, ball.Center[a]+ball.Radius
		l, u := float64(lo[a]), float64(hi[a])
		if l > wlo || u < whi || wlo-l > 2.5*h || u-whi > 2.5*h {
			t.Errorf("axis %d: box [%.3f, %.3f], want it to hold [%.3f, %.3f] within %.3f", a, l, u, wlo, whi, 2.5*h)
		}
	}
	empty := make([]float32, n*n*n)
	for i := range empty {
		empty[i] = 1
	}
	if _, _, ok := surfaceBox(empty, n, float32(marchEpsilon)); ok {
		t.Error("a volume without a surface has a surface box")
	}
}
