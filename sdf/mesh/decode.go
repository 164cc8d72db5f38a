package mesh

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
)

// Read reads the mesh file at path: PLY (ASCII or binary), OBJ, STL (ASCII
// or binary) or OFF, optionally gzip-compressed; see Decode.
func Read(path string) (*Mesh, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mesh: %w", err)
	}
	defer f.Close()
	return Decode(f, path)
}

// Decode reads a mesh from r. The format is recognised by content (the
// "ply" magic, an OFF keyword, "solid" followed by "facet" for ASCII STL,
// OBJ keywords, a binary STL whose size matches its triangle count) and
// otherwise by the extension of name (.ply, .obj, .stl, .off, each
// optionally followed by .gz). Gzip-compressed input is recognised by its
// magic bytes whatever the name. Polygons are fan-triangulated; triangles
// that repeat a vertex index and polygons of fewer than three corners are
// dropped; other degenerate (zero-area) triangles are kept. Vertices of
// STL files are welded by exact position.
//
// The returned error is one line naming name and the problem. A mesh
// without faces, with a non-finite coordinate, with a face index that has
// no vertex or with zero total area is an error. Memory use is bounded by
// what the input can hold, whatever its header counts claim.
func Decode(r io.Reader, name string) (*Mesh, error) {
	m, err := decode(r, name)
	if err != nil {
		return nil, fmt.Errorf("mesh: %s: %w", name, err)
	}
	return m, nil
}

func decode(r io.Reader, name string) (*Mesh, error) {
	src := newSource(r, sizeOf(r))
	if magic, _ := src.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(src)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		src = newSource(zr, -1)
	}
	head, err := src.Peek(src.Size())
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	var m *Mesh
	switch f := detect(head, name, src.remaining()); f {
	case formatPLY:
		m, err = readPLY(src)
	case formatOBJ:
		m, err = readOBJ(src)
	case formatSTLASCII:
		m, err = readSTLASCII(src)
	case formatSTLBinary:
		m, err = readSTLBinary(src)
	case formatOFF:
		m, err = readOFF(src)
	default:
		return nil, fmt.Errorf("unknown format: the content is not recognisably PLY, OBJ, STL or OFF, and the extension %q is not one of .ply, .obj, .stl, .off", ext(name))
	}
	if err != nil {
		return nil, err
	}
	if err := finish(m); err != nil {
		return nil, err
	}
	return m, nil
}
