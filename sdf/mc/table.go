package mc

import "sync"

// The case table is not transcribed from the literature: it is generated
// once, at first use, from the rule below, for every corner sign pattern
// (8 bits) and every choice on the pattern's ambiguous faces (6 bits).
//
// Corner c of a cell is at offset (c&1, c>>1&1, c>>2&1). Edge e joins two
// corners along axis e/4; its other two corner coordinates are the bits of
// e%4, taken in axis order (x-edges: y + 2z, y-edges: x + 2z, z-edges:
// x + 2y). A corner is "inside" when its value is below the level.
//
// On every face, walked counter-clockwise about its outward normal, each
// edge going from an outside corner to an inside one starts a surface
// segment and each edge going from inside to outside ends one. A face with
// one such pair is unambiguous; a face whose diagonal corners alternate
// (two pairs) is ambiguous, and its two segments either cut off the inside
// corners (the outside corners are connected across the face) or the
// outside ones. The decision is made per face from the face's own four
// values (the asymptotic decider, see faceConnectsOutside), so both cells
// sharing a face always choose alike and the surface has no cracks. With
// this orientation a segment has the outside on its left seen from outside
// the cell, which makes every loop of segments counter-clockwise seen from
// the outside of the surface: triangles get outward normals.
//
// Every edge crossing belongs to exactly two faces of the cell and starts a
// segment in one of them and ends one in the other, so the segments form
// disjoint closed loops. Each loop is triangulated with diagonals that
// never join two crossings lying on a common face of the cell: such a
// diagonal could otherwise be produced by the neighbouring cell as well,
// and the edge would then belong to four triangles. Every diagonal is thus
// private to its cell and every segment is shared by exactly the two cells
// of its face, so the surface is a closed 2-manifold wherever it does not
// reach the box boundary. Loops whose every triangulation needs such a
// diagonal get a vertex at their centroid instead (centreEdge); see
// TestTableCentres for how many cases that is.

// centreEdge is the edge code of a loop's centroid vertex in a triangle of
// the table.
const centreEdge = 12

// caseEntry is one table entry: triangles as triples of edge codes
// (0–11, or centreEdge for the centroid of the loop in loops[tri/… ]).
type caseEntry struct {
	// tris holds triangles as edge-code triples, three bytes each.
	tris []uint8
	// centres lists, for each loop needing a centroid, the edges of the
	// loop; a triangle's centreEdge refers to centres[centreOf[t]].
	centres  [][]uint8
	centreOf []uint8
}

// faceCorners[f] lists face f's corners counter-clockwise about its outward
// normal; face f = 2*axis + side.
var faceCorners [6][4]uint8

// faceCanon[f] lists face f's corners in the order (u,v) = 00, 10, 11, 01,
// with (axis, u, v) cyclic: the order the decider reads them in, the same
// for both cells sharing the face.
var faceCanon [6][4]uint8

var (
	tableOnce sync.Once
	table     []caseEntry // index: sign bits | face decisions << 8
	ambiguous [256]uint8  // bit f set when face f is ambiguous for the pattern
)

func init() {
	for a := 0; a < 3; a++ {
		u, v := (a+1)%3, (a+2)%3
		for s := 0; s < 2; s++ {
			f := 2*a + s
			corner := func(cu, cv int) uint8 { return uint8(s<<a | cu<<u | cv<<v) }
			faceCanon[f] = [4]uint8{corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)}
			if s == 1 {
				faceCorners[f] = faceCanon[f]
			} else {
				faceCorners[f] = [4]uint8{corner(0, 0), corner(0, 1), corner(1, 1), corner(1, 0)}
			}
		}
	}
}

// edgeOf returns the edge code joining corners c and d (adjacent corners).
func edgeOf(c, d uint8) uint8 {
	x := c ^ d
	axis := uint8(0)
	for x>>axis != 1 {
		axis++
	}
	lo := c &^ x
	var rest uint8
	switch axis {
	case 0:
		rest = lo>>1&1 | lo>>2&1<<1
	case 1:
		rest = lo&1 | lo>>2&1<<1
	default:
		rest = lo & 3
	}
	return axis*4 + rest
}

// edgeFaces[e] is the bit set of the two faces containing edge e.
var edgeFaces [12]uint8

// edgeEnds[e] holds edge e's corners, the lower one first.
var edgeEnds [12][2]uint8

func init() {
	for f := 0; f < 6; f++ {
		q := faceCorners[f]
		for k := 0; k < 4; k++ {
			edgeFaces[edgeOf(q[k], q[(k+1)%4])] |= 1 << f
		}
	}
	for c := uint8(0); c < 8; c++ {
		for a := uint8(0); a < 3; a++ {
			if c>>a&1 == 0 {
				edgeEnds[edgeOf(c, c|1<<a)] = [2]uint8{c, c | 1<<a}
			}
		}
	}
}

// cases returns the generated case table.
func cases() []caseEntry {
	tableOnce.Do(buildTable)
	return table
}

// buildTable fills table and ambiguous.
func buildTable() {
	for cfg := 0; cfg < 256; cfg++ {
		for f := 0; f < 6; f++ {
			q := faceCorners[f]
			in := func(k int) bool { return cfg>>q[k]&1 == 1 }
			if in(0) == in(2) && in(1) == in(3) && in(0) != in(1) {
				ambiguous[cfg] |= 1 << f
			}
		}
	}
	table = make([]caseEntry, 256<<6)
	for idx := range table {
		cfg, dec := idx&255, uint8(idx>>8)
		if dec&^ambiguous[cfg] != 0 {
			continue // never looked up: decisions only on ambiguous faces
		}
		table[idx] = buildCase(uint8(cfg), dec)
	}
}

// buildCase builds the entry for sign pattern cfg (bit c: corner c inside)
// with decisions dec (bit f: ambiguous face f connects its outside
// corners).
func buildCase(cfg, dec uint8) caseEntry {
	in := func(c uint8) bool { return cfg>>c&1 == 1 }
	var next [12]int8
	for i := range next {
		next[i] = -1
	}
	for f := 0; f < 6; f++ {
		q := faceCorners[f]
		for k := 0; k < 4; k++ {
			if in(q[k]) || !in(q[(k+1)%4]) {
				continue // not an outside→inside edge
			}
			// The segment ends at the inside→outside edge that follows
			// (cutting off the inside corner q[k+1]) when the outside corners
			// are connected, else at the one before (cutting off q[k]).
			var j int
			if dec>>f&1 == 1 {
				j = (k + 1) % 4
			} else {
				j = (k + 3) % 4
			}
			if ambiguous[cfg]>>f&1 == 0 {
				// One pair only: the inside→outside edge is the other one.
				for j = 0; j < 4; j++ {
					if in(q[j]) && !in(q[(j+1)%4]) {
						break
					}
				}
			}
			next[edgeOf(q[k], q[(k+1)%4])] = int8(edgeOf(q[j], q[(j+1)%4]))
		}
	}
	var e caseEntry
	var seen [12]bool
	for start := range next {
		if next[start] < 0 || seen[start] {
			continue
		}
		var loop []uint8
		for x := start; !seen[x]; x = int(next[x]) {
			seen[x] = true
			loop = append(loop, uint8(x))
		}
		tris, ok := triangulate(loop)
		if !ok {
			e.centres = append(e.centres, loop)
			c := uint8(len(e.centres) - 1)
			for i := range loop {
				e.tris = append(e.tris, loop[i], loop[(i+1)%len(loop)], centreEdge)
				e.centreOf = append(e.centreOf, c)
			}
			continue
		}
		e.tris = append(e.tris, tris...)
		for range len(tris) / 3 {
			e.centreOf = append(e.centreOf, 0)
		}
	}
	return e
}

// triangulate splits the polygon loop (edge codes in order) into triangles
// keeping its orientation, using only diagonals between crossings that
// share no face of the cell. It reports false when no such triangulation
// exists.
func triangulate(loop []uint8) ([]uint8, bool) {
	m := len(loop)
	ok := func(i, j int) bool { // may vertices i < j of the loop be joined?
		if j-i == 1 || (i == 0 && j == m-1) {
			return true // a side of the polygon
		}
		return edgeFaces[loop[i]]&edgeFaces[loop[j]] == 0
	}
	var out []uint8
	// tri triangulates the sub-polygon i..j, whose side (i, j) is allowed.
	var tri func(i, j int) bool
	tri = func(i, j int) bool {
		if j-i < 2 {
			return true
		}
		for k := i + 1; k < j; k++ {
			if !ok(i, k) || !ok(k, j) {
				continue
			}
			mark := len(out)
			out = append(out, loop[i], loop[k], loop[j])
			if tri(i, k) && tri(k, j) {
				return true
			}
			out = out[:mark]
		}
		return false
	}
	if !tri(0, m-1) {
		return nil, false
	}
	return out, true
}
