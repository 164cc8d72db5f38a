package mesh

// Radius is the distance from the origin of the farthest vertex of a
// normalised mesh (docs/METHOD.md §3): the mesh then fits in [−1, 1]³ with a
// small margin.
const Radius = 0.99

// Transform is a uniform scaling about a centre: Apply maps p to
// (p − Center)·Scale. Distances measured after Apply are divided by
// Scale to return to the input's units.
type Transform struct {
	Center [3]float64
	Scale  float64
}

// Apply maps a point of the input's units to normalised coordinates.
func (t Transform) Apply(p [3]float64) [3]float64 {
	return [3]float64{(p[0] - t.Center[0]) * t.Scale, (p[1] - t.Center[1]) * t.Scale, (p[2] - t.Center[2]) * t.Scale}
}

// Invert maps a point of normalised coordinates back to the input's units.
func (t Transform) Invert(p [3]float64) [3]float64 {
	return [3]float64{p[0]/t.Scale + t.Center[0], p[1]/t.Scale + t.Center[1], p[2]/t.Scale + t.Center[2]}
}

// Normalize moves the centre of the bounding box of m to the origin and
// scales m uniformly so that its farthest vertex is at distance Radius, in
// place, and returns the transform it applied. A mesh whose vertices all
// coincide is only moved (Scale 1).
func Normalize(m *Mesh) Transform {
	lo, hi := Bounds(m)
	t := Transform{Center: [3]float64{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2}, Scale: 1}
	var r float64
	for _, v := range m.V {
		r = max(r, norm([3]float64{v[0] - t.Center[0], v[1] - t.Center[1], v[2] - t.Center[2]}))
	}
	if r > 0 {
		t.Scale = Radius / r
	}
	for i, v := range m.V {
		m.V[i] = t.Apply(v)
	}
	return t
}
