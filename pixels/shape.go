package pixels

import (
	"errors"
	"fmt"
)

// mustBeValid panics when img is not a well-formed image: a nil pointer,
// a channel count other than 1 or 3, or a Pix slice whose length is not
// W*H*C. These are programmer errors, not user errors.
func (img *Image) mustBeValid() {
	if img == nil {
		panic("pixels: nil image")
	}
	if img.C != 1 && img.C != 3 {
		panic(fmt.Sprintf("pixels: image has %d channels, want 1 or 3", img.C))
	}
	if img.W < 0 || img.H < 0 || len(img.Pix) != img.W*img.H*img.C {
		panic(fmt.Sprintf("pixels: %d×%d×%d image holds %d samples", img.W, img.H, img.C, len(img.Pix)))
	}
}

// sameShape returns an error naming what differs when pred and gt do not
// have the same width, height and channel count.
func sameShape(pred, gt *Image) error {
	pred.mustBeValid()
	gt.mustBeValid()
	if pred.W != gt.W || pred.H != gt.H || pred.C != gt.C {
		return fmt.Errorf("pixels: images differ in shape: %d×%d×%d vs %d×%d×%d",
			pred.W, pred.H, pred.C, gt.W, gt.H, gt.C)
	}
	return nil
}

// clip01 clips v to [0,1], mapping NaN to 0.
func clip01(v float32) float32 {
	if !(v > 0) {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// errEmpty is returned by the metrics for images without pixels.
var errEmpty = errors.New("pixels: image has no pixels")
