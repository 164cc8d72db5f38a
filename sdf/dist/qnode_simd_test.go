//go:build goexperiment.simd && amd64

package dist

import (
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/sdf/sdftest"
)

// TestChildDist2SIMD checks the AVX2 box distances against the portable
// ones, bit for bit, at points inside, near and far from the boxes.
func TestChildDist2SIMD(t *testing.T) {
	if !useSIMD {
		t.Skip("no AVX2 on this CPU")
	}
	tree := mustNew(t, sdftest.Torus{Major: 0.6, Minor: 0.25}.Mesh(16), Options{})
	rng := rand.New(rand.NewPCG(27, 28))
	for i := range tree.qnodes {
		n := &tree.qnodes[i]
		for range 20 {
			p := uniformPoint(rng, -1.2, 1.2)
			var got, want [width]float64
			best2 := rng.Float64()
			gm := n.childDist2(&p, best2, &got)
			wm := n.childDist2Scalar(&p, best2, &want)
			if got != want || gm != wm {
				t.Fatalf("node %d, point %v: SIMD distances %v (mask %04b), portable %v (%04b)", i, p, got, gm, want, wm)
			}
		}
	}
}
