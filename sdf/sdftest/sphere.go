package sdftest

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Sphere is the ball of the given radius about Center.
type Sphere struct {
	Center [3]float64
	Radius float64
}

// Dist returns |p − Center| − Radius.
func (s Sphere) Dist(p [3]float64) float64 { return vec3.Norm(vec3.Sub(p, s.Center)) - s.Radius }

// Normal returns (p − Center)/|p − Center|, or zero at the centre.
func (s Sphere) Normal(p [3]float64) [3]float64 { return vec3.Unit(vec3.Sub(p, s.Center)) }

// Mesh returns a UV sphere with resolution latitude bands from pole to
// pole and 2·resolution longitude segments. The minimum resolution is 2.
func (s Sphere) Mesh(resolution int) *mesh.Mesh {
	if resolution < 2 {
		panic(fmt.Sprintf("sdftest: sphere mesh resolution %d is below 2", resolution))
	}
	if !(s.Radius > 0) {
		panic(fmt.Sprintf("sdftest: sphere radius %g is not positive", s.Radius))
	}
	profile := make([][2]float64, resolution+1)
	for i := range profile {
		theta := math.Pi * float64(i) / float64(resolution)
		profile[i] = [2]float64{s.Radius * math.Sin(theta), s.Radius * math.Cos(theta)}
	}
	profile[0][0], profile[resolution][0] = 0, 0
	f := frame{origin: s.Center, x: [3]float64{1, 0, 0}, y: [3]float64{0, 1, 0}, z: [3]float64{0, 0, 1}}
	return revolve(f, profile, 2*resolution)
}
