package mc

import "encoding/binary"

// word returns the eight flags b[i:i+8] as one number, to skip runs of
// equal flags eight at a time.
func word(b []uint8, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

// allIn is word of eight inside flags.
const allIn = 0x0101010101010101

// cells emits the triangles of the cells between slice k (slot lo) and
// slice k+1 (slot hi); the vertices on their edges already exist.
func (x *extractor) cells(lo, hi, k int) error {
	n, in0, in1 := x.n, x.in[lo], x.in[hi]
	for j := 0; j+1 < n; j++ {
		for i := 0; i+1 < n; i++ {
			r := j*n + i
			if i+8 <= n {
				// Samples i … i+7 of the four rows all alike: cells i … i+6
				// are empty.
				a := word(in0, r)
				if (a == 0 || a == allIn) && a == word(in0, r+n) && a == word(in1, r) && a == word(in1, r+n) {
					i += 6
					continue
				}
			}
			c := in0[r] | in0[r+1]<<1 | in0[r+n]<<2 | in0[r+n+1]<<3 |
				in1[r]<<4 | in1[r+1]<<5 | in1[r+n]<<6 | in1[r+n+1]<<7
			if c == 0 || c == 255 {
				continue
			}
			if err := x.cell(lo, hi, k, i, j, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// corner returns the value at corner c of the cell whose first sample is r.
func (x *extractor) corner(lo, hi, r int, c uint8) float64 {
	s := lo
	if c&4 != 0 {
		s = hi
	}
	return float64(x.val[s][r+int(c&1)+int(c>>1&1)*x.n])
}

// cell emits the triangles of cell (i, j, k), whose corner signs are c.
func (x *extractor) cell(lo, hi, k, i, j int, c uint8) error {
	r := j*x.n + i
	idx := int(c)
	if amb := ambiguous[c]; amb != 0 {
		var dec uint8
		for f := range 6 {
			if amb>>f&1 == 1 && x.connectsOutside(lo, hi, r, f) {
				dec |= 1 << f
			}
		}
		idx |= int(dec) << 8
	}
	e := &x.tab[idx]
	centre := int32(-1) // a cell has at most one loop needing a centroid
	for t := 0; t < len(e.tris); t += 3 {
		var tri [3]int32
		for v, ec := range e.tris[t : t+3] {
			if ec != centreEdge {
				tri[v] = x.edgeID(lo, hi, r, ec)
				continue
			}
			if centre < 0 {
				var err error
				p := x.centroid(lo, hi, k, i, j, e.centres[e.centreOf[t/3]])
				if centre, err = x.newVertex(p); err != nil {
					return err
				}
			}
			tri[v] = centre
		}
		x.faces = append(x.faces, tri)
	}
	return nil
}

// connectsOutside reports whether ambiguous face f of the cell whose first
// sample is r joins its two outside corners (the asymptotic decider: the
// bilinear interpolant's saddle is not below the level). It reads the four
// values in the face's canonical order, so the two cells sharing the face
// compute the same floating-point operations and agree.
func (x *extractor) connectsOutside(lo, hi, r, f int) bool {
	q := faceCanon[f]
	l := x.o.Level
	g0, g1 := x.corner(lo, hi, r, q[0])-l, x.corner(lo, hi, r, q[1])-l
	g2, g3 := x.corner(lo, hi, r, q[2])-l, x.corner(lo, hi, r, q[3])-l
	// With g0, g2 on one side and g1, g3 on the other, the saddle value
	// (g0 g2 − g1 g3)/(g0 + g2 − g1 − g3) is not below zero exactly when
	// the outside pair's product is at least the inside pair's.
	if g0 >= 0 {
		return g0*g2 >= g1*g3
	}
	return g1*g3 >= g0*g2
}

// edgeID returns the id of the vertex on edge e of the cell whose first
// sample is r.
func (x *extractor) edgeID(lo, hi, r int, e uint8) int32 {
	s, top := r+x.eoff[e], e&2 != 0
	switch e >> 2 {
	case 0:
		if top {
			return x.xid[hi][s]
		}
		return x.xid[lo][s]
	case 1:
		if top {
			return x.yid[hi][s]
		}
		return x.yid[lo][s]
	}
	return x.zid[s]
}

// centroid returns the mean of the crossings on the given edges of cell
// (i, j, k).
func (x *extractor) centroid(lo, hi, k, i, j int, edges []uint8) [3]float64 {
	r := j*x.n + i
	var sum [3]float64
	for _, e := range edges {
		c0, c1 := edgeEnds[e][0], edgeEnds[e][1]
		t := (x.o.Level - x.corner(lo, hi, r, c0)) / (x.corner(lo, hi, r, c1) - x.corner(lo, hi, r, c0))
		idx := [3]float64{float64(i) + float64(c0&1), float64(j) + float64(c0>>1&1), float64(k) + float64(c0>>2)}
		idx[e>>2] += t
		for a := range 3 {
			sum[a] += x.coord(a, idx[a])
		}
	}
	for a := range 3 {
		sum[a] /= float64(len(edges))
	}
	return sum
}
