//go:build viewer

package viewer

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/dist"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// benchFrames measures ray-marched w×h frames of vol (n³) from the
// default camera (draw plus glFinish, into an off-screen target), shade
// mode, reporting frames per second of wall time and the process's CPU
// time per frame (llvmpipe's threads included), which varies far less
// than the wall time on a loaded machine.
func benchFrames(b *testing.B, vol []float32, n, w, h int) {
	needGL(b)
	var v *SDFView
	var tg *Target
	var err error
	onMain(func() {
		if v, err = NewSDFView(); err != nil {
			return
		}
		v.Upload(vol, n)
		v.Camera = render.Camera{Azimuth: 30, Elevation: 20}
		tg, err = NewTarget(w, h)
	})
	if err != nil {
		b.Fatal(err)
	}
	defer onMain(func() { v.Delete(); tg.Delete() })
	var total, cpu time.Duration
	onMain(func() {
		tg.Bind()
		v.Draw(testWindow, w, h) // warm up: shader and texture upload
		gl.Finish()
		b.ResetTimer()
		c0 := cpuTime()
		t0 := time.Now()
		for range b.N {
			v.Draw(testWindow, w, h)
			gl.Finish()
		}
		total = time.Since(t0)
		cpu = cpuTime() - c0
	})
	b.ReportMetric(float64(b.N)/total.Seconds(), "frames/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/frame")
}

// BenchmarkSDFFrame measures frames of the analytic torus and of the
// Stanford bunny mesh (which fills more of the box), baked at 256³, at the
// window's default size and at the half size drawn while the camera
// moves.
func BenchmarkSDFFrame(b *testing.B) {
	const n = 256
	for _, sc := range []struct {
		name string
		vol  func(b testing.TB) []float32
	}{{"torus", torusVolume}, {"bunny", bunnyVolume}} {
		var vol []float32
		for _, s := range [][2]int{{800, 600}, {400, 300}} {
			b.Run(fmt.Sprintf("%s/%dx%d", sc.name, s[0], s[1]), func(b *testing.B) {
				if vol == nil {
					vol = sc.vol(b)
				}
				benchFrames(b, vol, n, s[0], s[1])
			})
		}
	}
}

// torusVolume bakes testShape at 256³.
func torusVolume(b testing.TB) []float32 {
	const n = 256
	vol := make([]float32, n*n*n)
	var bk Baker
	if err := bk.Bake(vol, n, render.SolidSDF(testShape)); err != nil {
		b.Fatal(err)
	}
	return vol
}

// bunnyVolume bakes the exact SDF of the bunny mesh (assets.Bunny,
// normalised) at 128³, the cost of a finer exact bake, and interpolates it
// trilinearly to 256³.
func bunnyVolume(b testing.TB) []float32 {
	m, err := mesh.Decode(bytes.NewReader(assets.Bunny), "bunny.obj")
	if err != nil {
		b.Fatal(err)
	}
	mesh.Normalize(m)
	tree, err := dist.New(m)
	if err != nil {
		b.Fatal(err)
	}
	const c = 128
	coarse := make([]float32, c*c*c)
	var bk Baker
	if err := bk.Bake(coarse, c, func(d, _, p []float32) { tree.SignedBatch(d, p, 1) }); err != nil {
		b.Fatal(err)
	}
	const n = 256
	vol := make([]float32, n*n*n)
	at := func(i, j, k int) float32 { return coarse[i+c*(j+c*k)] }
	scale := float64(c-1) / float64(n-1)
	for z := range n {
		for y := range n {
			for x := range n {
				var i [3]int
				var f [3]float32
				for a, q := range [3]int{x, y, z} {
					u := float64(q) * scale
					i[a] = min(int(u), c-2)
					f[a] = float32(u - float64(i[a]))
				}
				lerp := func(p, q, t float32) float32 { return p + (q-p)*t }
				x0, y0, z0 := i[0], i[1], i[2]
				c00 := lerp(at(x0, y0, z0), at(x0+1, y0, z0), f[0])
				c10 := lerp(at(x0, y0+1, z0), at(x0+1, y0+1, z0), f[0])
				c01 := lerp(at(x0, y0, z0+1), at(x0+1, y0, z0+1), f[0])
				c11 := lerp(at(x0, y0+1, z0+1), at(x0+1, y0+1, z0+1), f[0])
				vol[x+n*(y+n*z)] = lerp(lerp(c00, c10, f[1]), lerp(c01, c11, f[1]), f[2])
			}
		}
	}
	return vol
}

// modelFromEnv loads the SDF snapshot named by NEURBF_VIEW_MODEL, or skips.
func modelFromEnv(b *testing.B) *field.Model {
	path := os.Getenv("NEURBF_VIEW_MODEL")
	if path == "" {
		b.Skip("set NEURBF_VIEW_MODEL to an SDF snapshot")
	}
	m, _, err := field.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkBakeModel measures baking the snapshot named by
// NEURBF_VIEW_MODEL at NEURBF_VIEW_BAKE³ (default 64) the way the viewer
// does (narrow band), reporting lattice points per second and the model
// evaluations per lattice point.
func BenchmarkBakeModel(b *testing.B) {
	m := modelFromEnv(b)
	n := 64
	if s := os.Getenv("NEURBF_VIEW_BAKE"); s != "" {
		if _, err := fmt.Sscan(s, &n); err != nil {
			b.Fatalf("NEURBF_VIEW_BAKE=%q: %v", s, err)
		}
	}
	vol := make([]float32, n*n*n)
	var bk Baker
	var evals int64
	b.ResetTimer()
	for range b.N {
		e, err := bakeModel(&bk, vol, n, m)
		if err != nil {
			b.Fatal(err)
		}
		evals += e
	}
	b.ReportMetric(float64(b.N*n*n*n)/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(float64(evals)/float64(b.N*n*n*n), "evals/point")
}

// BenchmarkSDFFrameModel measures 800×600 frames of the snapshot named by
// NEURBF_VIEW_MODEL baked at 256³.
func BenchmarkSDFFrameModel(b *testing.B) {
	needGL(b)
	m := modelFromEnv(b)
	const n = 256
	vol := make([]float32, n*n*n)
	var bk Baker
	if _, err := bakeModel(&bk, vol, n, m); err != nil {
		b.Fatal(err)
	}
	benchFrames(b, vol, n, 800, 600)
}
