package render

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
)

// Defaults of a zero Camera's Distance and FOV: from 3 units away a 40°
// vertical field of view just holds the unit ball, where a normalised mesh
// lies (its farthest vertex is at 0.99).
const (
	DefaultDistance = 3.0
	DefaultFOV      = 40.0
)

// Camera is a perspective orbit camera looking at Target from the
// spherical angles Azimuth and Elevation, in degrees, Distance away. The
// world's up axis is +y: Azimuth 0, Elevation 0 puts the eye on the +z side
// of Target looking along −z, with +x to the right; a positive Azimuth
// turns the eye towards +x (counter-clockwise seen from above) and a
// positive Elevation raises it towards +y. FOV is the vertical field of
// view in degrees; the horizontal one follows from the picture's aspect
// ratio.
//
// The zero value is a valid camera: Distance 0 means DefaultDistance and
// FOV 0 means DefaultFOV, looking at the origin from +z.
type Camera struct {
	Azimuth, Elevation float64
	Distance           float64
	FOV                float64
	Target             [3]float64
}

// Validate reports whether c describes a camera: finite angles and target,
// a Distance ≥ 0 and a FOV in [0°, 180°) (zero meaning the defaults).
func (c Camera) Validate() error {
	for _, v := range [...]float64{c.Azimuth, c.Elevation, c.Distance, c.FOV, c.Target[0], c.Target[1], c.Target[2]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("render: camera %+v has a non-finite value", c)
		}
	}
	if c.Distance < 0 {
		return fmt.Errorf("render: camera distance %g is negative", c.Distance)
	}
	if c.FOV < 0 || c.FOV >= 180 {
		return fmt.Errorf("render: camera field of view %g° is outside [0°, 180°)", c.FOV)
	}
	return nil
}

// Eye returns the position of the camera.
func (c Camera) Eye() [3]float64 {
	d := c.Distance
	if d == 0 {
		d = DefaultDistance
	}
	az, el := c.Azimuth*math.Pi/180, c.Elevation*math.Pi/180
	return [3]float64{
		c.Target[0] + d*math.Cos(el)*math.Sin(az),
		c.Target[1] + d*math.Sin(el),
		c.Target[2] + d*math.Cos(el)*math.Cos(az),
	}
}

// Ray returns the ray through the point (px, py) of a w×h picture, in
// pixel units from its top-left corner (pixel (i, j) has its centre at
// (i+0.5, j+0.5)): the eye as origin and a unit direction.
func (c Camera) Ray(px, py float64, w, h int) (origin, dir [3]float64) {
	f := c.frame(w, h)
	return f.eye, f.ray(px, py)
}

// frame is a camera resolved for a w×h picture: the eye, an orthonormal
// basis (right × up = −fwd, so right, up, −fwd is right-handed) and the
// half-extents of the image plane at unit distance.
type frame struct {
	eye, right, up, fwd [3]float64
	sx, sy              float64 // tan(FOV/2)·aspect and tan(FOV/2)
	w, h                float64
}

// frame resolves c for a w×h picture. It derives the basis from the angles
// directly, so looking straight down (Elevation ±90°) is not singular.
func (c Camera) frame(w, h int) frame {
	fov := c.FOV
	if fov == 0 {
		fov = DefaultFOV
	}
	az, el := c.Azimuth*math.Pi/180, c.Elevation*math.Pi/180
	sa, ca := math.Sincos(az)
	se, ce := math.Sincos(el)
	f := frame{
		eye:   c.Eye(),
		right: [3]float64{ca, 0, -sa},
		fwd:   [3]float64{-ce * sa, -se, -ce * ca},
		w:     float64(w),
		h:     float64(h),
	}
	f.up = vec3.Cross(f.right, f.fwd)
	f.sy = math.Tan(fov * math.Pi / 360)
	f.sx = f.sy * f.w / f.h
	return f
}

// ray returns the unit direction of the ray through (px, py) in pixels.
func (f *frame) ray(px, py float64) [3]float64 {
	u := (2*px/f.w - 1) * f.sx
	v := (1 - 2*py/f.h) * f.sy
	d := [3]float64{
		f.fwd[0] + u*f.right[0] + v*f.up[0],
		f.fwd[1] + u*f.right[1] + v*f.up[1],
		f.fwd[2] + u*f.right[2] + v*f.up[2],
	}
	s := 1 / math.Sqrt(vec3.Dot(d, d))
	return [3]float64{d[0] * s, d[1] * s, d[2] * s}
}

// view returns p in camera coordinates: along right, up and fwd (the depth).
func (f *frame) view(p [3]float64) [3]float64 {
	q := vec3.Sub(p, f.eye)
	return [3]float64{vec3.Dot(q, f.right), vec3.Dot(q, f.up), vec3.Dot(q, f.fwd)}
}

// screen returns the pixel coordinates of the camera-space point q (depth
// q[2] > 0): the inverse of ray.
func (f *frame) screen(q [3]float64) (px, py float64) {
	return (q[0]/(q[2]*f.sx) + 1) * f.w / 2, (1 - q[1]/(q[2]*f.sy)) * f.h / 2
}

// depthRange returns the ray distances mapped to the two ends of the depth
// colour scale: those of the nearest and farthest points of the unit ball
// about the origin, where normalised shapes live, so that an SDF and its
// mesh seen by the same camera share one scale.
func (f *frame) depthRange() (near, far float64) {
	r := math.Sqrt(vec3.Dot(f.eye, f.eye))
	return max(r-1, 0), r + 1
}

// clipBox intersects the ray o + t·d, t ≥ 0, with the box [−1,1]³ and
// returns the parameter interval inside it; ok is false when the ray
// misses the box.
func clipBox(o, d [3]float64) (t0, t1 float64, ok bool) {
	t0, t1 = 0, math.Inf(1)
	for k := range 3 {
		if d[k] == 0 {
			if o[k] < -1 || o[k] > 1 {
				return 0, 0, false
			}
			continue
		}
		a, b := (-1-o[k])/d[k], (1-o[k])/d[k]
		if a > b {
			a, b = b, a
		}
		t0, t1 = max(t0, a), min(t1, b)
	}
	return t0, t1, t0 <= t1
}

// unit3 returns a/|a|, or ok false when a is zero or not finite.
func unit3(a [3]float64) (u [3]float64, ok bool) {
	n := math.Sqrt(vec3.Dot(a, a))
	if !(n > 0) || math.IsInf(n, 0) {
		return u, false
	}
	return [3]float64{a[0] / n, a[1] / n, a[2] / n}, true
}
