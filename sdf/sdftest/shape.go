package sdftest

import "github.com/neurbf/neurbf/sdf/mesh"

// Shape is an analytic solid with an exact signed distance function.
type Shape interface {
	// Dist is the exact signed distance from p to the surface: negative
	// inside, positive outside.
	Dist(p [3]float64) float64
	// Normal is the unit gradient of Dist at p, which on the surface is the
	// outward normal. Where the gradient is undefined (on the medial axis,
	// e.g. the centre of a sphere) it returns one of the one-sided
	// gradients, or the zero vector when there is none.
	Normal(p [3]float64) [3]float64
	// Mesh triangulates the surface at the given resolution (roughly the
	// number of segments along a half great circle or a box edge) into a
	// closed mesh with counter-clockwise (outward) faces and every vertex
	// on the surface. It panics when the resolution is below the shape's
	// minimum or the shape's parameters are invalid.
	Mesh(resolution int) *mesh.Mesh
}

// DistFunc returns s's signed distance as a function of a batch of float32
// points, the form in which marching cubes (mc.ScalarFunc), the metrics
// and the narrow band take a field: points holds n points row-major (n×3)
// and out[i] receives the distance of point i, computed in float64. It is
// safe for concurrent use if s's Dist is.
func DistFunc(s Shape) func(out, points []float32) {
	return func(out, points []float32) {
		for i := range out {
			p := [3]float64{float64(points[3*i]), float64(points[3*i+1]), float64(points[3*i+2])}
			out[i] = float32(s.Dist(p))
		}
	}
}
