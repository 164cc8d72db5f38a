package sdftest

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Box is the axis-aligned box Center ± Half.
type Box struct {
	Center, Half [3]float64
}

// offsets returns q = |p − Center| − Half per axis and the signs of
// p − Center (+1 for zero).
func (b Box) offsets(p [3]float64) (q, sign [3]float64) {
	for k := range 3 {
		d := p[k] - b.Center[k]
		sign[k] = 1
		if d < 0 {
			sign[k] = -1
		}
		q[k] = math.Abs(d) - b.Half[k]
	}
	return q, sign
}

// Dist returns the exact signed distance to the box surface: the length
// of the positive part of q outside, the largest (least negative)
// component of q inside, where q = |p − Center| − Half.
func (b Box) Dist(p [3]float64) float64 {
	q, _ := b.offsets(p)
	out := [3]float64{max(q[0], 0), max(q[1], 0), max(q[2], 0)}
	return vec3.Norm(out) + min(max(q[0], q[1], q[2]), 0)
}

// Normal returns the gradient of Dist: outside, the unit vector from the
// closest surface point to p; inside, the outward normal of the nearest
// face (the first axis of x, y, z among ties, where the gradient is
// undefined).
func (b Box) Normal(p [3]float64) [3]float64 {
	q, sign := b.offsets(p)
	if q[0] > 0 || q[1] > 0 || q[2] > 0 {
		return vec3.Unit([3]float64{max(q[0], 0) * sign[0], max(q[1], 0) * sign[1], max(q[2], 0) * sign[2]})
	}
	k := 0
	if q[1] > q[k] {
		k = 1
	}
	if q[2] > q[k] {
		k = 2
	}
	var n [3]float64
	n[k] = sign[k]
	return n
}

// Mesh returns the box with each face divided into resolution ×
// resolution squares, each split into two triangles; vertices on shared
// edges are shared. The minimum resolution is 1.
func (b Box) Mesh(resolution int) *mesh.Mesh {
	if resolution < 1 {
		panic(fmt.Sprintf("sdftest: box mesh resolution %d is below 1", resolution))
	}
	if !(b.Half[0] > 0 && b.Half[1] > 0 && b.Half[2] > 0) {
		panic(fmt.Sprintf("sdftest: box half-sizes %v are not all positive", b.Half))
	}
	n := resolution
	s := n + 1
	// index[(i*s+j)*s+k] is the vertex at lattice point (i, j, k) of the
	// box's surface, created on first use.
	index := make([]int32, s*s*s)
	for i := range index {
		index[i] = -1
	}
	m := &mesh.Mesh{F: make([][3]int32, 0, 12*n*n)}
	vertex := func(l [3]int) int32 {
		key := (l[0]*s+l[1])*s + l[2]
		if index[key] < 0 {
			var v [3]float64
			for k := range 3 {
				// Interpolate from both ends so the extreme lattice points
				// land exactly on the faces despite rounding.
				t := float64(l[k]) / float64(n)
				v[k] = (1-t)*(b.Center[k]-b.Half[k]) + t*(b.Center[k]+b.Half[k])
			}
			index[key] = int32(len(m.V))
			m.V = append(m.V, v)
		}
		return index[key]
	}
	// On the face normal to axis a, the in-face axes u = a+1 and v = a+2
	// (cyclically) satisfy u × v = a, so a square walked (0,0), (1,0),
	// (1,1), (0,1) in (u, v) is counter-clockwise seen from the + side.
	for a := range 3 {
		u, v := (a+1)%3, (a+2)%3
		for _, side := range [2]int{0, n} {
			for i := range n {
				for j := range n {
					var c [4][3]int
					for q, d := range [4][2]int{{0, 0}, {1, 0}, {1, 1}, {0, 1}} {
						c[q][a], c[q][u], c[q][v] = side, i+d[0], j+d[1]
					}
					p0, p1, p2, p3 := vertex(c[0]), vertex(c[1]), vertex(c[2]), vertex(c[3])
					if side == n {
						m.F = append(m.F, [3]int32{p0, p1, p2}, [3]int32{p0, p2, p3})
					} else {
						m.F = append(m.F, [3]int32{p0, p2, p1}, [3]int32{p0, p3, p2})
					}
				}
			}
		}
	}
	return m
}
