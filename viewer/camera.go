//go:build viewer

package viewer

import (
	"math"

	"github.com/neurbf/neurbf/render"
)

// Projection planes of the view matrix: the scenes live in [−1, 1]³ and
// the camera stays a few units away.
const (
	zNear = 0.01
	zFar  = 100.0
)

// frame is a render.Camera resolved for a w×h picture, in the conventions
// render documents for it (the tests check the rays against
// render.Camera.Ray): the eye; right, up and fwd, with right × up = −fwd;
// and the half-extents sx, sy of the image plane at unit distance. The
// fragment shader builds the ray through pixel (px, py), counted from the
// top-left corner, as fwd + u·right + v·up with u = (2px/w − 1)·sx and
// v = (1 − 2py/h)·sy.
type frame struct {
	eye, right, up, fwd [3]float64
	sx, sy              float64
}

// newFrame resolves cam for a w×h picture.
func newFrame(cam render.Camera, w, h int) frame {
	fov := cam.FOV
	if fov == 0 {
		fov = render.DefaultFOV
	}
	sa, ca := math.Sincos(cam.Azimuth * math.Pi / 180)
	se, ce := math.Sincos(cam.Elevation * math.Pi / 180)
	f := frame{
		eye:   cam.Eye(),
		right: [3]float64{ca, 0, -sa},
		fwd:   [3]float64{-ce * sa, -se, -ce * ca},
	}
	f.up = cross(f.right, f.fwd)
	f.sy = math.Tan(fov * math.Pi / 360)
	f.sx = f.sy * float64(w) / float64(h)
	return f
}

// viewProj returns the column-major matrix that maps world points to
// OpenGL clip coordinates for this frame: x/sx and y/sy over the depth
// along fwd, and that depth mapped to [−1, 1] between zNear and zFar. Lines
// and points drawn with it land on the pixels the shader's rays go through.
func (f *frame) viewProj() [16]float32 {
	a := (zFar + zNear) / (zFar - zNear)
	b := -2 * zFar * zNear / (zFar - zNear)
	rows := [4][4]float64{
		{f.right[0] / f.sx, f.right[1] / f.sx, f.right[2] / f.sx, -dot(f.right, f.eye) / f.sx},
		{f.up[0] / f.sy, f.up[1] / f.sy, f.up[2] / f.sy, -dot(f.up, f.eye) / f.sy},
		{a * f.fwd[0], a * f.fwd[1], a * f.fwd[2], -a*dot(f.fwd, f.eye) + b},
		{f.fwd[0], f.fwd[1], f.fwd[2], -dot(f.fwd, f.eye)},
	}
	var m [16]float32
	for r := range 4 {
		for c := range 4 {
			m[4*c+r] = float32(rows[r][c])
		}
	}
	return m
}

// depthRange returns the ray distances at the ends of the depth colour
// scale, as render's Depth mode sets them: the nearest and farthest points
// of the unit ball about the origin seen from the eye.
func (f *frame) depthRange() (near, far float64) {
	r := math.Sqrt(dot(f.eye, f.eye))
	return max(r-1, 0), r + 1
}

func dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func vec3(v [3]float64) [3]float32 { return [3]float32{float32(v[0]), float32(v[1]), float32(v[2])} }
