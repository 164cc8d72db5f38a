package sdftest

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Capsule is the set of points within Radius of the segment from A to B.
type Capsule struct {
	A, B   [3]float64
	Radius float64
}

// axisPoint returns the point of the segment AB closest to p.
func (c Capsule) axisPoint(p [3]float64) [3]float64 {
	ab := vec3.Sub(c.B, c.A)
	l2 := vec3.Dot(ab, ab)
	if l2 == 0 {
		return c.A
	}
	t := min(max(vec3.Dot(vec3.Sub(p, c.A), ab)/l2, 0), 1)
	return vec3.Add(c.A, vec3.Scale(t, ab))
}

// Dist returns the distance from p to the segment AB minus Radius.
func (c Capsule) Dist(p [3]float64) float64 { return vec3.Norm(vec3.Sub(p, c.axisPoint(p))) - c.Radius }

// Normal returns the unit vector from the closest point of the segment AB
// to p, or zero on the segment.
func (c Capsule) Normal(p [3]float64) [3]float64 { return vec3.Unit(vec3.Sub(p, c.axisPoint(p))) }

// Mesh returns a triangulation with 2·resolution segments around the axis,
// resolution/2 latitude bands on each hemispherical cap (at least one) and
// enough rings along the cylinder to keep its triangles about as long as
// they are wide. The minimum resolution is 2.
func (c Capsule) Mesh(resolution int) *mesh.Mesh {
	if resolution < 2 {
		panic(fmt.Sprintf("sdftest: capsule mesh resolution %d is below 2", resolution))
	}
	if !(c.Radius > 0) {
		panic(fmt.Sprintf("sdftest: capsule radius %g is not positive", c.Radius))
	}
	ab := vec3.Sub(c.B, c.A)
	length := vec3.Norm(ab)
	f := frame{origin: c.A, x: [3]float64{1, 0, 0}, y: [3]float64{0, 1, 0}, z: [3]float64{0, 0, 1}}
	if length > 0 {
		f = frameAlong(c.A, vec3.Scale(1/length, ab))
	}
	bands := max(resolution/2, 1)
	step := math.Pi / 2 / float64(bands)
	profile := make([][2]float64, 0, 2*bands+2)
	for i := range bands + 1 { // top cap about B (local height = length)
		th := step * float64(i)
		profile = append(profile, [2]float64{c.Radius * math.Sin(th), length + c.Radius*math.Cos(th)})
	}
	// Cylinder rings strictly between the two equators.
	cyl := int(math.Ceil(length/(c.Radius*step))) - 1
	for k := 1; k <= cyl; k++ {
		profile = append(profile, [2]float64{c.Radius, length * (1 - float64(k)/float64(cyl+1))})
	}
	for i := range bands + 1 { // bottom cap about A (local height 0)
		th := math.Pi/2 + step*float64(i)
		profile = append(profile, [2]float64{c.Radius * math.Sin(th), c.Radius * math.Cos(th)})
	}
	if length == 0 { // the two equators coincide: keep one
		profile = append(profile[:bands+1], profile[bands+2:]...)
	}
	profile[0][0], profile[len(profile)-1][0] = 0, 0
	return revolve(f, profile, 2*resolution)
}
