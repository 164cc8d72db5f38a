// Package sdftest holds test problems with known answers for the signed
// distance code of neurbf: analytic shapes whose signed distances and
// outward normals are exact, each of which can also triangulate itself into
// a closed, outward-oriented mesh whose vertices lie exactly on the surface.
//
// The shapes are Sphere, Box, Torus and Capsule. Distances follow the
// project's convention: negative inside, positive outside, zero on the
// surface. Tests elsewhere in the repository compare mesh distances, sign
// computations, marching cubes and metrics against these closed forms.
//
// Every shape satisfies the small Shape interface:
//
//	var s sdftest.Shape = sdftest.Torus{Major: 0.6, Minor: 0.2}
//	d := s.Dist([3]float64{0.6, 0, 0}) // -0.2: on the core circle
//	m := s.Mesh(32)                      // a closed triangle mesh of it
package sdftest
