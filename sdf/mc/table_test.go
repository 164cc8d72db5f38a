package mc

import (
	"slices"
	"testing"
)

// TestTableSingleCorner checks the one entry worked out by hand: with only
// corner 0 inside, the triangle joins the crossings on the x-, y- and
// z-edges at the origin in that cyclic order, whose normal is (1, 1, 1).
func TestTableSingleCorner(t *testing.T) {
	got := cases()[1].tris
	for _, want := range [][]uint8{{0, 4, 8}, {4, 8, 0}, {8, 0, 4}} {
		if slices.Equal(got, want) {
			return
		}
	}
	t.Errorf("corner 0 inside: triangles %v, want edges 0, 4, 8 in cyclic order", got)
}

// TestTableEntries checks every entry that can be looked up: the directed
// sides used once are exactly the face segments (so neighbouring cells
// meet), every other side is used once in each direction (the loops are
// disks), diagonals never join two crossings of one face, and centroids are
// used only for long loops.
func TestTableEntries(t *testing.T) {
	tab := cases()
	centres := 0
	for idx, e := range tab {
		cfg, dec := uint8(idx), uint8(idx>>8)
		if dec&^ambiguous[cfg] != 0 {
			continue
		}
		segs := segments(cfg, dec)
		if (cfg == 0 || cfg == 255) != (len(e.tris) == 0) {
			t.Fatalf("pattern %08b: %d triangles", cfg, len(e.tris)/3)
		}
		sides := map[[2]int]int{}
		for k := 0; k < len(e.tris); k += 3 {
			for v := range 3 {
				a, b := int(e.tris[k+v]), int(e.tris[k+(v+1)%3])
				if a == centreEdge {
					a = 100 + int(e.centreOf[k/3])
				}
				if b == centreEdge {
					b = 100 + int(e.centreOf[k/3])
				}
				sides[[2]int{a, b}]++
			}
		}
		for s, n := range sides {
			rev := sides[[2]int{s[1], s[0]}]
			switch {
			case n != 1:
				t.Fatalf("entry %d: side %v used %d times", idx, s, n)
			case rev == 0 && !segs[s]:
				t.Fatalf("entry %d: open side %v is not a face segment", idx, s)
			case rev == 1 && s[0] < 12 && s[1] < 12 && edgeFaces[s[0]]&edgeFaces[s[1]] != 0:
				t.Fatalf("entry %d: diagonal %v joins two crossings of one face", idx, s)
			}
		}
		for s := range segs {
			if sides[s] != 1 {
				t.Fatalf("entry %d: face segment %v not a side", idx, s)
			}
		}
		for _, c := range e.centres {
			if len(c) < 8 {
				t.Errorf("entry %d: centroid on a loop of only %d crossings", idx, len(c))
			}
			centres++
		}
	}
	t.Logf("%d loops need a centroid", centres)
}

// segments returns the directed face segments of a pattern with decisions
// dec, written again from the rule in table.go rather than taken from
// buildCase: a segment on a face starts at a crossing where the face's
// boundary (counter-clockwise about the outward normal) goes from outside
// to inside, and ends at the face's only crossing going from inside to
// outside, or, on an ambiguous face, at the one of the two that cuts off a
// corner of the side that is not connected.
func segments(cfg, dec uint8) map[[2]int]bool {
	segs := map[[2]int]bool{}
	for f := range 6 {
		q := faceCorners[f]
		in := func(k int) bool { return cfg>>q[k%4]&1 == 1 }
		var cross []int // positions k where side (q[k], q[k+1]) crosses
		for k := range 4 {
			if in(k) != in(k+1) {
				cross = append(cross, k)
			}
		}
		for ci, k := range cross {
			if in(k) {
				continue // inside→outside: a segment ends here
			}
			var to int
			switch {
			case len(cross) == 2:
				to = cross[1-ci]
			case dec>>f&1 == 1: // outside corners connected: cut off q[k+1]
				to = (k + 1) % 4
			default: // inside corners connected: cut off q[k]
				to = (k + 3) % 4
			}
			a := edgeOf(q[k], q[(k+1)%4])
			b := edgeOf(q[to], q[(to+1)%4])
			segs[[2]int{int(a), int(b)}] = true
		}
	}
	return segs
}
