package dist_test

import (
	"fmt"

	"github.com/neurbf/neurbf/sdf/dist"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

func Example() {
	cube := sdftest.Box{Half: [3]float64{0.5, 0.5, 0.5}}
	tree, err := dist.New(cube.Mesh(4))
	if err != nil {
		fmt.Println(err)
		return
	}
	inside, outside := [3]float64{0.1, 0.2, 0}, [3]float64{1, 0, 0}
	fmt.Printf("%.3f %.3f\n", tree.Signed(inside), tree.Signed(outside))
	fmt.Printf("%.1f %.1f\n", tree.Winding(inside), tree.Winding(outside))
	d, face, closest := tree.Unsigned(outside)
	fmt.Println(d, face >= 0, closest)

	xyz := []float32{0.1, 0.2, 0, 1, 0, 0}
	sd := make([]float32, 2)
	tree.SignedBatch(sd, xyz, 2)
	fmt.Println(sd)
	// Output:
	// -0.300 0.500
	// 1.0 0.0
	// 0.5 true [0.5 0 0]
	// [-0.3 0.5]
}
