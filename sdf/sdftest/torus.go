package sdftest

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Torus is the ring torus about Center whose axis is z: the points within
// Minor of the circle of radius Major in the plane z = Center[2].
// Major > Minor > 0 for a ring torus.
type Torus struct {
	Center       [3]float64
	Major, Minor float64
}

// core returns the point of the core circle closest to p (undefined on
// the z axis, where every point of the circle is closest: it then returns
// the one at angle 0).
func (t Torus) core(p [3]float64) [3]float64 {
	q := vec3.Sub(p, t.Center)
	rho := math.Hypot(q[0], q[1])
	c := [3]float64{t.Major, 0, 0}
	if rho > 0 {
		c = [3]float64{t.Major * q[0] / rho, t.Major * q[1] / rho, 0}
	}
	return vec3.Add(t.Center, c)
}

// Dist returns the distance from p to the core circle minus Minor.
func (t Torus) Dist(p [3]float64) float64 {
	q := vec3.Sub(p, t.Center)
	return math.Hypot(math.Hypot(q[0], q[1])-t.Major, q[2]) - t.Minor
}

// Normal returns the unit vector from the closest point of the core
// circle to p; zero on the circle.
func (t Torus) Normal(p [3]float64) [3]float64 { return vec3.Unit(vec3.Sub(p, t.core(p))) }

// Mesh returns a triangulated torus with 2·resolution segments around the
// tube and Major/Minor times as many (rounded up) around the axis, so the
// triangles are about as long as they are wide along the core circle. The
// minimum resolution is 2.
func (t Torus) Mesh(resolution int) *mesh.Mesh {
	if resolution < 2 {
		panic(fmt.Sprintf("sdftest: torus mesh resolution %d is below 2", resolution))
	}
	if !(t.Minor > 0 && t.Major > t.Minor) {
		panic(fmt.Sprintf("sdftest: torus needs Major > Minor > 0, have Major %g, Minor %g", t.Major, t.Minor))
	}
	tube := 2 * resolution
	around := max(int(math.Ceil(float64(tube)*t.Major/t.Minor)), 3)
	m := &mesh.Mesh{
		V: make([][3]float64, 0, tube*around),
		F: make([][3]int32, 0, 2*tube*around),
	}
	for i := range around {
		phi := 2 * math.Pi * float64(i) / float64(around)
		for j := range tube {
			theta := 2 * math.Pi * float64(j) / float64(tube)
			rho := t.Major + t.Minor*math.Cos(theta)
			m.V = append(m.V, vec3.Add(t.Center, [3]float64{rho * math.Cos(phi), rho * math.Sin(phi), t.Minor * math.Sin(theta)}))
		}
	}
	// With P(φ, θ) as above, ∂P/∂φ × ∂P/∂θ points outward, so (i, j) →
	// (i+1, j) → (i+1, j+1) is counter-clockwise seen from outside.
	at := func(i, j int) int32 { return int32((i%around)*tube + j%tube) }
	for i := range around {
		for j := range tube {
			a, b, c, d := at(i, j), at(i+1, j), at(i+1, j+1), at(i, j+1)
			m.F = append(m.F, [3]int32{a, b, c}, [3]int32{a, c, d})
		}
	}
	return m
}
