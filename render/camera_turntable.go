package render

import (
	"fmt"
	"math"
	"strconv"

	"github.com/neurbf/neurbf/pixels"
)

// Turntable returns a strip of n views placed left to right with no gap:
// view k is drawn by view from cam turned to the azimuth
// cam.Azimuth + 360°·k/n, the other fields unchanged. view may draw an
// SDF (with an SDFRenderer or RenderSDF), a mesh (RenderMesh) or anything
// else, but every view must have the size and channel count of the first.
// Each view names its azimuth in its top-left corner ("az 120 deg",
// black on a small white box, in [0, 360)), since the views abut. It
// returns an error if n < 1, for an invalid camera, and the first error
// of view.
func Turntable(cam Camera, n int, view func(Camera) (*pixels.Image, error)) (*pixels.Image, error) {
	if n < 1 {
		return nil, fmt.Errorf("render: turntable of %d views: need at least one", n)
	}
	if err := cam.Validate(); err != nil {
		return nil, err
	}
	var strip *pixels.Image
	for k := range n {
		c := cam
		c.Azimuth += 360 * float64(k) / float64(n)
		img, err := view(c)
		if err != nil {
			return nil, fmt.Errorf("render: turntable view %d of %d: %w", k+1, n, err)
		}
		if strip == nil {
			strip = pixels.New(n*img.W, img.H, img.C)
		} else if img.W != strip.W/n || img.H != strip.H || img.C != strip.C {
			return nil, fmt.Errorf("render: turntable view %d is %dx%dx%d, the first %dx%dx%d",
				k+1, img.W, img.H, img.C, strip.W/n, strip.H, strip.C)
		}
		stamp(img, AzimuthLabel(c.Azimuth))
		row := img.W * img.C
		for y := range img.H {
			copy(strip.Pix[(y*strip.W+k*img.W)*img.C:][:row], img.Pix[y*row:][:row])
		}
	}
	return strip, nil
}

// AzimuthLabel returns the label Turntable stamps on a view seen from
// azimuth az (degrees): "az A deg" with A in [0, 360), rounded to a tenth.
func AzimuthLabel(az float64) string {
	a := math.Round(math.Mod(az, 360)*10) / 10
	if a < 0 {
		a += 360
	}
	if a >= 360 || a == 0 {
		a = 0 // also turns −0 into 0
	}
	return "az " + strconv.FormatFloat(a, 'f', -1, 64) + " deg"
}
