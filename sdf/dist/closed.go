package dist

import "github.com/neurbf/neurbf/sdf/mesh"

// isClosed reports whether the mesh bounds a volume in the sense the sign
// test needs: after merging vertices with identical coordinates, every
// directed edge a→b is matched by as many edges b→a. The faces then form
// a cycle, so the winding number is an integer everywhere off the surface
// and changes only across faces, by ±1 a face. Duplicate faces,
// self-intersections and non-manifold edges are allowed; holes are not.
// Every face must refer to existing vertices.
func isClosed(m *mesh.Mesh) bool {
	id := make(map[[3]float64]int32, len(m.V))
	weld := make([]int32, len(m.V))
	for i, v := range m.V {
		w, ok := id[v]
		if !ok {
			w = int32(len(id))
			id[v] = w
		}
		weld[i] = w
	}
	// balance[{a, b}] with a < b counts edges a→b minus edges b→a.
	balance := make(map[[2]int32]int32, 3*len(m.F)/2)
	for _, f := range m.F {
		for e := range 3 {
			a, b := weld[f[e]], weld[f[(e+1)%3]]
			switch {
			case a < b:
				balance[[2]int32{a, b}]++
			case a > b:
				balance[[2]int32{b, a}]--
			}
		}
	}
	for _, n := range balance {
		if n != 0 {
			return false
		}
	}
	return true
}
