package sdftest

import (
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// frame is an orthonormal, right-handed frame (x × y = z) placed at an
// origin; local coordinates (u, v, w) map to origin + u·x + v·y + w·z.
type frame struct {
	origin, x, y, z [3]float64
}

// toWorld maps local coordinates to world coordinates.
func (f *frame) toWorld(l [3]float64) [3]float64 {
	return vec3.Add(f.origin, vec3.Add(vec3.Scale(l[0], f.x), vec3.Add(vec3.Scale(l[1], f.y), vec3.Scale(l[2], f.z))))
}

// frameAlong returns a right-handed frame at origin whose z axis is the
// unit vector axis.
func frameAlong(origin, axis [3]float64) frame {
	// Pick the world axis least aligned with the given one to build x.
	h := [3]float64{1, 0, 0}
	if math.Abs(axis[0]) > 0.5 {
		h = [3]float64{0, 1, 0}
	}
	x := vec3.Unit(vec3.Cross(h, axis))
	y := vec3.Cross(axis, x)
	return frame{origin: origin, x: x, y: y, z: axis}
}

// revolve builds the closed surface of revolution of a profile about the
// frame's z axis. The profile lists (radius, height) pairs from the top
// pole to the bottom pole; the first and last must have radius 0 (they
// become single pole vertices) and the others a positive radius. Each
// inner profile point becomes a ring of segs vertices; faces are
// counter-clockwise seen from outside.
func revolve(f frame, profile [][2]float64, segs int) *mesh.Mesh {
	rings := len(profile) - 2
	m := &mesh.Mesh{
		V: make([][3]float64, 0, 2+rings*segs),
		F: make([][3]int32, 0, 2*segs*rings),
	}
	m.V = append(m.V, f.toWorld([3]float64{0, 0, profile[0][1]}))
	for _, pr := range profile[1 : rings+1] {
		for j := range segs {
			phi := 2 * math.Pi * float64(j) / float64(segs)
			m.V = append(m.V, f.toWorld([3]float64{pr[0] * math.Cos(phi), pr[0] * math.Sin(phi), pr[1]}))
		}
	}
	m.V = append(m.V, f.toWorld([3]float64{0, 0, profile[len(profile)-1][1]}))
	ring := func(i, j int) int32 { return int32(1 + i*segs + j%segs) }
	north, south := int32(0), int32(len(m.V)-1)
	for j := range segs {
		m.F = append(m.F, [3]int32{north, ring(0, j), ring(0, j+1)})
	}
	for i := range rings - 1 {
		for j := range segs {
			ul, ll, lr, ur := ring(i, j), ring(i+1, j), ring(i+1, j+1), ring(i, j+1)
			m.F = append(m.F, [3]int32{ul, ll, lr}, [3]int32{ul, lr, ur})
		}
	}
	for j := range segs {
		m.F = append(m.F, [3]int32{south, ring(rings-1, j+1), ring(rings-1, j)})
	}
	return m
}
