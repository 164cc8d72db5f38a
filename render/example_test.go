package render_test

import (
	"fmt"

	"github.com/neurbf/neurbf/render"
)

func ExampleReconstructImage() {
	// A field that is the x coordinate mapped to [0,1], drawn at 4×1.
	f := func(out, x []float32) {
		for i := range out {
			out[i] = (x[2*i] + 1) / 2
		}
	}
	img := render.ReconstructImage(f, 4, 1, 1, 1)
	fmt.Println(img.Pix)
	// Output: [0.125 0.375 0.625 0.875]
}
