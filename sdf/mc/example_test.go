package mc_test

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/sdf/mc"
)

// Extract the sphere of radius 0.75 at 64 samples per axis and check the
// volume its mesh encloses.
func ExampleExtract() {
	ball := func(out, p []float32) {
		for i := range out {
			x, y, z := float64(p[3*i]), float64(p[3*i+1]), float64(p[3*i+2])
			out[i] = float32(math.Sqrt(x*x+y*y+z*z) - 0.75)
		}
	}
	m, err := mc.Extract(ball, mc.Options{Res: 64})
	if err != nil {
		fmt.Println(err)
		return
	}
	vol := 0.0
	for _, f := range m.F {
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		vol += (a[0]*(b[1]*c[2]-b[2]*c[1]) - a[1]*(b[0]*c[2]-b[2]*c[0]) + a[2]*(b[0]*c[1]-b[1]*c[0])) / 6
	}
	fmt.Printf("%d vertices, %d faces, volume %.3f (exact %.3f)\n", len(m.V), len(m.F), vol, 4*math.Pi/3*0.75*0.75*0.75)
	// Output:
	// 10536 vertices, 21068 faces, volume 1.765 (exact 1.767)
}
