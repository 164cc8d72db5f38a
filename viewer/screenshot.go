//go:build viewer

package viewer

import (
	"image"

	"github.com/neurbf/neurbf/pixels"
)

// savePNG writes img to path atomically (pixels.SavePNG).
func savePNG(path string, img image.Image) error { return pixels.SavePNG(path, img) }
