package pixels

import "fmt"

// CenterCrop returns a new w×h image cut from the centre of img (the
// paper's protocol for small images is a 256×256 centre crop). When the
// margin is odd, the extra column or row is dropped on the right or
// bottom: the crop starts at ((img.W-w)/2, (img.H-h)/2).
func CenterCrop(img *Image, w, h int) (*Image, error) {
	img.mustBeValid()
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("pixels: crop size %d×%d is empty", w, h)
	}
	if w > img.W || h > img.H {
		return nil, fmt.Errorf("pixels: cannot crop %d×%d from a %d×%d image", w, h, img.W, img.H)
	}
	x0, y0 := (img.W-w)/2, (img.H-h)/2
	out := New(w, h, img.C)
	for y := range h {
		src := img.Pix[((y0+y)*img.W+x0)*img.C:]
		copy(out.Pix[y*w*img.C:(y+1)*w*img.C], src[:w*img.C])
	}
	return out, nil
}
