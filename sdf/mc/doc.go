// Package mc extracts a triangle mesh of a level set of any scalar field
// (a trained neural field, an exact signed distance) by marching cubes over
// a box sampled on a regular grid, by default [−1, 1]³ at 256 samples per
// axis, at any resolution that fits (1024³ is the paper's).
//
// Memory is bounded by slabs: the field is evaluated one z-slice of Res²
// points at a time (in batches, optionally on several goroutines), two
// slices are held, and the triangles between them are emitted before the
// next slice is sampled, so the working memory is about 45 bytes per
// sample of a slice whatever the number of slices. Stream hands each slab
// to a callback; Extract collects a mesh.Mesh.
//
// Vertices sit on grid edges where the field, linearly interpolated along
// the edge, crosses the level, and are created once per edge and shared by
// the four cells around it (edge-indexed ids carried from one slab to the
// next), so the mesh is welded and has no cracks. Faces are
// counter-clockwise seen from where the field is above the level: outward
// for a signed distance (positive outside).
//
// The case table is generated, not transcribed (see table.go): for each of
// the 256 corner sign patterns the surface is traced on the six faces of
// the cell, with ambiguous faces resolved by the asymptotic decider, which
// reads only the face's four values, so two cells sharing a face always
// agree. Each closed loop of segments is triangulated without diagonals
// that a neighbouring cell could also produce. The result is a closed,
// consistently oriented 2-manifold wherever the surface stays inside the
// box (it is open where it meets the box's boundary). Marching tetrahedra
// would give the same guarantee more simply but with about twice the
// triangles and less regular ones; the standard 256-case table alone does
// not, as its choices on ambiguous faces disagree between neighbouring
// cells. Ambiguities inside a cell (tunnels) are not resolved beyond what
// the faces decide.
package mc
