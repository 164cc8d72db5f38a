package mesh

// Mesh is a triangle mesh: vertex positions and faces as triples of
// vertex indices, counter-clockwise seen from outside (outward normals by
// the right-hand rule).
type Mesh struct {
	V [][3]float64
	F [][3]int32
}
