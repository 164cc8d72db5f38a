package pixels

import (
	"slices"
	"testing"
)

// TestRasterCrop: a crop holds the window's samples, at both depths.
func TestRasterCrop(t *testing.T) {
	for _, depth := range []int{8, 16} {
		r := NewRaster(7, 5, 3, depth)
		for i := range 7 * 5 * 3 {
			if depth == 8 {
				r.pix8[i] = uint8(i)
			} else {
				r.pix16[i] = uint16(i * 300)
			}
		}
		c := r.Crop(2, 1, 4, 3)
		if c.W != 4 || c.H != 3 || c.C != 3 || c.Depth != depth {
			t.Fatalf("depth %d: crop is %d×%d×%d at %d bits", depth, c.W, c.H, c.C, c.Depth)
		}
		want := r.Region(2, 1, 4, 3)
		if got := c.ToImage(); !slices.Equal(got.Pix, want.Pix) {
			t.Errorf("depth %d: crop pixels differ from the region's", depth)
		}
	}
}
