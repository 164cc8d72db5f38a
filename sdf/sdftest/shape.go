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
