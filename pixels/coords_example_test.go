package pixels_test

import (
	"fmt"

	"github.com/neurbf/neurbf/pixels"
)

func ExamplePixelCenter() {
	for i := range 4 {
		fmt.Print(pixels.PixelCenter(i, 4), " ")
	}
	fmt.Println()
	// Output: -0.75 -0.25 0.25 0.75
}
