package mesh

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
)

// isOFFKeyword reports whether tok is an OFF header keyword: "OFF" with
// the optional prefixes ST (texture coordinates), C (colours), N (normals),
// 4 (homogeneous coordinates) and n (dimension), in that order.
func isOFFKeyword(tok []byte) bool {
	tok = bytes.TrimPrefix(tok, []byte("ST"))
	tok = bytes.TrimPrefix(tok, []byte("C"))
	tok = bytes.TrimPrefix(tok, []byte("N"))
	tok = bytes.TrimPrefix(tok, []byte("4"))
	tok = bytes.TrimPrefix(tok, []byte("n"))
	return string(tok) == "OFF"
}

// offReader holds the state of the OFF parser.
type offReader struct {
	lines lineReader
	toks  [][]byte
}

// statement returns the fields of the next line that is not blank, with
// any '#' comment removed.
func (r *offReader) statement() ([][]byte, error) {
	for {
		line, err := r.lines.next()
		if err != nil {
			return nil, err
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if r.toks = fields(r.toks, line); len(r.toks) > 0 {
			return r.toks, nil
		}
	}
}

// readOFF parses an OFF file. The counts may follow the keyword on its
// line or sit on the next one, the edge count may be missing, and the
// keyword itself may be absent. Extra values on vertex lines (colours,
// normals, texture coordinates of the C, N and ST variants) and on face
// lines (face colours) are ignored.
func readOFF(src *source) (*Mesh, error) {
	r := &offReader{lines: lineReader{r: src.Reader}}
	toks, err := r.statement()
	if err != nil {
		return nil, r.eof(err, "the header")
	}
	if isOFFKeyword(toks[0]) {
		if bytes.ContainsAny(toks[0], "4n") {
			return nil, r.lines.errorf("%s: only three-dimensional OFF is supported", quote(toks[0]))
		}
		if len(toks) > 1 && string(toks[1]) == "BINARY" {
			return nil, r.lines.errorf("binary OFF is not supported")
		}
		toks = toks[1:]
		if len(toks) == 0 {
			if toks, err = r.statement(); err != nil {
				return nil, r.eof(err, "the counts line")
			}
		}
	}
	if len(toks) < 2 {
		return nil, r.lines.errorf("expected the counts \"vertices faces [edges]\"")
	}
	nv, err := parseCount(toks[0])
	if err != nil {
		return nil, r.lines.errorf("vertex count: %v", err)
	}
	nf, err := parseCount(toks[1])
	if err != nil {
		return nil, r.lines.errorf("face count: %v", err)
	}
	if nv > math.MaxInt32 {
		return nil, r.lines.errorf("%d vertices exceed the limit of %d", nv, math.MaxInt32)
	}
	// At least "0 0 0\n" per vertex and "3 0 0 0\n" per face.
	m := &Mesh{V: make([][3]float64, 0, src.capHint(nv, 6))}
	for i := uint64(0); i < nv; i++ {
		toks, err := r.statement()
		if err != nil {
			return nil, r.eof(err, fmt.Sprintf("vertex %d of %d", i, nv))
		}
		if len(toks) < 3 {
			return nil, r.lines.errorf("vertex %d has %d coordinates, want 3", i, len(toks))
		}
		var v [3]float64
		for j := range v {
			if v[j], err = parseFloat(toks[j]); err != nil {
				return nil, r.lines.errorf("vertex %d: %v", i, err)
			}
		}
		m.V = append(m.V, v)
	}
	m.F = make([][3]int32, 0, src.capHint(nf, 8))
	var poly []int32
	for i := uint64(0); i < nf; i++ {
		toks, err := r.statement()
		if err != nil {
			return nil, r.eof(err, fmt.Sprintf("face %d of %d", i, nf))
		}
		n, err := parseInt(toks[0])
		if err != nil || n < 0 || n > int64(len(toks)-1) {
			return nil, r.lines.errorf("face %d: expected a corner count followed by as many vertex indices", i)
		}
		poly = poly[:0]
		for _, tok := range toks[1 : 1+n] {
			k, err := parseInt(tok)
			if err != nil {
				return nil, r.lines.errorf("face %d: %v", i, err)
			}
			idx, err := toIndex(k)
			if err != nil {
				return nil, r.lines.errorf("face %d: %v", i, err)
			}
			poly = append(poly, idx)
		}
		m.F = addPolygon(m.F, poly)
	}
	return m, nil
}

// eof turns an end of input while reading what into a clear error.
func (r *offReader) eof(err error, what string) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("unexpected end of input reading %s", what)
	}
	return err
}
