package mesh_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Load the embedded bunny, normalise it into the SDF domain and draw
// surface samples; Invert maps a result back to the bunny's own units.
func ExampleNormalize() {
	m, err := mesh.Decode(bytes.NewReader(assets.Bunny), "bunny.obj")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d vertices, %d faces, closed: %v\n", len(m.V), len(m.F), mesh.Closed(m))
	t := mesh.Normalize(m)
	lo, hi := mesh.Bounds(m)
	fmt.Printf("normalised bounds: %.3f .. %.3f\n", lo, hi)
	p, n := mesh.SampleSurface(m, 3, rand.New(rand.NewPCG(1, 2)))
	fmt.Println(len(p), len(n))
	fmt.Printf("origin in input units: %.3f\n", t.Invert([3]float64{}))
	// Output:
	// 1839 vertices, 3674 faces, closed: true
	// normalised bounds: [-0.739 -0.720 -0.562] .. [0.739 0.720 0.562]
	// 3 3
	// origin in input units: [-0.005 4.826 0.040]
}
