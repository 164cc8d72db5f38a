package mesh

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"strings"

	"github.com/neurbf/neurbf/internal/atomicfile"
)

// Write writes m to the file at path in the format its extension names:
// .ply (binary little-endian, double-precision coordinates), .obj, .off
// (ASCII, coordinates to full precision) or .stl (binary, single
// precision), each optionally followed by .gz for gzip compression. For a
// PLY with per-vertex normals, see WritePLY. The file is written atomically: to a temporary file in the
// same directory, renamed over path only when complete.
func Write(path string, m *Mesh) error {
	if err := checkWrite(path, m); err != nil {
		return err
	}
	if err := atomicfile.Write(path, func(w io.Writer) error { return encode(w, m, path) }); err != nil {
		return fmt.Errorf("mesh: write %s: %w", path, err)
	}
	return nil
}

// Encode writes m to w in the format the extension of name selects, as
// Write does, but not atomically.
func Encode(w io.Writer, m *Mesh, name string) error {
	if err := checkWrite(name, m); err != nil {
		return err
	}
	if err := encode(w, m, name); err != nil {
		return fmt.Errorf("mesh: write %s: %w", name, err)
	}
	return nil
}

// checkWrite reports an unknown extension or an unusable mesh before
// anything is written.
func checkWrite(name string, m *Mesh) error {
	switch ext(name) {
	case ".ply", ".obj", ".off", ".stl":
	default:
		return fmt.Errorf("mesh: write %s: unknown extension %q (want .ply, .obj, .off or .stl, optionally followed by .gz)", name, ext(name))
	}
	if err := check(m); err != nil {
		return fmt.Errorf("mesh: write %s: %w", name, err)
	}
	return nil
}

// encode writes m to w in the format name selects, compressed if name
// ends in .gz.
func encode(w io.Writer, m *Mesh, name string) error {
	var zw *gzip.Writer
	if strings.HasSuffix(strings.ToLower(name), ".gz") {
		zw = gzip.NewWriter(w)
		w = zw
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch ext(name) {
	case ".ply":
		err = writePLY(bw, m, nil)
	case ".obj":
		err = writeOBJ(bw, m)
	case ".off":
		err = writeOFF(bw, m)
	case ".stl":
		err = writeSTL(bw, m)
	}
	if err == nil {
		err = bw.Flush()
	}
	if zw != nil {
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
