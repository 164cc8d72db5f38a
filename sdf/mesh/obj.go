package mesh

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"strconv"
)

// readOBJ parses the geometry of a Wavefront OBJ file: "v x y z [...]"
// vertices and "f" faces whose corners are "i", "i/t", "i//n" or "i/t/n",
// with 1-based or negative (relative to the vertices read so far)
// indices. Every other statement is ignored.
func readOBJ(src *source) (*Mesh, error) {
	lines := lineReader{r: src.Reader}
	var (
		toks [][]byte
		poly []int32
	)
	m := &Mesh{}
	for {
		line, err := lines.next()
		if err == io.EOF {
			return m, nil
		}
		if err != nil {
			return nil, err
		}
		toks = fields(toks, line)
		if len(toks) == 0 {
			continue
		}
		switch string(toks[0]) {
		case "v":
			if len(toks) < 4 {
				return nil, lines.errorf("vertex needs three coordinates")
			}
			if len(m.V) == math.MaxInt32 {
				return nil, lines.errorf("more than %d vertices", math.MaxInt32)
			}
			var v [3]float64
			for j := range v {
				if v[j], err = parseFloat(toks[1+j]); err != nil {
					return nil, lines.errorf("vertex: %v", err)
				}
			}
			m.V = append(m.V, v)
		case "f":
			poly = poly[:0]
			for _, tok := range toks[1:] {
				if i := bytes.IndexByte(tok, '/'); i >= 0 {
					tok = tok[:i]
				}
				k, err := parseInt(tok)
				if err != nil {
					return nil, lines.errorf("face: %v", err)
				}
				switch {
				case k > 0:
					k--
				case k < 0:
					if k += int64(len(m.V)); k < 0 {
						return nil, lines.errorf("face: relative index %s reaches before the first vertex", tok)
					}
				default:
					return nil, lines.errorf("face: vertex index 0 (OBJ indices start at 1)")
				}
				idx, err := toIndex(k)
				if err != nil {
					return nil, lines.errorf("face: %v", err)
				}
				poly = append(poly, idx)
			}
			m.F = addPolygon(m.F, poly)
		}
	}
}

// writeOBJ writes m as OBJ text with 1-based indices; coordinates are
// printed in the shortest form that reads back exactly.
func writeOBJ(w *bufio.Writer, m *Mesh) error {
	buf := []byte("# written by neurbf\n")
	for _, v := range m.V {
		buf = append(buf, 'v')
		for _, c := range v {
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, c, 'g', -1, 64)
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
		buf = buf[:0]
	}
	for _, f := range m.F {
		buf = append(buf, 'f')
		for _, k := range f {
			buf = append(buf, ' ')
			buf = strconv.AppendInt(buf, int64(k)+1, 10)
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
		buf = buf[:0]
	}
	_, err := w.Write(buf)
	return err
}
