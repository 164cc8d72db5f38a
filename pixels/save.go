package pixels

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"

	"github.com/neurbf/neurbf/internal/atomicfile"
)

// EncodePNG writes m to w as a PNG. An *Image is written with 8 bits per
// sample, gray when C=1 and RGB when C=3, samples clipped to [0,1] and
// rounded to the nearest level (convert it with ToImage16 first for 16
// bits). Any other picture is written at its own depth: 16 bits for
// image.Gray16, image.NRGBA64 and image.RGBA64, 8 bits for the others.
func EncodePNG(w io.Writer, m image.Image) error {
	if img, ok := m.(*Image); ok {
		m = ToImage(img)
	}
	return png.Encode(w, m)
}

// SavePNG writes m to the file path as a PNG (see EncodePNG for the
// depth). The file is replaced atomically: the PNG is written to a
// temporary file in the same directory, which is renamed over path only
// once complete and removed on any failure, so a reader (a viewer polling
// a preview, say) never sees a partial picture. The new file has mode
// 0644. Errors read "<path>: <problem>".
//
// This is the project's one PNG writer: figures (image.NRGBA), fitted
// images (*Image) and 16-bit outputs (ToImage16, ToImageDepth) all go
// through it.
func SavePNG(path string, m image.Image) error {
	if img, ok := m.(*Image); ok {
		img.mustBeValid()
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return EncodePNG(w, m) }); err != nil {
		return pathError(path, err)
	}
	return nil
}

// pathError returns err as "<path>: <problem>", dropping the operation
// and the (possibly temporary) file name that os errors carry, since the
// caller only knows path. errors.Is still sees the underlying error.
func pathError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}
