package mesh

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// welder merges STL vertices that have exactly the same position.
type welder struct {
	m     *Mesh
	index map[[3]float64]int32
}

// add returns the index of the vertex at p, appending it if it is new.
func (w *welder) add(p [3]float64) (int32, error) {
	if k, ok := w.index[p]; ok {
		return k, nil
	}
	for _, c := range p {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return 0, fmt.Errorf("non-finite coordinate (%v)", c)
		}
	}
	if len(w.m.V) == math.MaxInt32 {
		return 0, fmt.Errorf("more than %d vertices", math.MaxInt32)
	}
	k := int32(len(w.m.V))
	w.m.V = append(w.m.V, p)
	w.index[p] = k
	return k, nil
}

// readSTLBinary parses a binary STL file: an 80-byte header, a
// little-endian uint32 triangle count, then per triangle a normal (ignored;
// the orientation is taken from the vertex order), three float32
// vertices and a 16-bit attribute.
func readSTLBinary(src *source) (*Mesh, error) {
	if _, err := src.Discard(80); err != nil {
		return nil, errors.New("binary STL: truncated header")
	}
	b, err := src.Peek(4)
	if err != nil {
		return nil, errors.New("binary STL: truncated header")
	}
	n := uint64(binary.LittleEndian.Uint32(b))
	src.Discard(4)
	if rem := src.remaining(); rem >= 0 && n > uint64(rem/50) {
		return nil, fmt.Errorf("binary STL: the header claims %d triangles but the %d bytes that follow hold at most %d", n, rem, rem/50)
	}
	c := src.capHint(n, 50)
	m := &Mesh{V: make([][3]float64, 0, c/2), F: make([][3]int32, 0, c)}
	w := welder{m: m, index: make(map[[3]float64]int32, c/2)}
	for i := uint64(0); i < n; i++ {
		b, err := src.Peek(50)
		if len(b) < 50 {
			if err == io.EOF {
				return nil, fmt.Errorf("binary STL: truncated at triangle %d of %d", i, n)
			}
			return nil, err
		}
		var t [3]int32
		for j := range t {
			var p [3]float64
			for k := range p {
				p[k] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[12+12*j+4*k:])))
			}
			if t[j], err = w.add(p); err != nil {
				return nil, fmt.Errorf("binary STL: triangle %d: %v", i, err)
			}
		}
		src.Discard(50)
		m.F = addPolygon(m.F, t[:])
	}
	return m, nil
}

// readSTLASCII parses an ASCII STL file, one or more "solid … endsolid"
// blocks of "facet [normal nx ny nz] / outer loop / vertex x y z … /
// endloop / endfacet". Loops of more than three vertices are
// fan-triangulated; facet normals are ignored.
func readSTLASCII(src *source) (*Mesh, error) {
	lines := lineReader{r: src.Reader}
	m := &Mesh{}
	w := welder{m: m, index: make(map[[3]float64]int32)}
	var (
		toks    [][]byte
		poly    []int32
		inFacet bool
	)
	for {
		line, err := lines.next()
		if err == io.EOF {
			if inFacet {
				return nil, errors.New("ASCII STL: unexpected end of input inside a facet")
			}
			return m, nil
		}
		if err != nil {
			return nil, err
		}
		if toks = fields(toks, line); len(toks) == 0 {
			continue
		}
		switch kw := toks[0]; {
		case bytes.EqualFold(kw, []byte("solid")), bytes.EqualFold(kw, []byte("endsolid")),
			bytes.EqualFold(kw, []byte("outer")), bytes.EqualFold(kw, []byte("endloop")):
		case bytes.EqualFold(kw, []byte("facet")):
			if inFacet {
				return nil, lines.errorf("facet inside a facet")
			}
			inFacet, poly = true, poly[:0]
		case bytes.EqualFold(kw, []byte("endfacet")):
			if !inFacet {
				return nil, lines.errorf("endfacet outside a facet")
			}
			m.F = addPolygon(m.F, poly)
			inFacet = false
		case bytes.EqualFold(kw, []byte("vertex")):
			if !inFacet {
				return nil, lines.errorf("vertex outside a facet")
			}
			if len(toks) < 4 {
				return nil, lines.errorf("vertex needs three coordinates")
			}
			var p [3]float64
			for j := range p {
				if p[j], err = parseFloat(toks[1+j]); err != nil {
					return nil, lines.errorf("vertex: %v", err)
				}
			}
			k, err := w.add(p)
			if err != nil {
				return nil, lines.errorf("vertex: %v", err)
			}
			poly = append(poly, k)
		default:
			return nil, lines.errorf("unexpected %s in ASCII STL", quote(kw))
		}
	}
}

// writeSTL writes m as binary STL. Coordinates are rounded to float32, the
// format's precision; each triangle carries its unit normal.
func writeSTL(w *bufio.Writer, m *Mesh) error {
	if uint64(len(m.F)) > math.MaxUint32 {
		return fmt.Errorf("%d triangles exceed binary STL's limit of %d", len(m.F), uint32(math.MaxUint32))
	}
	// The header must not start with "solid", which would make readers
	// take the file for ASCII STL.
	var head [84]byte
	copy(head[:], "binary STL written by neurbf")
	binary.LittleEndian.PutUint32(head[80:], uint32(len(m.F)))
	if _, err := w.Write(head[:]); err != nil {
		return err
	}
	var rec [50]byte
	for i, f := range m.F {
		putFloat32s(rec[0:], faceNormal(m, i))
		for j, k := range f {
			putFloat32s(rec[12+12*j:], m.V[k])
		}
		if _, err := w.Write(rec[:]); err != nil {
			return err
		}
	}
	return nil
}

// putFloat32s stores p as three little-endian float32 values in b.
func putFloat32s(b []byte, p [3]float64) {
	for k, c := range p {
		binary.LittleEndian.PutUint32(b[4*k:], math.Float32bits(float32(c)))
	}
}
