package render

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/pixels"
)

func TestCameraEye(t *testing.T) {
	for _, tc := range []struct {
		cam  Camera
		want [3]float64
	}{
		{Camera{}, [3]float64{0, 0, 3}},
		{Camera{Azimuth: 90, Distance: 2}, [3]float64{2, 0, 0}},
		{Camera{Elevation: 90, Distance: 2}, [3]float64{0, 2, 0}},
		{Camera{Azimuth: 180, Elevation: -30, Distance: 2, Target: [3]float64{0.5, 0, 0}}, [3]float64{0.5, -1, -math.Sqrt(3)}},
	} {
		got := tc.cam.Eye()
		for k := range 3 {
			if math.Abs(got[k]-tc.want[k]) > 1e-12 {
				t.Errorf("%+v: eye %v, want %v", tc.cam, got, tc.want)
				break
			}
		}
	}
}

func TestCameraFrame(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		cam := Camera{
			Azimuth: 720*rng.Float64() - 360, Elevation: 180*rng.Float64() - 90,
			Distance: 0.5 + 3*rng.Float64(), FOV: 10 + 100*rng.Float64(),
			Target: [3]float64{rng.Float64() - 0.5, rng.Float64() - 0.5, rng.Float64() - 0.5},
		}
		const w, h = 33, 21
		f := cam.frame(w, h)
		// The basis is orthonormal and right-handed, fwd points at Target.
		for _, v := range [][3]float64{f.right, f.up, f.fwd} {
			if math.Abs(vec3.Dot(v, v)-1) > 1e-12 {
				t.Fatalf("%+v: basis vector %v is not unit", cam, v)
			}
		}
		if math.Abs(vec3.Dot(f.right, f.up))+math.Abs(vec3.Dot(f.up, f.fwd))+math.Abs(vec3.Dot(f.fwd, f.right)) > 1e-12 {
			t.Fatalf("%+v: basis is not orthogonal", cam)
		}
		if c := vec3.Cross(f.right, f.up); math.Abs(vec3.Dot(c, f.fwd)+1) > 1e-12 {
			t.Fatalf("%+v: right × up = %v, want −fwd", cam, c)
		}
		if f.up[1] < -1e-12 {
			t.Fatalf("%+v: up %v points down", cam, f.up)
		}
		// The centre of an odd-sized picture looks at the target.
		o, d := cam.Ray(w/2.0, h/2.0, w, h)
		to, _ := unit3(vec3.Sub(cam.Target, o))
		if math.Abs(vec3.Dot(d, to)-1) > 1e-12 {
			t.Fatalf("%+v: central ray %v, target direction %v", cam, d, to)
		}
		// The top edge of the picture is FOV/2 above the axis.
		_, top := cam.Ray(w/2.0, 0, w, h)
		fov := cam.FOV
		if got := 2 * math.Acos(vec3.Dot(top, to)) * 180 / math.Pi; math.Abs(got-fov) > 1e-9 {
			t.Fatalf("%+v: vertical field of view %g°", cam, got)
		}
		// Projecting a point of a ray gives back the pixel.
		px, py := w*rng.Float64(), h*rng.Float64()
		d = f.ray(px, py)
		s := 0.3 + rng.Float64()
		qx, qy := f.screen(f.view([3]float64{o[0] + s*d[0], o[1] + s*d[1], o[2] + s*d[2]}))
		if math.Abs(qx-px) > 1e-9 || math.Abs(qy-py) > 1e-9 {
			t.Fatalf("%+v: pixel (%g, %g) projects back to (%g, %g)", cam, px, py, qx, qy)
		}
	}
}

func TestCameraOrientation(t *testing.T) {
	// From +z with y up, +x is on the right and +y at the top.
	f := Camera{}.frame(100, 100)
	if x, _ := f.screen(f.view([3]float64{0.5, 0, 0})); x <= 50 {
		t.Errorf("+x projects to column %g, left of the centre", x)
	}
	if _, y := f.screen(f.view([3]float64{0, 0.5, 0})); y >= 50 {
		t.Errorf("+y projects to row %g, below the centre", y)
	}
}

func TestCameraValidate(t *testing.T) {
	if err := (Camera{Azimuth: 400, Elevation: -100}).Validate(); err != nil {
		t.Errorf("large angles: %v", err)
	}
	for _, c := range []Camera{
		{Distance: -1}, {FOV: 180}, {FOV: -5}, {Azimuth: math.NaN()},
		{Target: [3]float64{0, math.Inf(1), 0}},
	} {
		if c.Validate() == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

func TestClipBox(t *testing.T) {
	for _, tc := range []struct {
		o, d   [3]float64
		t0, t1 float64
		ok     bool
	}{
		{[3]float64{0, 0, 3}, [3]float64{0, 0, -1}, 2, 4, true},
		{[3]float64{0, 0, 0}, [3]float64{1, 0, 0}, 0, 1, true},     // from inside
		{[3]float64{2, 0, 3}, [3]float64{0, 0, -1}, 0, 0, false},   // parallel, outside
		{[3]float64{0, 0, 3}, [3]float64{0, 0, 1}, 0, 0, false},    // away
		{[3]float64{-1, 0.5, 3}, [3]float64{0, 0, -1}, 2, 4, true}, // on a face plane
		{[3]float64{3, 3, 0}, [3]float64{-1 / math.Sqrt2, -1 / math.Sqrt2, 0}, 2 * math.Sqrt2, 4 * math.Sqrt2, true},
	} {
		t0, t1, ok := clipBox(tc.o, tc.d)
		if ok != tc.ok || ok && (math.Abs(t0-tc.t0) > 1e-12 || math.Abs(t1-tc.t1) > 1e-12) {
			t.Errorf("clip %v + t·%v: (%g, %g, %v), want (%g, %g, %v)", tc.o, tc.d, t0, t1, ok, tc.t0, tc.t1, tc.ok)
		}
	}
}

func TestTurntable(t *testing.T) {
	cam := Camera{Azimuth: 10, Elevation: 25}
	const w, h, n = 96, 40, 3
	sdf := SolidSDF(testTorus)
	strip, err := Turntable(cam, n, func(c Camera) (*pixels.Image, error) { return RenderSDF(sdf, c, w, h, Normals, nil) })
	if err != nil {
		t.Fatal(err)
	}
	if strip.W != n*w || strip.H != h || strip.C != 3 {
		t.Fatalf("strip is %dx%dx%d, want %dx%dx3", strip.W, strip.H, strip.C, n*w, h)
	}
	for k := range n {
		c := cam
		c.Azimuth = 10 + 120*float64(k)
		one, err := RenderSDF(sdf, c, w, h, Normals, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Each view carries its azimuth, in black on white, top left.
		label := []string{"az 10 deg", "az 130 deg", "az 250 deg"}[k]
		if got := AzimuthLabel(c.Azimuth); got != label {
			t.Errorf("view %d labelled %q, want %q", k, got, label)
		}
		stamped := *one
		stamped.Pix = slices.Clone(one.Pix)
		stamp(&stamped, label)
		if slices.Equal(stamped.Pix, one.Pix) {
			t.Fatal("stamping the label changed nothing")
		}
		one = &stamped
		for y := range h {
			for x := range w {
				for ch := range 3 {
					if got, want := strip.Pix[(y*strip.W+k*w+x)*3+ch], one.Pix[(y*w+x)*3+ch]; got != want {
						t.Fatalf("view %d pixel (%d,%d) channel %d: %g in the strip, %g alone", k, x, y, ch, got, want)
					}
				}
			}
		}
	}

	if _, err := Turntable(cam, 0, nil); err == nil {
		t.Error("no views gave no error")
	}
	if _, err := Turntable(Camera{FOV: 200}, 2, nil); err == nil {
		t.Error("bad camera gave no error")
	}
	size := w
	if _, err := Turntable(cam, 2, func(c Camera) (*pixels.Image, error) { size++; return pixels.New(size, h, 3), nil }); err == nil {
		t.Error("views of different sizes gave no error")
	}
}

func TestAzimuthLabel(t *testing.T) {
	for az, want := range map[float64]string{0: "az 0 deg", 45: "az 45 deg", 360: "az 0 deg", -90: "az 270 deg", 112.5: "az 112.5 deg", 719.96: "az 0 deg", -0.01: "az 0 deg"} {
		if got := AzimuthLabel(az); got != want {
			t.Errorf("AzimuthLabel(%v) = %q, want %q", az, got, want)
		}
	}
}
