package mesh

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/internal/atomicfile"
)

// VertexNormals stores in dst, grown if needed, the unit normal of every
// vertex of m, the area-weighted mean of the normals of the faces around
// it (the sum of their unnormalised cross products, normalised), and
// returns it. A vertex in no face, or whose faces cancel out, gets a zero
// normal.
func VertexNormals(dst [][3]float64, m *Mesh) [][3]float64 {
	if cap(dst) < len(m.V) {
		dst = make([][3]float64, len(m.V))
	}
	dst = dst[:len(m.V)]
	clear(dst)
	for _, f := range m.F {
		n := cross(m, f) // its length is twice the face's area
		for _, k := range f {
			for c := range 3 {
				dst[k][c] += n[c]
			}
		}
	}
	for i, n := range dst {
		if l := norm(n); l > 0 && !math.IsInf(l, 0) {
			dst[i] = [3]float64{n[0] / l, n[1] / l, n[2] / l}
		} else {
			dst[i] = [3]float64{}
		}
	}
	return dst
}

// WritePLY writes m with per-vertex normals to the file at path, whose
// name must end in .ply or .ply.gz (gzip-compressed), atomically as
// Write does. The PLY is binary little-endian: x, y, z as doubles and nx,
// ny, nz as floats per vertex, then the faces. normals gives one normal
// per vertex (from an SDF's gradient, say); nil means VertexNormals(m).
// Errors name the file: a wrong extension, an unusable mesh, a normals
// slice of the wrong length or with a non-finite value.
func WritePLY(path string, m *Mesh, normals [][3]float64) error {
	if e := ext(path); e != ".ply" {
		return fmt.Errorf("mesh: write %s: a PLY file with normals must end in .ply or .ply.gz, not %q", path, e)
	}
	normals, err := checkNormals(m, normals)
	if err != nil {
		return fmt.Errorf("mesh: write %s: %w", path, err)
	}
	gz := strings.HasSuffix(strings.ToLower(path), ".gz")
	err = atomicfile.Write(path, func(w io.Writer) error {
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(w)
			w = zw
		}
		bw := bufio.NewWriterSize(w, 64<<10)
		err := writePLY(bw, m, normals)
		if err == nil {
			err = bw.Flush()
		}
		if zw != nil {
			if cerr := zw.Close(); err == nil {
				err = cerr
			}
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("mesh: write %s: %w", path, err)
	}
	return nil
}

// EncodePLY writes m with per-vertex normals to w as WritePLY does, not
// compressed; name is only used in error messages.
func EncodePLY(w io.Writer, m *Mesh, normals [][3]float64, name string) error {
	normals, err := checkNormals(m, normals)
	if err == nil {
		bw := bufio.NewWriterSize(w, 64<<10)
		if err = writePLY(bw, m, normals); err == nil {
			err = bw.Flush()
		}
	}
	if err != nil {
		return fmt.Errorf("mesh: write %s: %w", name, err)
	}
	return nil
}

// checkNormals checks m and normals and returns the normals to write:
// the given ones, or the area-weighted ones when nil.
func checkNormals(m *Mesh, normals [][3]float64) ([][3]float64, error) {
	if err := check(m); err != nil {
		return nil, err
	}
	if normals == nil {
		return VertexNormals(nil, m), nil
	}
	if len(normals) != len(m.V) {
		return nil, fmt.Errorf("%d normals for %d vertices", len(normals), len(m.V))
	}
	for i, n := range normals {
		for _, c := range n {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return nil, fmt.Errorf("normal %d is non-finite: %v", i, n)
			}
		}
	}
	return normals, nil
}

// writeOFF writes m as an ASCII OFF file: coordinates with as many digits
// as round-trip a float64, triangles as "3 a b c".
func writeOFF(w *bufio.Writer, m *Mesh) error {
	buf := []byte("OFF\n# written by neurbf\n")
	buf = strconv.AppendInt(buf, int64(len(m.V)), 10)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(len(m.F)), 10)
	buf = append(buf, " 0\n"...)
	for _, v := range m.V {
		for k, c := range v {
			if k > 0 {
				buf = append(buf, ' ')
			}
			buf = strconv.AppendFloat(buf, c, 'g', -1, 64)
		}
		buf = append(buf, '\n')
		if len(buf) > 32<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	for _, f := range m.F {
		buf = append(buf, '3')
		for _, k := range f {
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(k), 10)
		}
		buf = append(buf, '\n')
		if len(buf) > 32<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}
