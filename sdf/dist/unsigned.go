package dist

import (
	"math"
	"math/bits"
)

// Unsigned returns the distance from p to the nearest point of the mesh,
// the index of a face holding that point and the point itself. Among
// faces at the same distance the first one found wins; the search order
// depends only on p, so the answer is deterministic.
func (t *Tree) Unsigned(p [3]float64) (d float64, face int32, closest [3]float64) {
	seed := t.lattice.seed[t.lattice.seeds.nearest(&p)]
	d2, k, q := t.nearest(&p, seed)
	return math.Sqrt(d2), t.faces[k], q
}

// maxPending is the capacity of the list of triangles a search has yet
// to measure exactly.
const maxPending = 16

// pending is a triangle the search could not rule out from its estimate:
// its position in Tree.tris and the lower bound on its squared distance.
type pending struct {
	tri int32
	lo  float64
}

// nearest returns the squared distance from p to the mesh, the position
// in t.tris of a nearest triangle and the closest point on it.
//
// The search starts from triangle seed (any triangle gives a valid bound;
// a near one prunes most of the hierarchy at once) and visits the
// children of each node nearer child first, skipping every box no nearer
// than the bound. Triangles are first only estimated, four at a time: the
// bound is the least upper bound of the estimates so far, and a triangle
// whose lower bound reaches it is dropped; the few that remain are
// measured exactly at the end.
func (t *Tree) nearest(p *[3]float64, seed int32) (best2 float64, bestTri int32, closest [3]float64) {
	type entry struct {
		node int32
		d2   float64 // squared distance from p to the node's box
	}
	var stack [wideStackSize]entry
	sp := 0
	closest, best2 = t.tris[seed].closest(*p)
	bestTri = seed
	bound := best2
	var list [maxPending]pending
	np := 0
	i := int32(0)
	for {
		n := &t.qnodes[i]
		var d [width]float64
		m := n.childDist2(p, bound, &d)
		// The children nearer than the bound, nearest first: distances
		// are non-negative, so their bits sort like them, and the low two
		// bits can carry the child's slot.
		key := [width]uint64{math.MaxUint64, math.MaxUint64, math.MaxUint64, math.MaxUint64}
		for ; m != 0; m &= m - 1 {
			c := bits.TrailingZeros8(m) & (width - 1)
			key[c] = math.Float64bits(d[c])&^(width-1) | uint64(c)
		}
		key[0], key[1] = min(key[0], key[1]), max(key[0], key[1])
		key[2], key[3] = min(key[2], key[3]), max(key[2], key[3])
		key[0], key[2] = min(key[0], key[2]), max(key[0], key[2])
		key[1], key[3] = min(key[1], key[3]), max(key[1], key[3])
		key[1], key[2] = min(key[1], key[2]), max(key[1], key[2])
		// Leaves are searched at once, nearest first; the inner children
		// are pushed farthest first, so that the nearest is taken next.
		var inner [width]int
		ni := 0
		for _, k := range key {
			c := int(k & (width - 1))
			if k == math.MaxUint64 || d[c] >= bound {
				break
			}
			cnt := n.count[c]
			if cnt == 0 {
				inner[ni&(width-1)] = c
				ni++
				continue
			}
			for gi := n.child[c]; gi < n.child[c]+cnt; gi++ {
				g := &t.groups[gi]
				var lo, hi [4]float64
				for m := g.candidates(p, bound, &lo, &hi); m != 0; m &= m - 1 {
					l := bits.TrailingZeros8(m) & 3
					tri := g.tri[l]
					if tri < 0 || tri == seed || lo[l] >= bound {
						continue
					}
					if np == maxPending {
						np = t.settle(p, list[:], bound, &best2, &bestTri, &closest)
						bound = min(bound, best2)
					}
					list[np] = pending{tri, lo[l]}
					np++
					bound = min(bound, hi[l])
				}
			}
		}
		for ni > 0 {
			ni--
			if c := inner[ni&(width-1)] & (width - 1); d[c] < bound {
				stack[sp] = entry{n.child[c], d[c]}
				sp++
			}
		}
		for sp > 0 && stack[sp-1].d2 >= bound {
			sp--
		}
		if sp == 0 {
			break
		}
		sp--
		i = stack[sp].node
	}
	t.settle(p, list[:np], bound, &best2, &bestTri, &closest)
	return best2, bestTri, closest
}

// settle measures exactly the pending triangles whose lower bound is
// below bound, in order, keeping in best2, bestTri and closest the
// nearest so far (the earlier of equals), and returns 0, the new length
// of the emptied list.
func (t *Tree) settle(p *[3]float64, list []pending, bound float64, best2 *float64, bestTri *int32, closest *[3]float64) int {
	for _, e := range list {
		if e.lo >= bound {
			continue
		}
		if q, d2 := t.tris[e.tri].closest(*p); d2 < *best2 {
			*best2, *bestTri, *closest = d2, e.tri, q
		}
	}
	return 0
}
