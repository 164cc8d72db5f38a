package pixels

// Image is a picture as float32 samples in [0,1], row-major, channels
// interleaved: the sample of channel c at column x, row y is
// Pix[(y*W+x)*C+c]. C is 1 (gray) or 3 (RGB).
type Image struct {
	W, H, C int
	Pix     []float32
}

// New returns a black image of w×h pixels with c channels.
func New(w, h, c int) *Image {
	return &Image{W: w, H: h, C: c, Pix: make([]float32, w*h*c)}
}
