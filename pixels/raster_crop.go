package pixels

import "fmt"

// Crop returns a copy of the pixels in columns [x, x+w) and rows [y, y+h)
// at the raster's depth: a tile of a big image, fitted as an image of its
// own, costs what its own raster would. The window must lie inside the
// raster.
func (r *Raster) Crop(x, y, w, h int) *Raster {
	if x < 0 || y < 0 || w <= 0 || h <= 0 || x+w > r.W || y+h > r.H {
		panic(fmt.Sprintf("pixels: crop %d,%d %d×%d outside a %d×%d raster", x, y, w, h, r.W, r.H))
	}
	out := NewRaster(w, h, r.C, r.Depth)
	n := w * r.C
	for j := range h {
		o := ((y+j)*r.W + x) * r.C
		if r.pix8 != nil {
			copy(out.pix8[j*n:(j+1)*n], r.pix8[o:o+n])
		} else {
			copy(out.pix16[j*n:(j+1)*n], r.pix16[o:o+n])
		}
	}
	return out
}
