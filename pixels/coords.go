package pixels

// PixelCenter returns the coordinate in [-1,1] of the centre of pixel i of
// a raster n pixels long: 2(i+0.5)/n − 1, computed in float64. Columns run
// left to right and rows top to bottom, so pixel (0,0) is the top-left one,
// at (−1+1/w, −1+1/h). This is the single definition of the image
// coordinate convention: the trainer samples these points, the renderer
// draws them and the RBF initialisation clusters them.
func PixelCenter(i, n int) float32 {
	return float32(-1 + 2*(float64(i)+0.5)/float64(n))
}
