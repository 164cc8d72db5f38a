//go:build viewer

package viewer

import (
	"image"

	"github.com/neurbf/neurbf/render"
)

// savePNG writes img to path atomically (render.SavePNG).
func savePNG(path string, img image.Image) error { return render.SavePNG(path, img) }
