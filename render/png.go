package render

import (
	"bufio"
	"fmt"
	"io"

	"github.com/neurbf/neurbf/internal/atomicfile"
)

// Pictures are saved with pixels.SavePNG, the project's one PNG writer:
// every figure this package draws is an *image.NRGBA it accepts as is.

// writeAtomic creates path with the bytes write produces, buffered,
// through internal/atomicfile (PlotCurves' output). Errors quote the path.
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
