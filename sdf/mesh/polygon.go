package mesh

import (
	"errors"
	"fmt"
	"math"
)

// addPolygon appends the fan triangulation (p0,p1,p2), (p0,p2,p3), … of
// the polygon idx to f and returns it. Triangles that repeat a vertex
// index are dropped; so are polygons with fewer than three corners.
func addPolygon(f [][3]int32, idx []int32) [][3]int32 {
	for i := 2; i < len(idx); i++ {
		a, b, c := idx[0], idx[i-1], idx[i]
		if a == b || b == c || a == c {
			continue
		}
		f = append(f, [3]int32{a, b, c})
	}
	return f
}

// toIndex converts a zero-based vertex index read from a file to int32.
func toIndex(k int64) (int32, error) {
	if k < 0 || k > math.MaxInt32 {
		return 0, fmt.Errorf("vertex index %d out of range", k)
	}
	return int32(k), nil
}

// check reports the first problem that makes m unusable: a non-finite
// coordinate or a face index without a vertex.
func check(m *Mesh) error {
	for i, v := range m.V {
		for _, c := range v {
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return fmt.Errorf("vertex %d has a non-finite coordinate (%v)", i, c)
			}
		}
	}
	n := len(m.V)
	for i, f := range m.F {
		for _, k := range f {
			if k < 0 || int(k) >= n {
				return fmt.Errorf("triangle %d refers to vertex %d, but there are %d vertices (indices from 0)", i, k, n)
			}
		}
	}
	return nil
}

// finish validates a freshly read mesh: it must be usable (see check),
// have at least one face and a positive total area.
func finish(m *Mesh) error {
	if err := check(m); err != nil {
		return err
	}
	if len(m.F) == 0 {
		return errors.New("the mesh has no faces")
	}
	if Area(m) == 0 {
		return errors.New("every face is degenerate (total area zero)")
	}
	return nil
}
