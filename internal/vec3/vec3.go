// Package vec3 holds the few float64 3-vector operations the geometry
// code of the module shares (distances to meshes, the analytic test
// shapes, surface sampling, cameras). Vectors are plain [3]float64 values,
// the type package mesh stores vertices in, so no conversions are needed;
// the functions are small enough to be inlined at every call.
package vec3

import "math"

// Add returns a + b.
func Add(a, b [3]float64) [3]float64 { return [3]float64{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }

// Sub returns a − b.
func Sub(a, b [3]float64) [3]float64 { return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

// Scale returns s·a.
func Scale(s float64, a [3]float64) [3]float64 { return [3]float64{s * a[0], s * a[1], s * a[2]} }

// Dot returns a·b.
func Dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// Cross returns a × b.
func Cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// Norm returns |a|.
func Norm(a [3]float64) float64 { return math.Sqrt(Dot(a, a)) }

// Unit returns a/|a|, or the zero vector when a is zero.
func Unit(a [3]float64) [3]float64 {
	n := Norm(a)
	if n == 0 {
		return [3]float64{}
	}
	return Scale(1/n, a)
}
