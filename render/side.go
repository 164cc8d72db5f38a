package render

import (
	"image"
	"image/draw"
)

// sideGap is the number of white pixels between pictures placed by Side.
const sideGap = 8

// Side places the pictures left to right, top-aligned, sideGap white
// pixels apart, on a white canvas as tall as the tallest: the README figure
// photo | reconstruction | error map. With no pictures it returns an empty
// image.
func Side(images ...image.Image) *image.NRGBA {
	w, h := 0, 0
	for k, im := range images {
		b := im.Bounds()
		if k > 0 {
			w += sideGap
		}
		w += b.Dx()
		h = max(h, b.Dy())
	}
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	x := 0
	for _, im := range images {
		b := im.Bounds()
		draw.Draw(dst, image.Rect(x, 0, x+b.Dx(), b.Dy()), im, b.Min, draw.Src)
		x += b.Dx() + sideGap
	}
	return dst
}
