package render

import (
	"image/color"
	"math"
	"sync/atomic"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

var (
	testSphere = sdftest.Sphere{Center: [3]float64{0.1, -0.05, 0.05}, Radius: 0.6}
	testTorus  = sdftest.Torus{Major: 0.6, Minor: 0.2}
	testCamera = Camera{Azimuth: 30, Elevation: 35}
)

// sphereRay returns, for the ray o + t·d (d unit), how far it passes from
// the surface of the sphere (its closest approach to the centre minus the
// radius: negative when it enters the ball), the ray distance of its entry
// point and the outward normal there.
func sphereRay(s sdftest.Sphere, o, d [3]float64) (margin, t float64, n [3]float64) {
	oc := [3]float64{s.Center[0] - o[0], s.Center[1] - o[1], s.Center[2] - o[2]}
	b := oc[0]*d[0] + oc[1]*d[1] + oc[2]*d[2]
	perp2 := oc[0]*oc[0] + oc[1]*oc[1] + oc[2]*oc[2] - b*b
	margin = math.Sqrt(max(perp2, 0)) - s.Radius
	if margin >= 0 {
		return margin, 0, n
	}
	t = b - math.Sqrt(s.Radius*s.Radius-perp2)
	for k := range 3 {
		n[k] = (o[k] + t*d[k] - s.Center[k]) / s.Radius
	}
	return margin, t, n
}

// pixelWidth returns the width of a pixel of a picture h pixels tall at
// distance r from the eye of cam.
func pixelWidth(cam Camera, r float64, h int) float64 {
	return r * 2 * math.Tan(cam.FOV*math.Pi/360) / float64(h)
}

// pixelAt returns the colour of pixel (x, y) of img.
func pixelAt(img *pixels.Image, x, y int) [3]float64 {
	p := img.Pix[(y*img.W+x)*3:]
	return [3]float64{float64(p[0]), float64(p[1]), float64(p[2])}
}

// checkSphereView checks a view of testSphere against the closed form:
// pixels whose ray passes the sphere by more than a pixel's width show
// the background bg, those whose ray enters it by more than a pixel's
// width show want(entry distance, normal) within tol. It returns the
// largest colour error of those.
func checkSphereView(t *testing.T, name string, img *pixels.Image, cam Camera, bg [3]float64, tol float64,
	want func(t float64, n [3]float64) [3]float64) (worst float64) {
	t.Helper()
	eyeToCentre := math.Sqrt(vec3.Dot(vec3.Sub(testSphere.Center, cam.Eye()), vec3.Sub(testSphere.Center, cam.Eye())))
	pw := pixelWidth(cam, eyeToCentre, img.H)
	hits, misses := 0, 0
	for y := range img.H {
		for x := range img.W {
			o, d := cam.Ray(float64(x)+0.5, float64(y)+0.5, img.W, img.H)
			margin, tt, n := sphereRay(testSphere, o, d)
			got := pixelAt(img, x, y)
			switch {
			case margin > pw:
				misses++
				if got != bg {
					t.Fatalf("%s: pixel (%d,%d) passes the sphere by %.3g but is %v, not the background %v", name, x, y, margin, got, bg)
				}
			case margin < -pw:
				hits++
				if got == bg {
					t.Fatalf("%s: pixel (%d,%d) enters the sphere by %.3g but shows the background", name, x, y, -margin)
				}
				w := want(tt, n)
				for k := range 3 {
					worst = max(worst, math.Abs(got[k]-w[k]))
				}
				if worst > tol {
					t.Fatalf("%s: pixel (%d,%d) is %v, want %v (tolerance %g)", name, x, y, got, w, tol)
				}
			}
		}
	}
	if hits < img.W*img.H/10 || misses < img.W*img.H/10 {
		t.Fatalf("%s: only %d hits and %d misses: the test sees too little", name, hits, misses)
	}
	t.Logf("%s: %d hits, %d misses checked, largest colour error %.4f", name, hits, misses, worst)
	return worst
}

func TestSDFSphereModes(t *testing.T) {
	cam := Camera{Azimuth: -40, Elevation: 20, Distance: 2.5, FOV: 45, Target: [3]float64{0.05, 0, 0}}
	const w, h = 96, 80
	sdf := SolidSDF(testSphere)
	eye := cam.Eye()
	r := math.Sqrt(vec3.Dot(eye, eye))

	// A fixed light and a chosen albedo, on black.
	light, _ := unit3([3]float64{1, 2, 3})
	albedo := [3]float64{200.0 / 255, 100.0 / 255, 50.0 / 255}
	opt := &TraceOptions{Shading: Shading{
		Background: color.Black, Albedo: color.NRGBA{R: 200, G: 100, B: 50, A: 255}, Light: [3]float64{1, 2, 3},
	}}
	img, err := RenderSDF(sdf, cam, w, h, Shade, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkSphereView(t, "shade, fixed light", img, cam, [3]float64{}, 0.01, func(_ float64, n [3]float64) [3]float64 {
		s := 0.2 + 0.8*max(vec3.Dot(n, light), 0)
		return [3]float64{albedo[0] * s, albedo[1] * s, albedo[2] * s}
	})

	// The default: clay under a headlight, on white.
	white := [3]float64{1, 1, 1}
	if img, err = RenderSDF(sdf, cam, w, h, Shade, nil); err != nil {
		t.Fatal(err)
	}
	checkSphereView(t, "shade, headlight", img, cam, white, 0.01, func(_ float64, n [3]float64) [3]float64 {
		head, _ := unit3(vec3.Sub(eye, cam.Target))
		s := 0.2 + 0.8*max(vec3.Dot(n, head), 0)
		return [3]float64{s * 204 / 255, s * 190 / 255, s * 172 / 255}
	})

	if img, err = RenderSDF(sdf, cam, w, h, Normals, nil); err != nil {
		t.Fatal(err)
	}
	checkSphereView(t, "normals", img, cam, white, 0.01, func(_ float64, n [3]float64) [3]float64 {
		return [3]float64{n[0]*0.5 + 0.5, n[1]*0.5 + 0.5, n[2]*0.5 + 0.5}
	})

	if img, err = RenderSDF(sdf, cam, w, h, Depth, nil); err != nil {
		t.Fatal(err)
	}
	checkSphereView(t, "depth", img, cam, white, 0.01, func(tt float64, _ [3]float64) [3]float64 {
		cr, cg, cb := viridisRGB(1 - (tt-(r-1))/2)
		return [3]float64{cr, cg, cb}
	})
}

func TestSDFMatchesMesh(t *testing.T) {
	const w, h = 128, 128
	for _, tc := range []struct {
		name  string
		shape sdftest.Shape
		min   [3]float64 // PSNR floors for shade, normals and depth
	}{
		{"sphere", testSphere, [3]float64{30, 30, 30}},
		{"torus", testTorus, [3]float64{28, 28, 28}},
	} {
		m := tc.shape.Mesh(64)
		for i, mode := range []Mode{Shade, Normals, Depth} {
			traced, err := RenderSDF(SolidSDF(tc.shape), testCamera, w, h, mode, nil)
			if err != nil {
				t.Fatal(err)
			}
			raster, err := RenderMesh(m, testCamera, w, h, mode, &MeshOptions{Smooth: true})
			if err != nil {
				t.Fatal(err)
			}
			psnr, err := pixels.PSNR(traced, raster)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s, %v: traced SDF vs rasterised mesh %.2f dB", tc.name, mode, psnr)
			if psnr < tc.min[i] {
				t.Errorf("%s, %v: traced SDF and rasterised mesh differ: PSNR %.2f dB < %g dB", tc.name, mode, psnr, tc.min[i])
			}
		}
	}
}

func TestSDFThreads(t *testing.T) {
	const w, h = 150, 100 // 15,000 pixels: four chunks, the last one partial
	sdf := SolidSDF(testTorus)
	var ref *pixels.Image
	for _, threads := range []int{1, 2, 3, 7} {
		img, err := RenderSDF(sdf, testCamera, w, h, Shade, &TraceOptions{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = img
			continue
		}
		for i := range img.Pix {
			if img.Pix[i] != ref.Pix[i] {
				t.Fatalf("%d threads: sample %d is %g, %g on one thread", threads, i, img.Pix[i], ref.Pix[i])
			}
		}
	}
}

func TestSDFRendererReuse(t *testing.T) {
	sdf := SolidSDF(testTorus)
	rd := SDFRenderer{TraceOptions: TraceOptions{Threads: 1}}
	img := pixels.New(64, 48, 3)
	if err := rd.Render(img, sdf, testCamera, Normals); err != nil {
		t.Fatal(err)
	}
	first := append([]float32(nil), img.Pix...)
	allocs := testing.AllocsPerRun(3, func() {
		if err := rd.Render(img, sdf, testCamera, Normals); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a render with warm scratch allocates %v times", allocs)
	}
	for i := range first {
		if img.Pix[i] != first[i] {
			t.Fatalf("second render differs at sample %d", i)
		}
	}
}

// TestSDFBatches checks that sphere tracing is vectorised: the SDF sees
// whole chunks of rays, one call per step, gradients only once at the end.
func TestSDFBatches(t *testing.T) {
	const w, h = 64, 64 // one chunk
	for _, mode := range []Mode{Shade, Depth} {
		var calls, gradCalls, largest atomic.Int64
		inner := SolidSDF(testTorus)
		sdf := func(dist, grad, points []float32) {
			if len(points) != 3*len(dist) || grad != nil && len(grad) != len(points) {
				t.Errorf("SDF called with %d coordinates, %d distances, %d gradients", len(points), len(dist), len(grad))
			}
			calls.Add(1)
			if grad != nil {
				gradCalls.Add(1)
			}
			if n := int64(len(dist)); n > largest.Load() {
				largest.Store(n)
			}
			inner(dist, grad, points)
		}
		if _, err := RenderSDF(sdf, testCamera, w, h, mode, &TraceOptions{MaxSteps: 40}); err != nil {
			t.Fatal(err)
		}
		wantGrad := int64(1)
		if mode == Depth {
			wantGrad = 0
		}
		if calls.Load() > 40+wantGrad || gradCalls.Load() != wantGrad {
			t.Errorf("%v: %d SDF calls, %d with gradients, for one chunk of at most 40 steps", mode, calls.Load(), gradCalls.Load())
		}
		if largest.Load() < w*h/2 {
			t.Errorf("%v: the largest batch has %d points of a %d-ray chunk", mode, largest.Load(), w*h)
		}
	}
}

func TestSDFBoxCut(t *testing.T) {
	// A field negative everywhere: every ray that enters the box stops on
	// it, at its entry point, facing the eye (the gradient is zero).
	inside := func(dist, grad, points []float32) {
		for i := range dist {
			dist[i] = -1
		}
		clear(grad)
	}
	cam := Camera{Azimuth: 20, Elevation: 10, Distance: 2.5}
	const w, h = 40, 30
	img, err := RenderSDF(inside, cam, w, h, Depth, nil)
	if err != nil {
		t.Fatal(err)
	}
	eye := cam.Eye()
	near, far := math.Sqrt(vec3.Dot(eye, eye))-1, math.Sqrt(vec3.Dot(eye, eye))+1
	for y := range h {
		for x := range w {
			o, d := cam.Ray(float64(x)+0.5, float64(y)+0.5, w, h)
			got := pixelAt(img, x, y)
			t0, _, ok := clipBox(o, d)
			want := [3]float64{1, 1, 1}
			if ok {
				r, g, b := viridisRGB(1 - (t0-near)/(far-near))
				want = [3]float64{r, g, b}
			}
			for k := range 3 {
				if math.Abs(got[k]-want[k]) > 1e-6 {
					t.Fatalf("pixel (%d,%d) is %v, want %v", x, y, got, want)
				}
			}
		}
	}
	if img, err = RenderSDF(inside, cam, w, h, Normals, nil); err != nil {
		t.Fatal(err)
	}
	_, d := cam.Ray(w/2.0, h/2.0, w, h)
	if got, want := pixelAt(img, w/2, h/2), [3]float64{0.5 - d[0]/2, 0.5 - d[1]/2, 0.5 - d[2]/2}; math.Abs(got[0]-want[0])+math.Abs(got[1]-want[1])+math.Abs(got[2]-want[2]) > 0.05 {
		t.Errorf("zero gradient: normal colour %v, want the reversed ray %v", got, want)
	}
}

func TestSDFNaN(t *testing.T) {
	nan := func(dist, grad, points []float32) {
		for i := range dist {
			dist[i] = float32(math.NaN())
		}
	}
	img, err := RenderSDF(nan, testCamera, 20, 20, Shade, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range img.Pix {
		if v != 1 {
			t.Fatalf("sample %d is %g, want the white background", i, v)
		}
	}
}

func TestSDFErrors(t *testing.T) {
	sdf := SolidSDF(testSphere)
	for name, opt := range map[string]TraceOptions{
		"step factor above 1": {StepFactor: 1.5},
		"negative step":       {StepFactor: -0.5},
		"negative steps":      {MaxSteps: -1},
		"negative epsilon":    {Epsilon: -1e-3},
		"NaN epsilon":         {Epsilon: math.NaN()},
		"zero light":          {Shading: Shading{Light: [3]float64{math.NaN(), 0, 0}}},
	} {
		if _, err := RenderSDF(sdf, testCamera, 8, 8, Shade, &opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := RenderSDF(nil, testCamera, 8, 8, Shade, nil); err == nil {
		t.Error("nil SDF: no error")
	}
	if _, err := RenderSDF(sdf, Camera{Distance: -1}, 8, 8, Shade, nil); err == nil {
		t.Error("bad camera: no error")
	}
	if _, err := RenderSDF(sdf, testCamera, 8, 8, Mode(7), nil); err == nil {
		t.Error("bad mode: no error")
	}
	if _, err := RenderSDF(sdf, testCamera, 0, 8, Shade, nil); err == nil {
		t.Error("empty picture: no error")
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{Shade, Normals, Depth} {
		if got, err := ParseMode(m.String()); err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseMode("wireframe"); err == nil {
		t.Error("unknown mode: no error")
	}
	if s := Mode(9).String(); s != "Mode(9)" {
		t.Errorf("Mode(9).String() = %q", s)
	}
}

// TestSDFGolden compares a shaded torus with the stored picture, equal up
// to a tolerance (PSNR ≥ 40 dB). Run with -update to rewrite
// testdata/sdf_torus.png.
func TestSDFGolden(t *testing.T) {
	img, err := RenderSDF(SolidSDF(testTorus), testCamera, 160, 120, Shade, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := pixels.ToNRGBA(img)
	checkGolden(t, "sdf_torus.png", got)
}

// countingSDF wraps f to count the points it evaluates.
func countingSDF(f SDF, n *atomic.Int64) SDF {
	return func(dist, grad, points []float32) {
		n.Add(int64(len(dist)))
		f(dist, grad, points)
	}
}

// BenchmarkSDFTorus256 sphere-traces a shaded 256² view of the analytic
// torus: rays/s counts pixels, samples/s the SDF evaluations.
func BenchmarkSDFTorus256(b *testing.B) {
	const w, h = 256, 256
	var evals atomic.Int64
	sdf := countingSDF(SolidSDF(testTorus), &evals)
	var rd SDFRenderer
	img := pixels.New(w, h, 3)
	b.ReportAllocs()
	for b.Loop() {
		if err := rd.Render(img, sdf, testCamera, Shade); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w*h*b.N)/b.Elapsed().Seconds(), "rays/s")
	b.ReportMetric(float64(evals.Load())/b.Elapsed().Seconds(), "samples/s")
}
