package mesh

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// plyReader reads the values of a PLY body, ASCII or binary.
type plyReader struct {
	src   *source
	ascii bool
	order binary.ByteOrder
	lines lineReader
	toks  [][]byte // tokens of the current ASCII line
	next  int      // index in toks of the next token to return
}

// errTruncated is returned when the body ends before its header says.
var errTruncated = errors.New("unexpected end of input")

// token returns the next white-space-separated ASCII token.
func (r *plyReader) token() ([]byte, error) {
	for r.next == len(r.toks) {
		line, err := r.lines.next()
		if err == io.EOF {
			return nil, errTruncated
		}
		if err != nil {
			return nil, err
		}
		r.toks, r.next = fields(r.toks, line), 0
	}
	r.next++
	return r.toks[r.next-1], nil
}

// float reads one value of type t as a float64.
func (r *plyReader) float(t plyType) (float64, error) {
	if t.isInt() {
		v, err := r.int(t)
		return float64(v), err
	}
	if r.ascii {
		tok, err := r.token()
		if err != nil {
			return 0, err
		}
		return parseFloat(tok)
	}
	b, err := r.bytes(t.size())
	if err != nil {
		return 0, err
	}
	if t == plyFloat32 {
		return float64(math.Float32frombits(r.order.Uint32(b))), nil
	}
	return math.Float64frombits(r.order.Uint64(b)), nil
}

// int reads one value of the integer type t.
func (r *plyReader) int(t plyType) (int64, error) {
	if r.ascii {
		tok, err := r.token()
		if err != nil {
			return 0, err
		}
		v, err := parseInt(tok)
		if err != nil {
			return 0, err
		}
		if lo, hi := t.bounds(); v < lo || v > hi {
			return 0, fmt.Errorf("%d is out of range for its type", v)
		}
		return v, nil
	}
	b, err := r.bytes(t.size())
	if err != nil {
		return 0, err
	}
	switch t {
	case plyInt8:
		return int64(int8(b[0])), nil
	case plyUint8:
		return int64(b[0]), nil
	case plyInt16:
		return int64(int16(r.order.Uint16(b))), nil
	case plyUint16:
		return int64(r.order.Uint16(b)), nil
	case plyInt32:
		return int64(int32(r.order.Uint32(b))), nil
	}
	return int64(r.order.Uint32(b)), nil
}

// bytes consumes and returns the next n ≤ 8 binary bytes, valid until the
// next read.
func (r *plyReader) bytes(n int64) ([]byte, error) {
	b, err := r.src.Peek(int(n))
	if int64(len(b)) < n {
		if err == io.EOF {
			return nil, errTruncated
		}
		return nil, err
	}
	r.src.Discard(int(n))
	return b, nil
}

// listLen reads the length prefix of a list property p and checks that
// the remaining input can hold that many items.
func (r *plyReader) listLen(p plyProperty) (int64, error) {
	n, err := r.int(p.countType)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("list %q has negative length %d", p.name, n)
	}
	if rem := r.src.remaining(); !r.ascii && rem >= 0 && n > rem/p.typ.size() {
		return 0, errTruncated
	}
	return n, nil
}

// skip reads and discards one value of property p (all items of a list).
func (r *plyReader) skip(p plyProperty) error {
	if p.countType == plyNone {
		_, err := r.float(p.typ)
		return err
	}
	n, err := r.listLen(p)
	if err != nil {
		return err
	}
	for range n {
		if _, err := r.float(p.typ); err != nil {
			return err
		}
	}
	return nil
}

// readPLY parses a PLY file, ASCII or binary of either byte order. The
// "vertex" element must have scalar x, y and z properties of any numeric
// type; the "face" element a list "vertex_indices" (or "vertex_index") of
// an integer type. Other properties and elements are skipped.
func readPLY(src *source) (*Mesh, error) {
	r := &plyReader{src: src, lines: lineReader{r: src.Reader}}
	h, err := readPLYHeader(&r.lines)
	if err != nil {
		return nil, err
	}
	r.ascii = h.ascii
	r.order = binary.LittleEndian
	if h.bigEnd {
		r.order = binary.BigEndian
	}
	m := &Mesh{}
	seen := map[string]bool{}
	for i := range h.elements {
		e := &h.elements[i]
		if e.name == "vertex" || e.name == "face" {
			if seen[e.name] {
				return nil, fmt.Errorf("PLY: two %q elements", e.name)
			}
			seen[e.name] = true
		}
		if rem := src.remaining(); !h.ascii && rem >= 0 && e.count > 0 && e.count > uint64(rem/e.minBytes(false)) {
			return nil, fmt.Errorf("PLY: the header claims %d %s elements but the %d bytes that follow hold at most %d", e.count, e.name, rem, rem/e.minBytes(false))
		}
		switch e.name {
		case "vertex":
			err = r.vertices(e, m)
		case "face":
			err = r.faces(e, m)
		default:
			err = r.skipElement(e)
		}
		if err != nil {
			return nil, err
		}
	}
	if !seen["face"] {
		return nil, errors.New("PLY: no face element")
	}
	return m, nil
}

// rowError wraps err with the place in the body where it happened.
func rowError(e *plyElement, row uint64, err error) error {
	return fmt.Errorf("PLY: %s %d of %d: %w", e.name, row, e.count, err)
}

// vertices reads the vertex element into m.V.
func (r *plyReader) vertices(e *plyElement, m *Mesh) error {
	if e.count > math.MaxInt32 {
		return fmt.Errorf("PLY: %d vertices exceed the limit of %d", e.count, math.MaxInt32)
	}
	slot := make([]int, len(e.props)) // coordinate index of each property, or -1
	var found [3]bool
	for i, p := range e.props {
		slot[i] = -1
		if k := strings.Index("xyz", p.name); len(p.name) == 1 && k >= 0 && p.countType == plyNone {
			slot[i], found[k] = k, true
		}
	}
	for k, ok := range found {
		if !ok {
			return fmt.Errorf("PLY: the vertex element has no scalar property %q", "xyz"[k:k+1])
		}
	}
	m.V = make([][3]float64, 0, r.src.capHint(e.count, e.minBytes(r.ascii)))
	for row := uint64(0); row < e.count; row++ {
		var v [3]float64
		for i, p := range e.props {
			if slot[i] < 0 {
				if err := r.skip(p); err != nil {
					return rowError(e, row, err)
				}
				continue
			}
			c, err := r.float(p.typ)
			if err != nil {
				return rowError(e, row, err)
			}
			v[slot[i]] = c
		}
		m.V = append(m.V, v)
	}
	return nil
}

// faces reads the face element into m.F, fan-triangulating polygons.
func (r *plyReader) faces(e *plyElement, m *Mesh) error {
	list := -1
	for i, p := range e.props {
		if (p.name == "vertex_indices" || p.name == "vertex_index") && p.countType != plyNone {
			list = i
		}
	}
	if list < 0 {
		return errors.New("PLY: the face element has no list property \"vertex_indices\"")
	}
	if !e.props[list].typ.isInt() {
		return errors.New("PLY: the face vertex indices are not of an integer type")
	}
	m.F = make([][3]int32, 0, r.src.capHint(e.count, e.minBytes(r.ascii)))
	var poly []int32
	for row := uint64(0); row < e.count; row++ {
		for i, p := range e.props {
			if i != list {
				if err := r.skip(p); err != nil {
					return rowError(e, row, err)
				}
				continue
			}
			n, err := r.listLen(p)
			if err != nil {
				return rowError(e, row, err)
			}
			poly = poly[:0]
			for range n {
				k, err := r.int(p.typ)
				if err != nil {
					return rowError(e, row, err)
				}
				idx, err := toIndex(k)
				if err != nil {
					return rowError(e, row, err)
				}
				poly = append(poly, idx)
			}
		}
		m.F = addPolygon(m.F, poly)
	}
	return nil
}

// skipElement reads past every row of an element this package ignores.
func (r *plyReader) skipElement(e *plyElement) error {
	for row := uint64(0); row < e.count; row++ {
		for _, p := range e.props {
			if err := r.skip(p); err != nil {
				return rowError(e, row, err)
			}
		}
	}
	return nil
}

// writePLY writes m as binary little-endian PLY with double-precision
// coordinates (so that a round trip is exact) and int32 indices, and, when
// normals is not nil (one per vertex), float32 vertex normals nx, ny, nz.
func writePLY(w io.Writer, m *Mesh, normals [][3]float64) error {
	props := "property double x\nproperty double y\nproperty double z\n"
	size := 24
	if normals != nil {
		props += "property float nx\nproperty float ny\nproperty float nz\n"
		size += 12
	}
	head := "ply\nformat binary_little_endian 1.0\ncomment written by neurbf\n" +
		"element vertex " + strconv.Itoa(len(m.V)) + "\n" + props +
		"element face " + strconv.Itoa(len(m.F)) + "\n" +
		"property list uchar int vertex_indices\nend_header\n"
	if _, err := io.WriteString(w, head); err != nil {
		return err
	}
	var rec [36]byte
	for i, v := range m.V {
		for k, c := range v {
			binary.LittleEndian.PutUint64(rec[8*k:], math.Float64bits(c))
		}
		if normals != nil {
			putFloat32s(rec[24:], normals[i])
		}
		if _, err := w.Write(rec[:size]); err != nil {
			return err
		}
	}
	for _, f := range m.F {
		rec[0] = 3
		for k, i := range f {
			binary.LittleEndian.PutUint32(rec[1+4*k:], uint32(i))
		}
		if _, err := w.Write(rec[:13]); err != nil {
			return err
		}
	}
	return nil
}
