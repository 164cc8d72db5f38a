//go:build viewer

package viewer

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/render"
)

// benchFrames measures one ray-marched w×h frame of vol (n³) from the
// default camera (draw plus glFinish), shade mode.
func benchFrames(b *testing.B, vol []float32, n, w, h int) {
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
	var total time.Duration
	onMain(func() {
		tg.Bind()
		v.Draw(testWindow, w, h) // warm up: shader and texture upload
		gl.Finish()
		b.ResetTimer()
		t0 := time.Now()
		for range b.N {
			v.Draw(testWindow, w, h)
			gl.Finish()
		}
		total = time.Since(t0)
	})
	b.ReportMetric(float64(b.N)/total.Seconds(), "frames/s")
}

// BenchmarkSDFFrame measures frames of the analytic torus baked at 256³
// at the window's default size and at the half size drawn while the
// camera moves.
func BenchmarkSDFFrame(b *testing.B) {
	const n = 256
	vol := make([]float32, n*n*n)
	var bk Baker
	if err := bk.Bake(vol, n, render.SolidSDF(testShape)); err != nil {
		b.Fatal(err)
	}
	for _, s := range [][2]int{{800, 600}, {400, 300}} {
		b.Run(fmt.Sprintf("%dx%d", s[0], s[1]), func(b *testing.B) { benchFrames(b, vol, n, s[0], s[1]) })
	}
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
	m := modelFromEnv(b)
	const n = 256
	vol := make([]float32, n*n*n)
	var bk Baker
	if _, err := bakeModel(&bk, vol, n, m); err != nil {
		b.Fatal(err)
	}
	benchFrames(b, vol, n, 800, 600)
}
