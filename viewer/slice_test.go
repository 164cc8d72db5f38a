//go:build viewer

package viewer

import (
	"image/color"
	"testing"

	"github.com/neurbf/neurbf/render"
)

// TestSliceAxisFollowsCamera: under SliceAuto the slice plane is the one
// the camera looks along most, and an explicit axis is kept.
func TestSliceAxisFollowsCamera(t *testing.T) {
	v := &SDFView{SliceAxis: SliceAuto}
	for _, c := range []struct {
		cam  render.Camera
		axis int
	}{
		{render.Camera{}, 2},
		{render.Camera{Azimuth: 90}, 0},
		{render.Camera{Azimuth: -100, Elevation: 10}, 0},
		{render.Camera{Elevation: 89}, 1},
		{render.Camera{Azimuth: 30, Elevation: -70}, 1},
		{render.Camera{Azimuth: 30, Elevation: 20}, 2},
	} {
		if got := v.SliceAxisFor(c.cam); got != c.axis {
			t.Errorf("camera %+v: slice axis %d, want %d", c.cam, got, c.axis)
		}
	}
	v.SliceAxis = 0
	if got := v.SliceAxisFor(render.Camera{}); got != 0 {
		t.Errorf("explicit x axis: got %d", got)
	}
	for s, want := range map[string]int{"": SliceAuto, "auto": SliceAuto, "x": 0, "y": 1, "z": 2} {
		if got, err := ParseSliceAxis(s); err != nil || got != want {
			t.Errorf("ParseSliceAxis(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	if _, err := ParseSliceAxis("w"); err == nil {
		t.Error("ParseSliceAxis(\"w\"): no error")
	}
}

// TestSliceShowsFromEveryCamera draws the torus's slice through the origin
// from the front (where a fixed x plane is edge-on and was invisible),
// the side, above and the default angle, and checks the colours of two
// points of the plane against Viridis of the exact SDF there: the origin
// (outside the torus) at the window's centre, and a point inside the
// tube, which the part of the torus in front of the plane would hide if
// it were not cut away.
func TestSliceShowsFromEveryCamera(t *testing.T) {
	needGL(t)
	vol := bakeShape(t, testShape, testBake)
	const w, h = 192, 160
	const sliceRange = 1 // the colour scale spans SDF values ±1
	for _, c := range []struct {
		cam    render.Camera
		inside [3]float64 // a point inside the tube, on the plane the camera gets
	}{
		{render.Camera{}, [3]float64{0.62, 0, 0}},
		{render.Camera{Azimuth: 90}, [3]float64{0, 0.62, 0}},
		{render.Camera{Elevation: 89}, [3]float64{0.62, 0, 0}},
		{render.Camera{Azimuth: 30, Elevation: 35}, [3]float64{-0.62, 0, 0}},
	} {
		var v *SDFView
		var err error
		needGL(t)
		onMain(func() {
			if v, err = NewSDFView(); err == nil {
				v.Upload(vol, testBake)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		v.Camera, v.Mode, v.SliceRange = c.cam, SDFSlice, sliceRange
		img := shoot(t, w, h, func() { v.Draw(testWindow, w, h) })
		onMain(v.Delete)
		fr := newFrame(c.cam, w, h)
		for _, p := range [][3]float64{{0, 0, 0}, c.inside} {
			px, py := fr.project(p, w, h)
			got := img.NRGBAAt(px, py)
			want := render.Viridis(0.5 + testShape.Dist(p)*0.5/sliceRange)
			if !nearContour(got, want, 14) {
				t.Errorf("camera %+v: the plane at %v (pixel %d,%d) is %v, want about %v (Viridis of the SDF %.3f)",
					c.cam, p, px, py, got, want, testShape.Dist(p))
			}
		}
	}
}

// project returns the pixel of a w×h picture whose ray goes through p.
func (f *frame) project(p [3]float64, w, h int) (int, int) {
	q := [3]float64{p[0] - f.eye[0], p[1] - f.eye[1], p[2] - f.eye[2]}
	z := dot(q, f.fwd)
	u, v := dot(q, f.right)/z/f.sx, dot(q, f.up)/z/f.sy
	return int((u + 1) / 2 * float64(w)), int((1 - v) / 2 * float64(h))
}

// nearContour reports whether got is want within tol in each of R, G,
// B, or darker by at most the factor 0.7 of the slice's faint contours.
func nearContour(got, want color.NRGBA, tol int) bool {
	in := func(g, w uint8) bool { return int(g) <= int(w)+tol && float64(g) >= 0.7*float64(w)-float64(tol) }
	return in(got.R, want.R) && in(got.G, want.G) && in(got.B, want.B)
}
