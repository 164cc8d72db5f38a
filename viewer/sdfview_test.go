//go:build viewer

package viewer

import (
	"image"
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// testShape is the analytic SDF of the golden and agreement tests.
var testShape = sdftest.Torus{Major: 0.55, Minor: 0.22}

// testBake is the bake resolution of the tests.
const testBake = 128

// bakeShape bakes s at n³.
func bakeShape(t *testing.T, s render.Solid, n int) []float32 {
	t.Helper()
	vol := make([]float32, n*n*n)
	var b Baker
	if err := b.Bake(vol, n, render.SolidSDF(s)); err != nil {
		t.Fatal(err)
	}
	return vol
}

// shootSDF draws the baked volume from cam in mode into a w×h picture.
func shootSDF(t *testing.T, vol []float32, n int, cam render.Camera, mode SDFMode, w, h int) *image.NRGBA {
	t.Helper()
	needGL(t)
	var v *SDFView
	var err error
	onMain(func() {
		if v, err = NewSDFView(); err == nil {
			v.Upload(vol, n)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer onMain(v.Delete)
	v.Camera, v.Mode = cam, mode
	return shoot(t, w, h, func() { v.Draw(testWindow, w, h) })
}

func TestBakeLattice(t *testing.T) {
	const n = 9
	s := sdftest.Sphere{Radius: 0.5}
	vol := bakeShape(t, s, n)
	for _, ijk := range [][3]int{{0, 0, 0}, {4, 4, 4}, {8, 3, 1}, {2, 7, 5}} {
		p := [3]float64{}
		for a := range 3 {
			p[a] = -1 + 2*float64(ijk[a])/(n-1)
		}
		want := s.Dist(p)
		got := vol[ijk[0]+n*ijk[1]+n*n*ijk[2]]
		if d := float64(got) - want; d > 1e-6 || d < -1e-6 {
			t.Errorf("sample %v at %v: %g, want %g", ijk, p, got, want)
		}
	}
	var b Baker
	if err := b.Bake(make([]float32, 7), 2, render.SolidSDF(s)); err == nil {
		t.Error("bake into a slice of the wrong length: no error")
	}
}

func TestFrameMatchesRenderCamera(t *testing.T) {
	cam := render.Camera{Azimuth: 37, Elevation: -21, Distance: 2.7, FOV: 50, Target: [3]float64{0.1, -0.2, 0.05}}
	const w, h = 80, 50
	f := newFrame(cam, w, h)
	vp := f.viewProj()
	for _, px := range [][2]float64{{0.5, 0.5}, {40, 25}, {79.5, 10.5}} {
		o, d := cam.Ray(px[0], px[1], w, h)
		u := (2*px[0]/w - 1) * f.sx
		v := (1 - 2*px[1]/h) * f.sy
		g := [3]float64{}
		for k := range 3 {
			g[k] = f.fwd[k] + u*f.right[k] + v*f.up[k]
		}
		s := 1 / sqrt(dot(g, g))
		for k := range 3 {
			if diff := g[k]*s - d[k]; diff > 1e-9 || diff < -1e-9 || o[k] != f.eye[k] {
				t.Fatalf("pixel %v: ray %v from %v, render.Camera says %v from %v", px, g, f.eye, d, o)
			}
		}
		// A point on the ray projects back onto the pixel.
		q := [4]float64{o[0] + 2*d[0], o[1] + 2*d[1], o[2] + 2*d[2], 1}
		var c [4]float64
		for r := range 4 {
			for k := range 4 {
				c[r] += float64(vp[4*k+r]) * q[k]
			}
		}
		gx := (c[0]/c[3] + 1) / 2 * w
		gy := (1 - c[1]/c[3]) / 2 * h
		if dx, dy := gx-px[0], gy-px[1]; dx*dx+dy*dy > 1e-6 {
			t.Errorf("pixel %v: a point on its ray projects to (%g, %g)", px, gx, gy)
		}
	}
}

// TestSDFGolden compares screenshots of the analytic torus with the
// goldens in testdata/.
func TestSDFGolden(t *testing.T) {
	needGL(t)
	vol := bakeShape(t, testShape, testBake)
	cam := render.Camera{Azimuth: 30, Elevation: 35}
	for _, m := range []SDFMode{SDFShade, SDFNormals, SDFDepth, SDFSlice} {
		img := shootSDF(t, vol, testBake, cam, m, 192, 160)
		golden(t, "torus-"+m.String()+".png", img, 30)
	}
}

// TestSDFAgreesWithCPU checks that the GL ray-march of the baked field and
// render's CPU sphere tracer of the exact SDF agree from the same camera.
// The last camera is in the torus's hole, inside the box the view draws.
func TestSDFAgreesWithCPU(t *testing.T) {
	needGL(t)
	vol := bakeShape(t, testShape, testBake)
	const w, h = 200, 150
	for _, cam := range []render.Camera{{Azimuth: 30, Elevation: 35}, {Azimuth: -70, Elevation: 10, Distance: 2.4, FOV: 45}, {Azimuth: 45, Elevation: 15, Distance: 0.2}} {
		for _, m := range []SDFMode{SDFShade, SDFNormals, SDFDepth} {
			gl := shootSDF(t, vol, testBake, cam, m, w, h)
			cpu, err := render.RenderSDF(render.SolidSDF(testShape), cam, w, h, render.Mode(m), nil)
			if err != nil {
				t.Fatal(err)
			}
			p := psnr(t, gl, pixels.ToNRGBA(cpu))
			t.Logf("camera %+v, %s: GL vs CPU PSNR %.2f dB", cam, m, p)
			if p < 25 {
				t.Errorf("camera %+v, %s: GL vs CPU PSNR %.2f dB, want ≥ 25", cam, m, p)
			}
		}
	}
}
