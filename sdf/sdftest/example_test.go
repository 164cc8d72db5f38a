package sdftest_test

import (
	"fmt"

	"github.com/neurbf/neurbf/sdf/sdftest"
)

func Example() {
	box := sdftest.Box{Half: [3]float64{0.5, 0.25, 0.25}}
	fmt.Printf("%.2f %.2f\n", box.Dist([3]float64{0, 0, 0}), box.Dist([3]float64{1, 0.5, 0.25}))
	fmt.Println(box.Normal([3]float64{0.45, 0, 0}))
	m := box.Mesh(4)
	fmt.Println(len(m.V), "vertices,", len(m.F), "faces")
	// Output:
	// -0.25 0.56
	// [1 0 0]
	// 98 vertices, 192 faces
}
