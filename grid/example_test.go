package grid_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/grid"
)

func Example() {
	e, err := grid.New(2, grid.ImageDefaults(256, 256), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for l, lv := range e.Levels() {
		fmt.Printf("level %d: %d×%d vertices, %d rows, hashed %v\n", l, lv.Res, lv.Res, lv.Rows, lv.Hashed)
	}
	// Encode two points; features are level-major, 2 per level.
	x := []float32{-1, -1, 0.5, 0.25}
	out := make([]float32, 2*e.OutDim())
	w := e.NewWorker()
	w.Forward(out, e.OutDim(), 0, x, nil)
	// Gradient of the sum of all features.
	dout := []float32{1, 1, 1, 1, 1, 1, 1, 1}
	grads := [][]float32{make([]float32, 16*16*2), make([]float32, 128*128*2)}
	w.Backward(grads, nil, dout, e.OutDim(), 0)
	fmt.Println("features per point:", e.OutDim(), "gradient at vertex (0,0) of level 0:", grads[0][0])
	// Output:
	// level 0: 16×16 vertices, 256 rows, hashed false
	// level 1: 128×128 vertices, 16384 rows, hashed false
	// features per point: 4 gradient at vertex (0,0) of level 0: 1
}
