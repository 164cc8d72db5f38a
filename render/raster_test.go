package render

import (
	"math"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

func TestMeshSphere(t *testing.T) {
	cam := Camera{Azimuth: 70, Elevation: -25, Distance: 2.2, FOV: 50}
	const w, h = 90, 72
	m := testSphere.Mesh(64)
	white := [3]float64{1, 1, 1}
	normal := func(_ float64, n [3]float64) [3]float64 {
		return [3]float64{n[0]*0.5 + 0.5, n[1]*0.5 + 0.5, n[2]*0.5 + 0.5}
	}
	smooth, err := RenderMesh(m, cam, w, h, Normals, &MeshOptions{Smooth: true})
	if err != nil {
		t.Fatal(err)
	}
	smoothErr := checkSphereView(t, "smooth normals", smooth, cam, white, 0.01, normal)
	flat, err := RenderMesh(m, cam, w, h, Normals, nil)
	if err != nil {
		t.Fatal(err)
	}
	flatErr := checkSphereView(t, "flat normals", flat, cam, white, 0.03, normal)
	if smoothErr > flatErr/2 {
		t.Errorf("interpolated normals (error %.4f) are not much closer to the sphere's than face normals (%.4f)", smoothErr, flatErr)
	}
	depth, err := RenderMesh(m, cam, w, h, Depth, nil)
	if err != nil {
		t.Fatal(err)
	}
	eye := cam.Eye()
	r := math.Sqrt(vec3.Dot(eye, eye))
	checkSphereView(t, "depth", depth, cam, white, 0.005, func(tt float64, _ [3]float64) [3]float64 {
		cr, cg, cb := viridisRGB(1 - (tt-(r-1))/2)
		return [3]float64{cr, cg, cb}
	})
}

// TestMeshInsideBox looks at a box from inside it: every face is cut by
// the near plane or behind the eye, and every pixel sees the inside of
// the face its ray leaves through.
func TestMeshInsideBox(t *testing.T) {
	const half = 0.8
	m := sdftest.Box{Half: [3]float64{half, half, half}}.Mesh(3)
	cam := Camera{Azimuth: 15, Elevation: 20, Distance: 0.3, FOV: 100}
	const w, h = 64, 48
	depth, err := RenderMesh(m, cam, w, h, Depth, nil)
	if err != nil {
		t.Fatal(err)
	}
	normals, err := RenderMesh(m, cam, w, h, Normals, nil)
	if err != nil {
		t.Fatal(err)
	}
	for y := range h {
		for x := range w {
			o, d := cam.Ray(float64(x)+0.5, float64(y)+0.5, w, h)
			exit, axis, second := math.Inf(1), 0, math.Inf(1)
			for k := range 3 {
				tk := (math.Copysign(half, d[k]) - o[k]) / d[k]
				if tk < exit {
					exit, second, axis = tk, exit, k
				} else {
					second = min(second, tk)
				}
			}
			cr, cg, cb := viridisRGB(1 - exit/1.3) // depth scale: [0, 0.3 + 1]
			if got := pixelAt(depth, x, y); math.Abs(got[0]-cr)+math.Abs(got[1]-cg)+math.Abs(got[2]-cb) > 1e-5 {
				t.Fatalf("depth pixel (%d,%d) is %v, want %v for exit distance %g", x, y, got, [3]float64{cr, cg, cb}, exit)
			}
			if second-exit < 1e-3 {
				continue // near an edge of the box
			}
			want := [3]float64{0.5, 0.5, 0.5}
			want[axis] = 0.5 - math.Copysign(0.5, d[axis]) // the inner side faces the eye
			if got := pixelAt(normals, x, y); math.Abs(got[0]-want[0])+math.Abs(got[1]-want[1])+math.Abs(got[2]-want[2]) > 1e-6 {
				t.Fatalf("normal pixel (%d,%d) is %v, want %v", x, y, got, want)
			}
		}
	}
}

func TestMeshFlatBox(t *testing.T) {
	// Seen from (+x, +y, +z) the box shows its three positive faces.
	m := sdftest.Box{Half: [3]float64{0.5, 0.4, 0.3}}.Mesh(2)
	img, err := RenderMesh(m, testCamera, 64, 64, Normals, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[3]float64]int{}
	for y := range img.H {
		for x := range img.W {
			seen[pixelAt(img, x, y)]++
		}
	}
	for _, c := range [][3]float64{{1, 0.5, 0.5}, {0.5, 1, 0.5}, {0.5, 0.5, 1}, {1, 1, 1}} {
		if seen[c] < 50 {
			t.Errorf("colour %v covers only %d pixels", c, seen[c])
		}
		delete(seen, c)
	}
	if len(seen) > 0 {
		t.Errorf("other colours than three faces and the background: %v", seen)
	}
}

func TestMeshBackFace(t *testing.T) {
	// One triangle in the plane z = 0 whose normal is −z, seen from +z:
	// the normal map shows its reverse side, +z; the depth is the eye's
	// distance to the plane along the ray.
	m := &mesh.Mesh{V: [][3]float64{{-0.5, -0.5, 0}, {0.5, 0.5, 0}, {0.5, -0.5, 0}}, F: [][3]int32{{0, 1, 2}}}
	cam := Camera{}
	img, err := RenderMesh(m, cam, 32, 32, Normals, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := pixelAt(img, 20, 20); got != [3]float64{0.5, 0.5, 1} {
		t.Errorf("back face normal colour %v, want (0.5, 0.5, 1)", got)
	}
	if got := pixelAt(img, 8, 4); got != [3]float64{1, 1, 1} {
		t.Errorf("pixel beside the triangle is %v, want the background", got)
	}
}

func TestMeshErrors(t *testing.T) {
	m := testSphere.Mesh(4)
	bad := &mesh.Mesh{V: m.V, F: [][3]int32{{0, 1, int32(len(m.V))}}}
	for name, f := range map[string]func() (*pixels.Image, error){
		"nil mesh":   func() (*pixels.Image, error) { return RenderMesh(nil, testCamera, 8, 8, Shade, nil) },
		"bad index":  func() (*pixels.Image, error) { return RenderMesh(bad, testCamera, 8, 8, Shade, nil) },
		"empty":      func() (*pixels.Image, error) { return RenderMesh(m, testCamera, 8, 0, Shade, nil) },
		"bad camera": func() (*pixels.Image, error) { return RenderMesh(m, Camera{FOV: 200}, 8, 8, Shade, nil) },
		"bad mode":   func() (*pixels.Image, error) { return RenderMesh(m, testCamera, 8, 8, Mode(-1), nil) },
	} {
		if _, err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// BenchmarkMeshTorus256 rasterises a shaded 256² view of a torus mesh of
// about 100,000 faces; samples/s counts pixels.
func BenchmarkMeshTorus256(b *testing.B) {
	const w, h = 256, 256
	m := testTorus.Mesh(64)
	opt := &MeshOptions{Smooth: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderMesh(m, testCamera, w, h, Shade, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w*h*b.N)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(float64(len(m.F)*b.N)/b.Elapsed().Seconds(), "faces/s")
}
