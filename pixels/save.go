package pixels

import (
	"fmt"
	"image/png"
	"io"

	"github.com/neurbf/neurbf/internal/atomicfile"
)

// EncodePNG writes img to w as an 8-bit PNG: gray when C=1, RGB when C=3.
// Samples are clipped to [0,1] and rounded to the nearest level.
func EncodePNG(w io.Writer, img *Image) error {
	return png.Encode(w, ToImage(img))
}

// SavePNG writes img to the file path as an 8-bit PNG (see EncodePNG).
// The file is replaced atomically: the PNG is written to a temporary file
// in the same directory, which is renamed over path only once complete
// and removed on any failure. The new file has mode 0644.
func SavePNG(path string, img *Image) error {
	img.mustBeValid()
	if err := atomicfile.Write(path, func(w io.Writer) error { return EncodePNG(w, img) }); err != nil {
		return fmt.Errorf("pixels: save %s: %w", path, err)
	}
	return nil
}
