package render

import (
	"bufio"
	"fmt"
	"image"
	"image/png"
	"io"

	"github.com/neurbf/neurbf/internal/atomicfile"
)

// SavePNG writes img to path as a PNG file, atomically: it writes a
// temporary file in the same directory and renames it over path, so a
// reader (a viewer polling a preview, say) never sees a partial file.
func SavePNG(path string, img image.Image) error {
	return writeAtomic(path, func(w io.Writer) error { return png.Encode(w, img) })
}

// writeAtomic creates path with the bytes write produces, buffered,
// through internal/atomicfile. Errors quote the path.
func writeAtomic(path string, write func(io.Writer) error) error {
	err := atomicfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("render: writing %q: %w", path, err)
	}
	return nil
}
