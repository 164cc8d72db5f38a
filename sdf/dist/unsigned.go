package dist

import "math"

// Unsigned returns the distance from p to the nearest point of the mesh,
// the index of a face holding that point and the point itself. Ties
// between faces go to the one met first in the hierarchy.
func (t *Tree) Unsigned(p [3]float64) (d float64, face int32, closest [3]float64) {
	type entry struct {
		node int32
		d2   float64 // squared distance from p to the node's box
	}
	var stack [stackSize]entry
	sp := 0
	best2 := math.Inf(1)
	bestTri := int32(-1)
	i := int32(0)
	for {
		n := &t.nodes[i]
		if n.right < 0 {
			for k := n.begin; k < n.end; k++ {
				if q, d2 := t.tris[k].closest(p); d2 < best2 {
					best2, bestTri, closest = d2, k, q
				}
			}
		} else {
			// Descend into the nearer child first; keep the other for later
			// unless it cannot hold anything nearer than the best so far.
			near, far := i+1, n.right
			dn, df := boxDist2(p, &t.nodes[near]), boxDist2(p, &t.nodes[far])
			if df < dn {
				near, far, dn, df = far, near, df, dn
			}
			if dn < best2 {
				if df < best2 {
					stack[sp] = entry{far, df}
					sp++
				}
				i = near
				continue
			}
		}
		for sp > 0 && stack[sp-1].d2 >= best2 {
			sp--
		}
		if sp == 0 {
			break
		}
		sp--
		i = stack[sp].node
	}
	return math.Sqrt(best2), t.faces[bestTri], closest
}

// boxDist2 returns the squared distance from p to the node's box (zero
// inside it).
func boxDist2(p [3]float64, n *node) float64 {
	var s float64
	for k := range 3 {
		e := max(n.lo[k]-p[k], p[k]-n.hi[k], 0)
		s += e * e
	}
	return s
}
